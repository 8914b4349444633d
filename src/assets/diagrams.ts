/**
 * Diagrams drawn at build time into static SVG (the blocks src/notes/diagrams.ts
 * marks): Graphviz as WebAssembly in Node (@hpcc-js/wasm-graphviz), Mermaid in a
 * page of bbl's browser with Mermaid's own package from node_modules
 * (src/page/mermaid.js). Either is loaded only when the notes have a diagram of
 * its kind, and nothing is fetched: the page may load no file at all.
 *
 * The deck gets the SVG inline, with the source as its text alternative, and no
 * script: opened later, it draws nothing. A diagram whose source is not valid
 * stays as written (its source, in a listing) with a warning on its line.
 * SVG as drawn is kept in the output folder's cache by content (kind, library
 * version, font, source): a rebuild opens no page for diagrams it has drawn
 * before. What bbl does to it for the slide (src/assets/diagram-svg.ts) is done on every build.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { BrowserManager } from '../browser/manager.js'
import { withTimeout } from '../browser/clocks.js'
import { assetsDir, pageScriptFile } from '../core/paths.js'
import { decodeEntities } from '../core/text.js'
import type { DiagramKind } from '../notes/diagrams.js'
import { DIAGRAM_CLASS } from '../notes/diagrams.js'
import type { NotesDoc, Warning } from '../notes/model.js'
import type { InDrawingPage, MermaidJob, MermaidResult } from '../page/contract.js'
import { CacheStore } from '../cache/store.js'
import { mapHtml } from './icons.js'
import { diagramFigure, errorPlace, tooTall } from './diagram-svg.js'

const require = createRequire(import.meta.url)

/** The font diagrams are drawn in: bundled, and loaded by every deck whatever the theme. */
export const DIAGRAM_FONT = "'Source Sans 3', sans-serif"

/** A marked block: its id, classes, kind, line, title and (escaped) source. */
const MARKED = new RegExp(
  `<div(?: id="([^"]*)")? class="listingblock ${DIAGRAM_CLASS}([^"]*)" data-diagram="(mermaid|graphviz)"(?: data-line="(\\d+)")?>` +
    '(<div class="title">[\\s\\S]*?</div>)?<div class="content"><pre>([\\s\\S]*?)</pre></div></div>',
  'g',
)

interface Diagram {
  kind: DiagramKind
  source: string
  line?: number
}

export interface DrawOptions {
  browser: BrowserManager
  /** Folder of drawn diagrams kept across builds; none kept without it. */
  cacheDir?: string
  debug?: (msg: string) => void
}

export interface DrawnDiagrams {
  doc: NotesDoc
  warnings: Warning[]
  /** Cache keys of the diagrams these notes use (pruning keeps them). */
  cacheKeys: Set<string>
}

/** A copy of `doc` with every marked diagram drawn as inline SVG, or left as its source with a warning. */
export async function drawDiagrams(doc: NotesDoc, o: DrawOptions): Promise<DrawnDiagrams> {
  const found = new Map<string, Diagram>()
  mapHtml(doc, (html) => {
    for (const m of html.matchAll(MARKED)) {
      const d: Diagram = { kind: m[3] as DiagramKind, source: decodeEntities(m[6]!), ...(m[4] ? { line: Number(m[4]) } : {}) }
      found.set(keyOf(d), d)
    }
    return html
  })
  if (found.size === 0) return { doc, warnings: [], cacheKeys: new Set() }
  const t0 = Date.now()
  const drawn = await drawAll(found, o)
  o.debug?.(`${found.size} diagram(s) drawn in ${Date.now() - t0} ms`)
  const { figures, warnings } = figuresOf(found, drawn)
  const rewrite = (html: string) =>
    html.replace(MARKED, (whole, id: string | undefined, roles: string, kind: DiagramKind, line: string | undefined, title: string | undefined, source: string) => {
      const svg = figures.get(keyOf({ kind, source: decodeEntities(source), ...(line ? { line: Number(line) } : {}) }))
      if (!svg) return whole
      return `<div${id ? ` id="${id}"` : ''} class="bbl-diagram${roles}" data-diagram="${kind}">${title ?? ''}<div class="content">${svg}</div></div>`
    })
  return { doc: mapHtml(doc, rewrite), warnings, cacheKeys: new Set([...drawn].filter(([, r]) => 'svg' in r).map(([k]) => cacheKeyOf(found.get(k)!))) }
}

/** Each drawn diagram's SVG for the slide, by key; a warning for each that could not be drawn or is too tall to read. */
function figuresOf(found: Map<string, Diagram>, drawn: Map<string, Drawn>): { figures: Map<string, string>; warnings: Warning[] } {
  const figures = new Map<string, string>()
  const warnings: Warning[] = []
  for (const [key, d] of found) {
    const r = drawn.get(key)!
    const at = d.line !== undefined ? { line: d.line } : {}
    if ('error' in r) {
      warnings.push({ code: 'DIAGRAM', ...errorPlace({ kind: d.kind, error: r.error, source: d.source, ...(d.line !== undefined ? { blockLine: d.line } : {}) }) })
      continue
    }
    const figure = diagramFigure({ kind: d.kind, svg: r.svg, source: d.source, id: cacheKeyOf(d).slice(0, 12) })
    figures.set(key, figure.svg)
    if (tooTall(figure)) {
      warnings.push({ code: 'DIAGRAM', ...at, message: `[${d.kind}] diagram is ${Math.round(figure.height)} px tall: shrunk to fit the slide, its labels are hard to read; lay it out sideways (graphviz rankdir=LR, mermaid graph LR) or split it` })
    }
  }
  return { figures, warnings }
}

