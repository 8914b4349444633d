/** What a build is asked to do and what it gives back (src/build/build.ts, src/build/reuse.ts). */
import type { Manifest } from '../core/manifest.js'
import type { Conference } from '../notes/conference.js'
import type { Brand, Fitted } from '../slides/render.js'
import type { DeckPlan, SlideSpec } from '../slides/spec.js'
import type { OutputHasher } from './carry-over.js'

export interface BuildOptions {
  inputs: string[]
  outDir: string
  talk?: string
  theme: string
  /** Whether --theme (or the project file) chose the theme: it then wins over a plain deck's `:revealjs_theme:`. */
  themeChosen?: boolean
  /** The browser the run was told to use (--browser): part of what an unchanged rebuild must match. */
  browser?: string
  strict: boolean
  cwd: string
  /** Keep pictures' EXIF/XMP/IPTC (location, device); removed by default. */
  keepMetadata?: boolean
  /** Let decks load from the network when opened: no Content-Security-Policy. */
  allowRemote?: boolean
  /** Conference notes or a plain deck; decided from the notes when undefined. */
  as?: 'deck' | 'notes'
  /** Straighten photos of projected slides (default auto); off leaves every picture as today. */
  photos?: 'auto' | 'off'
  /** Attributes set from outside the notes (`-a name=value`). */
  attributes?: Record<string, string>
  /** The folder the notes may include files from (`--root`, absolute). */
  root?: string
}

export interface BuiltNotes {
  name: string
  dir: string
  manifest: Manifest
  /** The plans behind the decks (PDF export reuses them). */
  decks: DeckPlan[]
  /** How each slide was fitted (the handout renders the same slides). */
  fitted: (spec: SlideSpec) => Fitted
  conference: Conference
  /** The decks' logo and footer (the handout's pages show the footer too). */
  brand?: Brand
  /** The line of the notes' first passthrough script: a deck whose slides change when it loads is blamed on it. */
  scriptLine?: number
  /** The hash an output of a deck records (src/build/carry-over.ts). */
  hashOf: OutputHasher
}
