/**
 * What the scripts that run in the page (src/page/*.js) and Node agree on: the
 * values those scripts return to Node through page.evaluate(). The page scripts
 * import these types in their JSDoc; Node imports them as TypeScript. Types only:
 * nothing here runs, in either place.
 */

/** One printed page of a deck (pdf-page.js deckReady()): the slide's anchor, and a label for the outline. */
export interface SlideMark {
  /** The slide's anchor: talk covers, topics, agenda... start an outline entry. */
  id: string
  label: string
}

/** A piece of speaker notes as laid out in the handout, and its height in CSS pixels. */
export interface Chunk {
  html: string
  h: number
}

export interface Measures {
  /** The cover's title block, up to the list of talks. */
  coverHead: number
  /** One per cover entry (one per section). */
  toc: number[]
  /** One per section header. */
  heads: number[]
  /** Per slide: its notes cut into pieces that may go on different pages (blocks, list items). */
  chunks: Chunk[][]
}

/** What src/page/pdf-page.js adds to the page, as `window.bblPdf`. */
export interface PdfPageApi {
  deckReady(): Promise<SlideMark[]>
  fixLinks(prefix: string): void
  measureHandout(html: string): Promise<Measures>
  showHandout(html: string): Promise<void>
}

/** The page's window once pdf-page.js ran (for page.evaluate callbacks on the Node side). */
export interface InPage {
  bblPdf: PdfPageApi
}
