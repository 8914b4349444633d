/**
 * Issue 8's last points, on the decks that show them, as a reader sees them in
 * Chromium: stretched blocks, inline pictures that step in, the highlight steps of
 * a listing split across slides (deck and PDF), table frames and grids and the
 * text-alignment roles, and the title slide's background video. Registered by
 * test/build/conformance.e2e.test.ts inside its run (one build, one browser).
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import type { ConformanceRun } from '../helpers/conformance.js'

/** A slide's box and its body's, in slide px, and the box of each element `sel` picks in it. */
const BOXES = (slide: string, sel: string) => `(() => {
  const s = [...document.querySelectorAll('.slides section.bbl-s')].find((x) => ${slide})
  const { h, v } = Reveal.getIndices(s); Reveal.slide(h, v ?? 0)
  const k = Reveal.getScale(), top = s.getBoundingClientRect().top, left = s.getBoundingClientRect().left
  const box = (e) => { const r = e.getBoundingClientRect(); return { top: (r.top - top) / k, bottom: (r.bottom - top) / k, left: (r.left - left) / k, right: (r.right - left) / k, height: r.height / k } }
  const body = s.querySelector('.bbl-body')
  const cs = getComputedStyle(body)
  const inner = box(body); inner.bottom -= parseFloat(cs.paddingBottom)
  return { body: inner, els: [...s.querySelectorAll(${JSON.stringify(sel)})].map((e) => ({ ...box(e), text: e.textContent.trim(), nw: e.naturalWidth ?? 0, nh: e.naturalHeight ?? 0 })) }
})()`
interface Boxes {
  body: { top: number; bottom: number; left: number; right: number }
  els: Array<{ top: number; bottom: number; left: number; right: number; height: number; text: string; nw: number; nh: number }>
}

/** The box of the text itself (not of its block) of each element `sel` picks on the slide titled `title`. */
const TEXT_BOXES = (title: string, sel: string) => `(() => {
  const s = [...document.querySelectorAll('.slides section.bbl-s')].find((x) => x.querySelector('.bbl-title-text')?.textContent === ${JSON.stringify(title)})
  const { h, v } = Reveal.getIndices(s); Reveal.slide(h, v ?? 0)
  const k = Reveal.getScale(), body = s.querySelector('.bbl-body').getBoundingClientRect()
  return [...s.querySelectorAll(${JSON.stringify(sel)})].map((e) => {
    const cell = e.getBoundingClientRect(), range = document.createRange(); range.selectNodeContents(e)
    const r = range.getBoundingClientRect()
    return { left: (r.left - cell.left) / k, right: (cell.right - r.right) / k, bodyLeft: (r.left - body.left) / k, bodyRight: (body.right - r.right) / k }
  })
})()`
type TextBox = { left: number; right: number; bodyLeft: number; bodyRight: number }

