/** Writing an incremental update: new objects, a cross-reference section and a trailer appended to the file (PDF 1.7, 7.5.6). */
import { atom, type Dict, dict, type Ref, serialize, type Value } from './pdf-objects.js'

export class Update {
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
