/** Reading the few objects of Chrome's PDF that finishing it needs. */
import { arr, atom, type Dict, dict, type Entries, get, type Ref, type Value } from './pdf-objects.js'

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)))

export class PdfError extends Error {}

/**
 * Just enough of a PDF reader for Chrome's output: the cross-reference
 * tables (and any earlier ones), the trailer, and the dictionaries of the
 * catalog, page tree and information. Objects in object streams or
 * cross-reference streams (which Chrome does not write) are refused.
 */
export class PdfReader {
  readonly offsets = new Map<number, number>()
  readonly startxref: number
  readonly trailer: Dict
  readonly root: Ref
  readonly info?: Ref
  readonly size: number
  private readonly s: string
  private pos = 0

  constructor(private readonly bytes: Uint8Array) {
    this.s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
    const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(this.s.slice(-1024))
    if (!tail) throw this.error('no startxref at the end')
    this.startxref = Number(tail[1])
    let trailer: Dict | undefined
    const sections: Array<Map<number, number>> = []
    for (let at: number | undefined = this.startxref, n = 0; at !== undefined; n++) {
      if (n > 100) throw this.error('cross-reference sections loop')
      const { entries, trailer: t } = this.xref(at)
      sections.push(entries)
      trailer ??= t
      const prev = get(t, '/Prev')
      at = prev?.kind === 'atom' ? Number(prev.raw) : undefined
    }
    // Older sections first: the newest definition of an object wins.
    for (const section of sections.reverse()) for (const [k, v] of section) this.offsets.set(k, v)
    this.trailer = trailer!
    const root = get(this.trailer, '/Root')
    const info = get(this.trailer, '/Info')
    const size = get(this.trailer, '/Size')
    if (root?.kind !== 'ref' || size?.kind !== 'atom') throw this.error('the trailer has no /Root or /Size')
    this.root = root
    if (info?.kind === 'ref') this.info = info
    this.size = Number(size.raw)
  }

  private error(why: string): PdfError {
    return new PdfError(`unexpected PDF from the browser (${why}); bbl cannot add its outline and information to it`)
  }

  private xref(at: number): { entries: Map<number, number>; trailer: Dict } {
    this.pos = at
    if (this.token() !== 'xref') throw this.error('a cross-reference stream, not a table')
    const entries = new Map<number, number>()
    for (;;) {
      this.skip()
      if (this.s.startsWith('trailer', this.pos)) break
      const first = Number(this.token())
      const count = Number(this.token())
      if (!Number.isInteger(first) || !Number.isInteger(count)) throw this.error('a malformed cross-reference table')
      this.skip()
      for (let i = 0; i < count; i++) {
        const line = this.s.slice(this.pos, this.pos + 20)
        const m = /^(\d{10}) (\d{5}) ([nf])/.exec(line)
        if (!m) throw this.error('a malformed cross-reference entry')
        if (m[3] === 'n') entries.set(first + i, Number(m[1]))
        this.pos += 20
        this.skip()
      }
    }
    this.token()
    const trailer = this.value()
    if (trailer.kind !== 'dict') throw this.error('a trailer that is not a dictionary')
    return { entries, trailer }
  }

  /** The dictionary of object `ref` (a page, the catalog...). */
  dict(ref: Ref): Dict {
    const v = this.object(ref).value
    if (v.kind !== 'dict') throw this.error(`object ${ref.num} is not a dictionary`)
    return v
  }

  private object(ref: Ref): { value: Value; start: number } {
    const at = this.offsets.get(ref.num)
    if (at === undefined) throw this.error(`object ${ref.num} is not in the cross-reference table`)
    this.pos = at
    const n = this.token()
    this.token()
    if (Number(n) !== ref.num || this.token() !== 'obj') throw this.error(`object ${ref.num} is not where the table says`)
    this.skip()
    const start = this.pos
    return { value: this.value(), start }
  }

