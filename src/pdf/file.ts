/**
 * Finishing a PDF Chrome printed: document information (title, author...),
 * an outline (bookmarks) built by us, and fixed dates when SOURCE_DATE_EPOCH
 * asks for them. Chrome's own outline (page.pdf({outline})) comes from the
 * headings it sees, which in a reveal.js print layout misses most slides and
 * cannot nest slides under their talk.
 *
 * The changes are appended to Chrome's bytes as an incremental update (PDF
 * 1.7, 7.5.6): a new catalog, information dictionary and outline objects, a
 * cross-reference section for them and a trailer pointing back at Chrome's.
 * Reading and rewriting a whole 3 MB PDF with a PDF library costs about as
 * much as printing it; this reads the few objects it needs and writes a few
 * kilobytes. Chrome's output differs between runs only by its dates: patched
 * in place (same length) when SOURCE_DATE_EPOCH is set, the bytes are the same
 * from run to run.
 */

export interface OutlineEntry {
  title: string
  /** 0-based page index. */
  page: number
  children?: OutlineEntry[]
}

export interface PdfInfo {
  title: string
  author?: string
  subject?: string
  keywords?: string[]
  lang: string
  creator: string
  /** Creation and modification date; Chrome's (the time of printing) when absent. */
  date?: Date
  /**
   * Exact paper size in points. Chrome rounds page sizes to 1/75 inch (A4
   * comes out 595.92 × 841.92 pt); the page box is cut back to the paper from
   * the top left, where the content is (what is cut is blank).
   */
  paper?: [number, number]
}

export interface FinishedPdf {
  bytes: Uint8Array
  pages: number
}

export function finishPdf(bytes: Uint8Array, info: PdfInfo, outline: OutlineEntry[]): FinishedPdf {
  const pdf = new PdfReader(bytes)
  const catalog = pdf.dict(pdf.root)
  const pages = pdf.pages(catalog)
  const oldInfo = pdf.info === undefined ? undefined : pdf.dict(pdf.info)
  const out = new Update(pdf.size)

  const date = info.date ? pdfDate(info.date) : undefined
  const infoEntries: Entries = [
    ['/Title', text(info.title)],
    ...(info.author ? ([['/Author', text(info.author)]] as Entries) : []),
    ...(info.subject ? ([['/Subject', text(info.subject)]] as Entries) : []),
    ...(info.keywords?.length ? ([['/Keywords', text(info.keywords.join(', '))]] as Entries) : []),
    ['/Creator', text(info.creator)],
  ]
  for (const key of ['/Producer', '/CreationDate', '/ModDate']) {
    const kept = key !== '/Producer' && date ? atom(date) : oldInfo && get(oldInfo, key)
    if (kept) infoEntries.push([key, kept])
  }
  const infoRef = out.add(dict(infoEntries))

  const newCatalog = dict(catalog.entries.filter(([k]) => k !== '/Outlines' && k !== '/PageMode'))
  if (!get(catalog, '/Lang')) newCatalog.entries.push(['/Lang', text(info.lang)])
  if (!get(catalog, '/ViewerPreferences')) newCatalog.entries.push(['/ViewerPreferences', dict([['/DisplayDocTitle', atom('true')]])])
  if (outline.length > 0) {
    newCatalog.entries.push(['/Outlines', addOutline(out, outline, pages)], ['/PageMode', atom('/UseOutlines')])
  }
  out.set(pdf.root, newCatalog)

  if (info.paper) {
    const [w, h] = info.paper
    for (const page of pages) {
      const d = pdf.dict(page)
      const box = pdf.numbers(get(d, '/MediaBox'))
      if (box.length !== 4) continue
      const [x0, y0, x1, y1] = box as [number, number, number, number]
      if (Math.abs(x1 - x0 - w) < 0.01 && Math.abs(y1 - y0 - h) < 0.01) continue
      const media = arr([x0, y1 - h, x0 + w, y1].map((n) => atom(num(n))))
      out.set(page, dict([...d.entries.filter(([k]) => k !== '/MediaBox' && k !== '/CropBox'), ['/MediaBox', media]]))
    }
  }

  // Chrome's own information dictionary stays in the file, superseded: its dates must not differ between runs either.
  const body = date && pdf.info !== undefined ? pdf.patchDates(pdf.info, date) : bytes
  return { bytes: out.write(body, { root: pdf.root, info: infoRef, prev: pdf.startxref, trailer: pdf.trailer }), pages: pages.length }
}

