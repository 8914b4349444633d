/**
 * The slide plan's types: what src/slides/plan.ts decides for each deck, what
 * src/slides/fit.ts measures and src/slides/render.ts writes. Plain data.
 */
import type { Talk } from '../notes/conference.js'
import type { Labels } from '../notes/lang.js'
import type { Footnote } from '../notes/model.js'
import type { MediaTable } from './players.js'

/** What the build knows of a picture the notes reference. */
export interface ImageAsset {
  /** The reference as the converter wrote it (imagesdir + target). */
  src: string
  target: string
  status: 'ok' | 'missing' | 'remote' | 'unreadable'
  /** Path inside the deck folder, for 'ok'. */
  output?: string
  width?: number
  height?: number
  /** The photo as taken, when `output` is its straightened slide (--photos auto). */
  original?: string
  /** Whether bbl looked for a screen in this slide photo, and what it found (for the manifest). */
  photo?: { corrected: boolean; confidence: number }
}

import type { Tone } from './contrast.js'

export type ImageTable = ReadonlyMap<string, ImageAsset>

export interface Figure {
  image: ImageAsset
  alt: string
  caption?: string
  /** The title of a paragraph of several inline images, shown once per slide. */
  groupCaption?: string
}

interface SlideBase {
  /** The notes' line the slide's content starts at, when known (messages). */
  line?: number
  /**
   * Anchor for reveal.js links (#/id): the id Asciidoctor gave the slide's section
   * (on the first slide made from it), or one of bbl's own (BBL_IDS), which no
   * section id can be.
   */
  id?: string
  /** The talk's or topic's slug, on the slide that opens it (the handout groups by it). */
  ref?: string
  /** More section ids that land here: a topic with no text of its own shares its first part's slide. */
  anchors?: string[]
  classes: string[]
  /** data-* attributes (background images...). */
  attrs: Record<string, string>
  notes: string[]
}

/** Text that is split over as many slides as it needs; all slides of one `group` are numbered together. */
export interface FlowSlide extends SlideBase {
  type: 'flow'
  kicker: string
  title: string
  group: string
  blocks: string[]
  /** Footnotes the blocks reference: each slide shows, at its foot, those of its own blocks. */
  footnotes?: Footnote[]
}

export interface FixedSlide extends SlideBase {
  type: 'fixed'
  /** Inner HTML of the slide box. */
  html: string
}

export type SlideSpec = FlowSlide | FixedSlide

/** A horizontal slide and the vertical slides under it. */
export interface Stack {
  slides: SlideSpec[]
}

export interface DeckPlan {
  kind: 'recap' | 'talk'
  /** File name inside the notes' output folder. */
  file: string
  title: string
  lang: string
  talk?: Talk
  stacks: Stack[]
}

export interface PlanOptions {
  labels: Labels
  images: ImageTable
  /** Video and audio files; none when the notes play nothing. */
  media?: MediaTable
  /** Talk slugs to build decks for; all when undefined. */
  talks?: ReadonlySet<string>
  /** The tone of each background picture, by its path in the deck folder (text colours follow it). */
  tones?: ReadonlyMap<string, Tone>
}

/**
 * Ids of bbl's own slides. Asciidoctor makes section ids from letters, digits,
 * `_`, `-`, `.` and `:` (explicit ones too, unless written as `[id=...]`): a `~`
 * keeps bbl's apart from any section's, so a section titled "Title" keeps `_title`.
 */
export const BBL_IDS = { cover: 'bbl~title', agenda: 'bbl~agenda', end: 'bbl~end' } as const
/** Class of the slides that open an entry of the PDF outline (a talk, a topic, bbl's own slides). */
export const MARK = 'bbl-mark'
/** Class of the slides whose section hides its title (`== !`, `[%notitle]`, `[%conceal]`). */
export const NO_TITLE = 'bbl-notitle'