  /** Page objects in order, walking the page tree. */
  pages(catalog: Dict): Ref[] {
    const out: Ref[] = []
    const seen = new Set<number>()
    const walk = (ref: Value | undefined) => {
      if (ref?.kind !== 'ref' || seen.has(ref.num)) throw this.error('a broken page tree')
      seen.add(ref.num)
      const d = this.dict(ref)
      const type = get(d, '/Type')
      if (type?.kind === 'atom' && type.raw === '/Page') {
        out.push(ref)
        return
      }
      const kids = get(d, '/Kids')
      if (kids?.kind !== 'array') throw this.error('a page tree node without /Kids')
      for (const k of kids.items) walk(k)
    }
    walk(get(catalog, '/Pages'))
    return out
  }

  numbers(v: Value | undefined): number[] {
    return v?.kind === 'array' ? v.items.map((x) => (x.kind === 'atom' ? Number(x.raw) : NaN)) : []
  }

  /** A copy of the bytes with the /CreationDate and /ModDate of dictionary `ref` set to `date`, where the lengths match. */
  patchDates(ref: Ref, date: string): Uint8Array {
    const copy = Uint8Array.from(this.bytes)
    const { start } = this.object(ref)
    this.pos = start
    if (this.token() !== '<<') return copy
    for (;;) {
      this.skip()
      if (this.s.startsWith('>>', this.pos)) return copy
      const key = this.token()
      this.skip()
      const at = this.pos
      const v = this.value()
      if ((key === '/CreationDate' || key === '/ModDate') && v.kind === 'atom' && v.raw.length === date.length) {
        copy.set(Buffer.from(date, 'latin1'), at)
      }
    }
  }

  private skip(): void {
    for (;;) {
      const c = this.s.charCodeAt(this.pos)
      if (WHITE.has(c)) this.pos++
      else if (c === 0x25) {
        while (this.pos < this.s.length && this.s[this.pos] !== '\n' && this.s[this.pos] !== '\r') this.pos++
      } else return
    }
  }

  /** The next token: a delimiter (<< >> [ ]), a name, a string (raw), or a run of regular characters. */
  private token(): string {
    this.skip()
    const s = this.s
    const start = this.pos
    const c = s[start]
    if (c === undefined) throw this.error('unexpected end of file')
    if (s.startsWith('<<', start) || s.startsWith('>>', start)) {
      this.pos += 2
      return s.slice(start, this.pos)
    }
    if (c === '[' || c === ']') {
      this.pos++
      return c
    }
    if (c === '<') {
      const end = s.indexOf('>', start)
      if (end < 0) throw this.error('an unterminated hex string')
      this.pos = end + 1
      return s.slice(start, this.pos)
    }
    if (c === '(') {
      let depth = 0
      for (let i = start; i < s.length; i++) {
        const ch = s[i]
        if (ch === '\\') i++
        else if (ch === '(') depth++
        else if (ch === ')' && --depth === 0) {
          this.pos = i + 1
          return s.slice(start, this.pos)
        }
      }
      throw this.error('an unterminated string')
    }
    this.pos++
    while (this.pos < s.length) {
      const d = s.charCodeAt(this.pos)
      if (WHITE.has(d) || DELIM.has(d)) break
      this.pos++
    }
    return s.slice(start, this.pos)
  }

  private value(): Value {
    const t = this.token()
    if (t === '<<') {
      const entries: Entries = []
      for (;;) {
        this.skip()
        if (this.s.startsWith('>>', this.pos)) {
          this.pos += 2
          return dict(entries)
        }
        const key = this.token()
        if (!key.startsWith('/')) throw this.error(`a dictionary key that is not a name (${key.slice(0, 20)})`)
        entries.push([key, this.value()])
      }
    }
    if (t === '[') {
      const items: Value[] = []
      for (;;) {
        this.skip()
        if (this.s[this.pos] === ']') {
          this.pos++
          return arr(items)
        }
        items.push(this.value())
      }
    }
    if (/^\d+$/.test(t)) {
      // "12 0 R" is a reference.
      const save = this.pos
      const gen = this.token()
      if (/^\d+$/.test(gen) && this.token() === 'R') return { kind: 'ref', num: Number(t), gen: Number(gen) }
      this.pos = save
    }
    return atom(t)
  }
}

// ---------------------------------------------------------------- writing
