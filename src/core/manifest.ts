/** manifest.json: what a build wrote. A public interface (README: What you get). */
import type { Warning } from './warning.js'

/** A deck of a notes file: its recap (index.html) or one talk's. */
export type DeckKind = 'recap' | 'talk'

/** What became of a picture the notes show: copied, not found, at a URL (never downloaded), or not a picture bbl can decode. */
export type ImageStatus = 'ok' | 'missing' | 'remote' | 'unreadable'

export interface DeckEntry {
  kind: DeckKind
  file: string
  title: string
  slug?: string
  slides: number
  speakers: string[]
  company?: string
  lang?: string
  highlight?: boolean
}

export interface PdfEntry {
  kind: 'slides' | 'handout' | 'talk'
  file: string
  pages: number
  title?: string
  /** What the file was made from (its deck, bbl's version, its options): a later run keeps the file while it is the same. */
  hash?: string
  /** The handout's slides per page and paper. */
  layout?: 1 | 2 | 3 | 6
  paper?: 'a4' | 'letter'
}

/** A PowerPoint file bbl pptx made: of the recap deck or of a talk's deck, one PowerPoint slide per deck slide. */
export interface PptxEntry {
  kind: DeckKind
  file: string
  slides: number
  title?: string
  /** What the file was made from (see PdfEntry.hash). */
  hash?: string
}

/** The slide pictures bbl images made of one deck: `slides/001.png`… and the deck's `<deck>.thumb.webp`. */
export interface SlidePicturesEntry {
  /** The deck's file: `index.html` or `<talk-slug>.html`. */
  deck: string
  format: 'png' | 'webp' | 'jpeg'
  scale: number
  /** Every picture, in slide order, relative to the notes' folder. */
  files: string[]
  thumb: string
  /** What the pictures were made from (see PdfEntry.hash). */
  hash?: string
}

export interface Manifest {
  bbl: string
  title: string
  source: string
  author?: string
  date?: string
  lang: string
  theme: string
  decks: DeckEntry[]
  images: Array<{
    source: string
    file?: string
    output?: string
    missing: boolean
    status: ImageStatus
    /** Slide photos with --photos auto: straightened or left alone, and how sure the screen detection was. */
    photo?: { corrected: boolean; confidence: number; original?: string }
  }>
  pdfs: PdfEntry[]
  /** Present once bbl pptx has made them. */
  pptx?: PptxEntry[]
  /** Present once bbl images has made them. */
  slidePictures?: SlidePicturesEntry[]
  warnings: Warning[]
}
