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

/** A rectangle in CSS pixels, from its slide's top left corner (pptx-page.js). */
export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** A piece of text in one style, as the browser drew it. */
export interface TextRun {
  text: string
  /** The first family of the element's font stack ('Source Sans 3'). */
  font: string
  /** The stack's generic family is monospace (code). */
  mono: boolean
  /** CSS pixels. */
  size: number
  /** RRGGBB. */
  color: string
  bold: boolean
  italic: boolean
  underline: boolean
  strike: boolean
  sup: boolean
  sub: boolean
  /** A link to the web or a mail address. */
  link?: string
  /** A link to a slide of the deck (1 for the first): the agenda's links to the talks. */
  slide?: number
  /** A line break follows this run (<br>, a line of a listing). */
  br?: boolean
  /** CSS letter-spacing, pixels, when not 0. */
  spacing?: number
}

/** A list item's marker: a character (•, ◦, ▪) or a number in a list style. */
export type Bullet =
  | { type: 'char'; level: number; char: string }
  | { type: 'number'; level: number; n: number; style: 'decimal' | 'lower-alpha' | 'upper-alpha' | 'lower-roman' | 'upper-roman' }

/** A block of text: a title, a paragraph, a list item's own text, a table cell, a listing, a caption. */
export interface TextItem extends Box {
  kind: 'text'
  role: 'title' | 'paragraph' | 'item' | 'cell' | 'code' | 'caption'
  runs: TextRun[]
  align: 'left' | 'center' | 'right' | 'justify'
  /** CSS line height, pixels. */
  lineHeight: number
  rtl: boolean
  bullet?: Bullet
  /** The document's or the block's language (BCP 47), for spelling. */
  lang: string
}

/** A picture file of the deck folder (a photo, a PNG/JPEG/GIF image), drawn at `Box`. */
export interface PictureItem extends Box {
  kind: 'picture'
  /** The file as the page loaded it (file: or data: URL). */
  src: string
  alt: string
}

/** What has no PowerPoint equivalent (math, SVG, a video's frame, an iframe): a screenshot of it. */
export interface ShotItem extends Box {
  kind: 'shot'
  /** Which of the deck's `shots`. */
  shot: number
  alt: string
}

/** A filled rectangle behind text: a listing's or a table header's background, a border side, a rule. */
export interface ShapeItem extends Box {
  kind: 'shape'
  /** RRGGBB. */
  fill: string
  /** 0 (opaque) to 1. */
  alpha: number
  radius: number
}

export type SlideItem = TextItem | PictureItem | ShotItem | ShapeItem

/** One deck slide as drawn in the print layout, what PowerPoint needs to redraw it. */
export interface MeasuredSlide {
  /** RRGGBB colour, or a screenshot of the slide's background (a gradient, a picture) with nothing on it. */
  background: { color: string; shot?: number }
  /** In paint order. */
  items: SlideItem[]
  /** The speaker notes, a paragraph per line. */
  notes: string[]
}

/** A part of the page to take a picture of: `clip` in page coordinates; `bare`: with what it holds hidden (a background). */
export interface ShotSpec {
  id: number
  clip: { x: number; y: number; width: number; height: number }
  bare: boolean
  /** What it shows (a gradient at a size), when another deck's page may show the same: Node takes it once. */
  key?: string
  /** jpeg for backgrounds (gradients, photos), png for what has sharp edges (SVG, math). */
  format: 'png' | 'jpeg'
}

export interface MeasuredDeck {
  width: number
  height: number
  lang: string
  slides: MeasuredSlide[]
  shots: ShotSpec[]
}

/** How a text run is decorated (CSS text-decoration and vertical-align). */
export interface Deco {
  underline: boolean
  strike: boolean
  sup: boolean
  sub: boolean
}