export function layoutRules(run: ConformanceRun): void {
  describe('rule 5: stretched blocks take the rest of their slide', () => {
    it('images: a [.stretch] picture fills the slide\'s remaining height, whole, inside the slide box', async () => {
      const { body, els } = await run.inDeck<Boxes>('images', BOXES(`x.id === '_stretched'`, 'img'))
      const img = els[0]!
      assert.ok(Math.abs(img.bottom - body.bottom) <= 1.5 && Math.abs(img.top - body.top) <= 1.5, `the picture spans the body: ${JSON.stringify({ img, body })}`)
      // object-fit: contain: the picture drawn keeps its proportions; this one is limited by the height.
      const drawn = Math.min(img.height, ((img.right - img.left) * img.nh) / img.nw)
      assert.ok(drawn >= img.height - 1 && drawn > 450, `drawn ${drawn.toFixed(0)} px high of ${img.height.toFixed(0)}`)
    })

    it('revealjs-stretch: a [.stretch] paragraph takes the room between the text above and below; all three on one slide', async () => {
      const { body, els } = await run.inDeck<Boxes>('revealjs-stretch', BOXES(`x.id === '_second_slide'`, '.bbl-body > *'))
      assert.deepEqual(els.map((e) => e.text), ['Some content', 'Stretched', 'See?'])
      assert.ok(Math.abs(els[2]!.bottom - body.bottom) <= 1.5, `"See?" at the foot: ${els[2]!.bottom} vs ${body.bottom}`)
    })
  })

  describe('rule 5: inline pictures with step= stay in their paragraph', () => {
    it('steps: the three inline pictures share one line of one slide and step in as the author numbered them (2, 3, 1)', async () => {
      const seen = await run.inDeck<{ slides: number; tops: number[]; steps: string[][] }>(
        'steps',
        `(() => {
          Reveal.configure({ transition: 'none' })
          const holders = [...document.querySelectorAll('.slides section.bbl-s')].filter((s) => s.textContent.includes('cute-cat-'))
          const s = holders[0]
          const { h, v } = Reveal.getIndices(s); Reveal.slide(h, v ?? 0, -1)
          const imgs = [...s.querySelectorAll('p .image')]
          const name = (e) => /cute-cat-\\d/.exec(e.textContent)[0]
          const shown = () => imgs.filter((e) => e.classList.contains('visible')).map(name).sort()
          const steps = [shown()]
          for (let i = 0; i < 3; i++) { Reveal.nextFragment(); steps.push(shown()) }
          return { slides: holders.filter((x) => x.querySelector('p .image')).length, tops: imgs.map((e) => Math.round(e.getBoundingClientRect().top)), steps }
        })()`,
      )
      assert.equal(seen.slides, 1, 'one slide holds the inline pictures')
      assert.equal(new Set(seen.tops).size, 1, `one line: ${seen.tops}`)
      assert.deepEqual(seen.steps, [[], ['cute-cat-2'], ['cute-cat-2', 'cute-cat-3'], ['cute-cat-1', 'cute-cat-2', 'cute-cat-3']])
      const photos = await run.inDeck<number>('steps', `document.querySelectorAll('.slides section.bbl-photo').length`)
      assert.equal(photos, 0, 'no photo slide')
    })
  })

  describe('rule 2: a split highlighted listing steps through its own lines', () => {
    it('highlight-split: each part highlights, step by step and in place, the lines the author named, numbered as in the listing', async () => {
      const parts = await run.inDeck<Array<{ first: number; steps: string[][]; moved: string[] }>>(
        'highlight-split',
        `(async () => {
          Reveal.configure({ transition: 'none', backgroundTransition: 'none' })
          const out = []
          for (const pre of document.querySelectorAll('.slides pre')) {
            const section = pre.closest('section.bbl-s')
            const { h, v } = Reveal.getIndices(section)
            Reveal.slide(h, v ?? 0, -1)
            await new Promise((r) => setTimeout(r, 300))
            const codes = [...pre.querySelectorAll(':scope > code')]
            const at = codes[0].getBoundingClientRect()
            const lit = () => {
              const top = [...codes].reverse().find((c) => c === codes[0] || c.classList.contains('visible'))
              return [...top.querySelectorAll('tr.highlight-line')].map((tr) => /step\\d+|createQueue/.exec(tr.textContent)?.[0] ?? tr.textContent.trim())
            }
            const steps = [lit()], moved = []
            for (const c of codes.slice(1)) {
              Reveal.nextFragment()
              await new Promise((r) => setTimeout(r, 300))
              const r = c.getBoundingClientRect()
              if (Math.abs(r.top - at.top) > 1 || Math.abs(r.left - at.left) > 1) moved.push(r.left + ',' + r.top)
              steps.push(lit())
            }
            out.push({ first: Number(codes[0].querySelector('.hljs-ln-numbers [data-line-number]')?.getAttribute('data-line-number')), steps, moved })
          }
          return out
        })()`,
      )
      assert.equal(parts.length, 2, 'the listing is split in two')
      assert.equal(parts[0]!.first, 1)
      assert.deepEqual(parts[0]!.steps, [['createQueue'], ['step2', 'step3']])
      assert.ok(parts[1]!.first > 3, `the second part numbers its lines from ${parts[1]!.first}`)
      assert.deepEqual(parts[1]!.steps, [['step25', 'step26'], ['step30', 'step31']])
      assert.deepEqual(parts.flatMap((p) => p.moved), [], 'every step in place')
    })

    it('highlight-split: in the PDF, every copy of a line of the listing is printed at the line\'s place', () => {
      const xml = execFileSync('pdftotext', ['-bbox', path.join(run.pdfDir(), 'highlight-split', 'highlight-split.pdf'), '-'], { encoding: 'utf8' })
      const places = new Map<string, Set<string>>()
      xml.split('<page ').forEach((page, p) => {
        for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(step\d+)<\/word>/g)) {
          const key = `page ${p}: ${m[3]}`
          places.set(key, (places.get(key) ?? new Set()).add(`${Math.round(Number(m[1]))},${Math.round(Number(m[2]))}`))
        }
      })
      assert.ok(places.size >= 29, `${places.size} code lines printed`)
      assert.deepEqual([...places].filter(([, at]) => at.size > 1).map(([k, at]) => `${k} at ${[...at].join(' and ')}`), [])
    })
  })

  describe('rule 7: table frames and grids, cell and text alignment', () => {
    it('tables-styles: each table draws the outer frame and inner rules its frame= and grid= name', async () => {
      const tables = await run.inDeck<Array<{ title: string; frame: string; inner: string }>>(
        'tables-styles',
        `[...document.querySelectorAll('.slides section.bbl-s')].filter((s) => s.querySelector('table')).map((s) => {
          const t = s.querySelector('table'), st = getComputedStyle(t)
          const edge = (side) => st['border' + side + 'Style'] === 'hidden' || parseFloat(st['border' + side + 'Width']) === 0 ? '-' : 'x'
          const cell = getComputedStyle(t.querySelector('tbody tr td'))
          const w = (side) => parseFloat(cell['border' + side + 'Width']) > 0 ? 'x' : '-'
          return { title: s.querySelector('.bbl-title-text').textContent, frame: ['Top', 'Right', 'Bottom', 'Left'].map(edge).join(''), inner: w('Top') + w('Left') }
        })`,
      )
      const at = (title: string) => tables.find((t) => t.title === title)
      assert.deepEqual(at('Frame none'), { title: 'Frame none', frame: '----', inner: 'xx' })
      assert.deepEqual(at('Frame sides'), { title: 'Frame sides', frame: '-x-x', inner: 'xx' })
      assert.deepEqual(at('Frame topbot'), { title: 'Frame topbot', frame: 'x-x-', inner: 'xx' })
      assert.deepEqual(at('Grid none'), { title: 'Grid none', frame: 'xxxx', inner: '--' })
      assert.deepEqual(at('Grid cols'), { title: 'Grid cols', frame: 'xxxx', inner: '-x' })
      assert.deepEqual(at('Grid rows'), { title: 'Grid rows', frame: 'xxxx', inner: 'x-' })
      assert.deepEqual(at('Grid none, frame none'), { title: 'Grid none, frame none', frame: '----', inner: '--' })
    })

    it('tables-styles: cols="^,<,>" centres the first column\'s text and right-aligns the last', async () => {
      const [center, left, right] = await run.inDeck<TextBox[]>('tables-styles', TEXT_BOXES('Alignments', 'tbody td > p'))
      assert.ok(Math.abs(center!.left - center!.right) <= 2, `centred: ${JSON.stringify(center)}`)
      assert.ok(left!.left < 12, `left: ${JSON.stringify(left)}`)
      assert.ok(right!.right < 15 && right!.left > 15, `right: ${JSON.stringify(right)}`)
    })

    it('text-alignments: [.text-center], [.text-right] on a paragraph, and on a slide (its title too), align the text as written', async () => {
      const p = async (title: string) => (await run.inDeck<TextBox[]>('text-alignments', TEXT_BOXES(title, '.bbl-body p, .bbl-title-text')))
      const centred = (b: TextBox) => Math.abs(b.bodyLeft - b.bodyRight) <= 2
      const right = (b: TextBox) => b.bodyRight <= 2 && b.bodyLeft > 100
      const left = (b: TextBox) => b.bodyLeft <= 2 && b.bodyRight > 100
      assert.ok(centred((await p('Center')).at(-1)!), 'Center')
      assert.ok(right((await p('Right')).at(-1)!), 'Right')
      assert.ok(left((await p('Left')).at(-1)!), 'Left')
      assert.ok((await p('Title is Right-Aligned')).every(right), 'title and text on the right')
      assert.ok((await p('Title is Centered')).every(centred), 'title and text centred')
      assert.ok((await p('Back to Normal!')).every(left), 'back to the start')
    })
  })

  describe("rule 7: the title slide's background video", () => {
    it('title-slide-video: a remote video is not requested, and a warning names it', async () => {
      assert.match(run.build().stderr, /title-slide-video\.adoc: warning: remote background video left out .*homepage-video-editor\.mp4/)
      assert.doesNotMatch(run.build().stderr, /title-slide-video\.adoc: warning: remote image/)
      assert.deepEqual(run.reports.get('title-slide-video')!.outside, [])
      const videos = await run.inDeck<number>('title-slide-video', `document.querySelectorAll('video, [data-background-video]').length`)
      assert.equal(videos, 0)
    })

    it('highlight-split: a local one plays behind the title slide, from the deck folder', async () => {
      const src = await run.inDeck<string | null>(
        'highlight-split',
        `(async () => { Reveal.slide(0, 0); await new Promise((r) => setTimeout(r, 300))
          const v = document.querySelector('.backgrounds .slide-background.present video')
          return v && (v.querySelector('source')?.getAttribute('src') ?? v.getAttribute('src')) })()`,
      )
      assert.equal(src, 'media/failover-drill.webm')
      assert.ok(existsSync(path.join(run.outDir(), 'highlight-split', 'media', 'failover-drill.webm')), "existsSync(path.join(run.outDir(), 'highlight-split', 'media', 'failover-drill.webm'))")
    })
  })
}