/** Top-level entries open, their children closed: a reader shows the talks and unfolds one to see its slides. */
function addOutline(out: Update, entries: OutlineEntry[], pages: Ref[]): Ref {
  const root = out.reserve()
  const level = (items: OutlineEntry[], parent: Ref): { first: Ref; last: Ref } => {
    const refs = items.map(() => out.reserve())
    items.forEach((item, i) => {
      const page = pages[Math.max(0, Math.min(item.page, pages.length - 1))]!
      const e: Entries = [
        ['/Title', text(item.title)],
        ['/Parent', parent],
        ['/Dest', arr([page, atom('/Fit')])],
      ]
      if (i > 0) e.push(['/Prev', refs[i - 1]!])
      if (i < items.length - 1) e.push(['/Next', refs[i + 1]!])
      if (item.children?.length) {
        const sub = level(item.children, refs[i]!)
        // Negative: closed, with this many entries under it.
        e.push(['/First', sub.first], ['/Last', sub.last], ['/Count', atom(String(-item.children.length))])
      }
      out.set(refs[i]!, dict(e))
    })
    return { first: refs[0]!, last: refs[refs.length - 1]! }
  }
  const top = level(entries, root)
  out.set(root, dict([['/Type', atom('/Outlines')], ['/First', top.first], ['/Last', top.last], ['/Count', atom(String(entries.length))]]))
  return root
}

// ---------------------------------------------------------------- objects

interface Ref {
  kind: 'ref'
  num: number
  gen: number
}
/** Names, numbers, strings, booleans, null: kept as written (strings byte for byte). */
interface Atom {
  kind: 'atom'
  raw: string
}
interface Arr {
  kind: 'array'
  items: Value[]
}
type Entries = Array<[string, Value]>
interface Dict {
  kind: 'dict'
  entries: Entries
}
type Value = Ref | Atom | Arr | Dict

const atom = (raw: string): Atom => ({ kind: 'atom', raw })
const arr = (items: Value[]): Arr => ({ kind: 'array', items })
const dict = (entries: Entries): Dict => ({ kind: 'dict', entries })
const get = (d: Dict, key: string): Value | undefined => d.entries.find(([k]) => k === key)?.[1]
const num = (n: number) => String(Math.round(n * 1000) / 1000)

/** A text string: UTF-16BE with its byte order mark, in hex (PDF 1.7, 7.9.2.2). */
function text(s: string): Atom {
  let hex = '<FEFF'
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase()
  return atom(`${hex}>`)
}

/** D:YYYYMMDDHHmmSS+00'00', as Chrome writes it (same length, so it can be patched in place). */
function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `(D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00')`
}

function serialize(v: Value): string {
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

// ---------------------------------------------------------------- reading

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)))

class PdfError extends Error {}

/**
 * Just enough of a PDF reader for Chrome's output: the cross-reference
 * tables (and any earlier ones), the trailer, and the dictionaries of the
 * catalog, page tree and information. Objects in object streams or
 * cross-reference streams (which Chrome does not write) are refused.
 */
class PdfReader {
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

class Update {
  private readonly objects = new Map<number, Value>()
  private next: number

  constructor(size: number) {
    this.next = size
  }

  reserve(): Ref {
    return { kind: 'ref', num: this.next++, gen: 0 }
  }

  add(v: Value): Ref {
    const ref = this.reserve()
    this.set(ref, v)
    return ref
  }

  set(ref: Ref, v: Value): void {
    this.objects.set(ref.num, v)
  }

  /** `body` followed by the new and changed objects, their cross-reference section and a trailer. */
  write(body: Uint8Array, t: { root: Ref; info: Ref; prev: number; trailer: Dict }): Uint8Array {
    const ends = body[body.length - 1] === 0x0a
    let out = ends ? '' : '\n'
    const offsets = new Map<number, number>()
    const nums = [...this.objects.keys()].sort((a, b) => a - b)
    for (const n of nums) {
      offsets.set(n, body.length + out.length)
      out += `${n} 0 obj\n${serialize(this.objects.get(n)!)}\nendobj\n`
    }
    const xref = body.length + out.length
    out += 'xref\n0 1\n0000000000 65535 f \n'
    // Subsections of consecutive object numbers.
    for (let i = 0; i < nums.length; ) {
      let j = i
      while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++
      out += `${nums[i]} ${j - i + 1}\n`
      for (let k = i; k <= j; k++) out += `${String(offsets.get(nums[k]!)).padStart(10, '0')} 00000 n \n`
      i = j + 1
    }
    const kept = t.trailer.entries.filter(([k]) => !['/Size', '/Root', '/Info', '/Prev'].includes(k))
    const trailer = dict([
      ['/Size', atom(String(this.next))],
      ['/Root', t.root],
      ['/Info', t.info],
      ...kept,
      ['/Prev', atom(String(t.prev))],
    ])
    out += `trailer\n${serialize(trailer)}\nstartxref\n${xref}\n%%EOF\n`
    const tail = Buffer.from(out, 'latin1')
    const result = new Uint8Array(body.length + tail.length)
    result.set(body, 0)
    result.set(tail, body.length)
    return result
  }
}