/** What src/page/pptx-read.js adds to the page, as `window.bblPptxRead`, for pptx-page.js. */
export interface PptxReadApi {
  /** A CSS colour as the browser paints it: RRGGBB and opacity. */
  colour(css: string): { hex: string; alpha: number }
  visible(el: Element): boolean
  /** Laid out as a block (not inline, not `contents`, shown). */
  blockish(cs: CSSStyleDeclaration): boolean
  family(stack: string): { font: string; mono: boolean }
  /** The text of a pseudo-element's computed `content`. */
  pseudoText(content: string, el?: Element): string
  /** A run of text in `cs`'s font and colour; undefined when it would not show. */
  run(cs: CSSStyleDeclaration, text: string, deco: Deco, target?: { link?: string; slide?: number }): TextRun | undefined
  /** What a replaced element says, for the alt text of its picture. */
  altOf(el: Element): string
  /** The list marker of a block that starts a list item. */
  bulletOf(el: Element, section: Element): Bullet | undefined
  roleOf(el: Element): TextItem['role']
  /** A slide's speaker notes as lines. */
  notesOf(section: Element): string[]
  /** How many characters of a text node show left of `right` (a block cut with an ellipsis). */
  shownLength(node: Text, right: number): number
  /** A number hanging left of its block, taken out of `runs` as a list number. */
  hangingNumber(cs: CSSStyleDeclaration, runs: TextRun[]): Bullet | undefined
  /** Whether a block's lines flow around a float or an inline box taller than a line and a half (`kinds`: elements not drawn, elements drawn as pictures). */
  flowsAround(el: Element, cs: CSSStyleDeclaration, kinds: { skip: Set<string>; replaced: Set<string> }): boolean
  /** What a block's background picture says in alternate text. */
  backgroundAlt(cs: CSSStyleDeclaration): string
  /** Adds a run to a block's runs, white space collapsed across elements. */
  push(runs: TextRun[], r: TextRun | undefined): void
  /** A block's runs without the spaces at their ends. */
  trim(runs: TextRun[]): TextRun[]
}

/** What src/page/pptx-page.js adds to the page, as `window.bblPptx`. */
export interface PptxPageApi {
  measure(): MeasuredDeck
  /** Hide (or show again) what a `bare` shot's element holds. */
  bare(id: number, on: boolean): void
}

/** A face of a font with the metrics of one a PowerPoint file names (src/pptx/fonts.ts), for the page's FontFace. */
export interface MetricFaceData {
  /** Which deck fonts it stands in for: text, or code (monospace). */
  kind: 'text' | 'mono'
  style: string
  weight: string
  unicodeRange: string
  /** The WOFF2 file, base64. */
  data: string
}

/** What src/page/pptx-fonts.js adds to the page, as `window.bblPptxFonts`. */
export interface PptxFontsApi {
  /** The indices of the faces the slides need: of their fonts' kinds, with characters they show. */
  facesNeeded(faces: Array<Pick<MetricFaceData, 'kind' | 'unicodeRange'>>): number[]
  /** Sets the slides' fonts in their metric-compatible stand-ins (facesNeeded first); returns the deck families replaced. */
  useMetricFonts(faces: MetricFaceData[]): Promise<string[]>
}

/** The page's window once pptx-page.js ran. */
export interface InPptxPage {
  bblPptx: PptxPageApi
  bblPptxFonts: PptxFontsApi
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
  /** `short`: a paragraph cut so that one part has fewer lines than the least a part keeps (it moves on whole when it can). */
  fragment(el: Element, limit: number, mode: string, lang: string): { head: Element; tail: Element; units: number; short?: boolean } | null
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

/** A Mermaid diagram for the drawing page (src/page/mermaid.js): its source, and an id unique in the page. */
export interface MermaidJob {
  id: string
  source: string
}

/** A drawn diagram's SVG markup, or Mermaid's message when its source is not valid. */
export type MermaidResult = { svg: string } | { error: string }

/** What src/page/mermaid.js adds to the drawing page, as `window.bblMermaid`. */
export interface MermaidApi {
  /** Mermaid set up for static SVG in the given font, once that font is loaded. */
  ready(fontFamily: string): Promise<void>
  draw(jobs: MermaidJob[]): Promise<MermaidResult[]>
}

/** The drawing page's window once mermaid.js ran (for page.evaluate callbacks on the Node side). */
export interface InDrawingPage {
  bblMermaid: MermaidApi
}
