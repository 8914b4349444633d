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

/** A flowing slide to fill (paginate.js paginateFlow): its skeleton and the blocks to place, in order. */
export interface FlowJob {
  kind: 'flow'
  key: string
  skeleton: string
  blocks: string[]
  lang: string
}

/** A fixed slide (a cover, a photo) to fit (paginate.js fitFixed). */
export interface FixedJob {
  kind: 'fixed'
  key: string
  html: string
}

/** How a flowing slide was cut into pages: the blocks of each page; the pages whose content still overflows. */
export interface FlowResult {
  pages: string[][]
  overflow: number[]
}

/** How far a fixed slide's title stepped down to fit. */
export interface FixedResult {
  step: number
}

/** What src/page/cut.js adds to the measuring page, as `window.bblCut`, for paginate.js. */
export interface CutApi {
  /** Layout tolerance in px: a box fits when it overflows by less. */
  SLACK: number
  /** The element whose inline content is cut at sentence or line boundaries ('line' for a listing), if any. */
  textHost(el: Element): { host: Element; unit: string } | null
  /** The element whose children are the units (items, rows) a block is cut between, if any. */
  unitsParent(el: Element): Element | null
  /** Whether a child counts as a unit (not a block's title, caption or column group). */
  isUnit(el: Element): boolean
  /** `el` cut into a head ending above `limit` and a tail; null when no head fits. */
  fragment(el: Element, limit: number, mode: string, lang: string): { head: Element; tail: Element; units: number } | null
}

/** What src/page/paginate.js adds to the measuring page, as `window.bbl`. */
export interface PaginateApi {
  ready(): Promise<void>
  paginateFlow(job: Omit<FlowJob, 'kind' | 'key'> & Partial<FlowJob>): FlowResult
  fitFixed(job: Pick<FixedJob, 'html'> & Partial<FixedJob>): FixedResult
}

/** The measuring page's window once paginate.js ran (for page.evaluate callbacks on the Node side). */
export interface InMeasuringPage {
  bbl: PaginateApi
}
