/** PDF objects as src/pdf/file.ts reads and writes them: just what an incremental update needs (PDF 1.7, 7.3). */

export interface Ref {
  kind: 'ref'
  num: number
  gen: number
}
/** Names, numbers, strings, booleans, null: kept as written (strings byte for byte). */
export interface Atom {
  kind: 'atom'
  raw: string
}
export interface Arr {
  kind: 'array'
  items: Value[]
}
export type Entries = Array<[string, Value]>
export interface Dict {
  kind: 'dict'
  entries: Entries
}
export type Value = Ref | Atom | Arr | Dict

export const atom = (raw: string): Atom => ({ kind: 'atom', raw })
export const arr = (items: Value[]): Arr => ({ kind: 'array', items })
export const dict = (entries: Entries): Dict => ({ kind: 'dict', entries })
export const get = (d: Dict, key: string): Value | undefined => d.entries.find(([k]) => k === key)?.[1]
export const num = (n: number) => String(Math.round(n * 1000) / 1000)

/** A text string: UTF-16BE with its byte order mark, in hex (PDF 1.7, 7.9.2.2). */
export function text(s: string): Atom {
  let hex = '<FEFF'
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase()
  return atom(`${hex}>`)
}

/** D:YYYYMMDDHHmmSS+00'00', as Chrome writes it (same length, so it can be patched in place). */
export function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `(D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00')`
}

export function serialize(v: Value): string {
  switch (v.kind) {
    case 'ref':
      return `${v.num} ${v.gen} R`
    case 'atom':
      return v.raw
    case 'array':
      return `[${v.items.map(serialize).join(' ')}]`
    case 'dict':
      return `<<${v.entries.map(([k, x]) => `${k} ${serialize(x)}`).join('\n')}>>`
  }
}
