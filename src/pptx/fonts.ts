/**
 * The fonts a PowerPoint file is laid out for. A deck's own fonts (Source Sans 3,
 * JetBrains Mono) are on few machines; a PowerPoint client without them
 * substitutes a wider font and lines wrap where the slide has no room. So the
 * PowerPoint file names fonts every client has — Calibri for text, Courier New
 * for code (Office, Google Slides; LibreOffice maps them to Carlito and
 * Liberation Mono) — and the deck is measured in the browser with Carlito and
 * Cousine, free fonts with the same metrics: each word is as wide in the
 * browser as in the client. The fonts come from @fontsource (SIL OFL), read
 * here once and given to the page as bytes (no file or network request).
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { MetricFaceData } from '../page/contract.js'

export type MetricFace = MetricFaceData

const PACKAGES = { text: '@fontsource/carlito', mono: '@fontsource/cousine' } as const
const STYLES = ['400', '400-italic', '700', '700-italic']

const require = createRequire(import.meta.url)

/** A fontsource CSS file's faces: style, weight, unicode range and WOFF2 file. */
export function facesOf(css: string): Array<{ style: string; weight: string; unicodeRange: string; file: string }> {
  return [...css.matchAll(/@font-face\s*{([^}]*)}/g)].flatMap((m) => {
    const body = m[1]!
    const get = (name: string) => new RegExp(`${name}:\\s*([^;]+);`).exec(body)?.[1]?.trim()
    const file = /url\(([^)]+\.woff2)\)/.exec(body)?.[1]
    const style = get('font-style')
    const weight = get('font-weight')
    if (!file || !style || !weight) return []
    return [{ style, weight, unicodeRange: get('unicode-range') ?? 'U+0-10FFFF', file }]
  })
}

let loading: Promise<MetricFace[]> | undefined

/** Every face of Carlito and Cousine (regular, italic, bold, bold italic; every subset), read once. */
export function metricFaces(): Promise<MetricFace[]> {
  loading ??= Promise.all(
    (Object.keys(PACKAGES) as Array<keyof typeof PACKAGES>).flatMap((kind) => {
      const dir = path.dirname(require.resolve(`${PACKAGES[kind]}/package.json`))
      return STYLES.map(async (s) => {
        const faces = facesOf(await readFile(path.join(dir, `${s}.css`), 'utf8'))
        return Promise.all(
          faces.map(async (f) => ({ kind, style: f.style, weight: f.weight, unicodeRange: f.unicodeRange, data: (await readFile(path.join(dir, f.file))).toString('base64') })),
        )
      })
    }),
  ).then((all) => all.flat())
  return loading
}
