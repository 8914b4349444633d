/**
 * What the page scripts find in the page: reveal.js (loaded before them by the
 * deck) and its plugins, and what pdf-page.js adds. Only for type-checking
 * src/page/*.js (tsconfig.page.json).
 */
import type { CutApi, MermaidApi, PaginateApi, PdfPageApi, PptxFontsApi, PptxPageApi, PptxReadApi } from './contract.js'

declare global {
  /** The part of reveal.js's API bbl's page scripts use. */
  interface RevealApi {
    initialize(config: Record<string, unknown>): Promise<unknown>
    isReady(): boolean
    getIndices(): { h: number; v: number; f?: number }
    getConfig(): { hashOneBasedIndex?: boolean; width?: number | string; height?: number | string }
    on(event: string, handler: () => void): void
  }
  type RevealPlugin = () => { id: string; hljs?: { highlightElement(el: Element): void } }

  const Reveal: RevealApi
  /** The part of Mermaid's API (mermaid.min.js, loaded before src/page/mermaid.js) the drawing page uses. */
  interface MermaidLib {
    initialize(config: Record<string, unknown>): void
    render(id: string, source: string): Promise<{ svg: string }>
  }
  interface Window {
    Reveal?: RevealApi
    RevealNotes?: RevealPlugin
    RevealHighlight?: RevealPlugin
    bblPdf?: PdfPageApi
    bblPptx?: PptxPageApi
    bblPptxRead?: PptxReadApi
    bblPptxFonts?: PptxFontsApi
    bbl?: PaginateApi
    bblCut?: CutApi
    mermaid?: MermaidLib
    bblMermaid?: MermaidApi
    /** Set before a deck's scripts run: reveal.js starts once it settles (src/page/deck.js). */
    bblHoldDeck?: Promise<unknown>
    /** Settles bblHoldDeck (set with it). */
    bblStartDeck?: () => void
  }
}