/** The same source at another line is another warning, so the line is part of a found diagram's identity. */
const keyOf = (d: Diagram) => `${d.kind}\u0000${d.line ?? ''}\u0000${d.source}`

/** Where each library's package is (@hpcc-js/wasm-graphviz exports no package.json: found from its entry, in dist/). */
const packageDir = (kind: DiagramKind): string =>
  kind === 'mermaid' ? path.dirname(require.resolve('mermaid/package.json')) : path.dirname(path.dirname(require.resolve('@hpcc-js/wasm-graphviz')))

const versions: Partial<Record<DiagramKind, string>> = {}
function libraryVersion(kind: DiagramKind): string {
  versions[kind] ??= (JSON.parse(readFileSync(path.join(packageDir(kind), 'package.json'), 'utf8')) as { version: string }).version
  return versions[kind]!
}

/** What a drawing depends on: the kind, the library's version, the font, and the source (not its line). */
function cacheKeyOf(d: Diagram): string {
  return createHash('sha256').update(`${d.kind}\u0000${libraryVersion(d.kind)}\u0000${DIAGRAM_FONT}\u0000${d.source}`).digest('hex')
}

type Drawn = { svg: string } | { error: string }

/** Each found diagram drawn (from the cache when it was drawn before), by its key. */
async function drawAll(found: Map<string, Diagram>, o: DrawOptions): Promise<Map<string, Drawn>> {
  const cache = new CacheStore(o.cacheDir)
  const out = new Map<string, Drawn>()
  const todo: Array<[string, Diagram]> = []
  for (const [key, d] of found) {
    const kept = await cache.get(`${cacheKeyOf(d)}.svg`)
    if (kept) out.set(key, { svg: kept.toString('utf8') })
    else todo.push([key, d])
  }
  const graphviz = todo.filter(([, d]) => d.kind === 'graphviz')
  const mermaid = todo.filter(([, d]) => d.kind === 'mermaid')
  if (graphviz.length) for (const [key, r] of await drawGraphviz(graphviz)) out.set(key, r)
  if (mermaid.length) for (const [key, r] of await drawMermaid(mermaid, o.browser)) out.set(key, r)
  for (const [key, d] of todo) {
    const r = out.get(key)!
    if ('svg' in r) await cache.put(`${cacheKeyOf(d)}.svg`, r.svg)
  }
  return out
}

let graphvizEngine: Promise<{ dot(source: string): string }> | undefined

async function drawGraphviz(todo: Array<[string, Diagram]>): Promise<Map<string, Drawn>> {
  graphvizEngine ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load())
  const gv = await graphvizEngine
  const out = new Map<string, Drawn>()
  for (const [key, d] of todo) {
    try {
      out.set(key, { svg: gv.dot(d.source) })
    } catch (e) {
      // Graphviz throws its own message for a source it cannot read ("syntax error in line 2 near '}'").
      out.set(key, { error: String((e as Error).message ?? e).trim() })
    }
  }
  return out
}

/** The bundled font as data: URLs, for the drawing page, which may load no file. */
async function fontFaces(): Promise<string> {
  const face = async (weight: number) => {
    const file = path.join(assetsDir, 'fonts', `source-sans-3-latin-${weight}-normal.woff2`)
    const data = (await readFile(file)).toString('base64')
    return `@font-face { font-family: 'Source Sans 3'; font-weight: ${weight}; src: url(data:font/woff2;base64,${data}) format('woff2'); }`
  }
  return (await Promise.all([face(400), face(700)])).join('\n')
}

/** Mermaid diagrams drawn in one page of bbl's browser, which is closed after. */
async function drawMermaid(todo: Array<[string, Diagram]>, browser: BrowserManager): Promise<Map<string, Drawn>> {
  // The page's jail is Mermaid's own folder: it needs no file, and nothing else may load.
  const page = await browser.page(packageDir('mermaid'))
  try {
    const results = await withTimeout(
      (async () => {
        await page.setContent(`<!doctype html><html><head><style>${await fontFaces()}</style></head><body></body></html>`)
        await page.addScriptTag({ path: path.join(packageDir('mermaid'), 'dist', 'mermaid.min.js') })
        await page.addScriptTag({ path: pageScriptFile('mermaid') })
        // Ids from the content: Mermaid's <style> and arrow markers name them, and decks join diagrams drawn in different builds.
        const jobs: MermaidJob[] = todo.map(([, d]) => ({ id: `bbl-m-${cacheKeyOf(d).slice(0, 12)}`, source: d.source }))
        return (await page.evaluate(
          async (font, batch) => {
            const api = (window as unknown as InDrawingPage).bblMermaid
            await api.ready(font)
            return api.draw(batch)
          },
          DIAGRAM_FONT,
          jobs,
        )) as MermaidResult[]
      })(),
      browser.timeoutMs,
      'drawing the Mermaid diagrams',
    )
    return new Map(todo.map(([key], i): [string, Drawn] => [key, results[i]!]))
  } finally {
    await page.close().catch(() => undefined)
  }
}
