/**
 * The "linear cost" and "many notes" rows of `npm run bench` (group `scale`):
 * bbl build, first build (no cache), on notes that stress the fitter (written by
 * bench/stress.mjs) and on twenty copies of the sample in one run.
 *
 *   list-1 / list-500 / list-5000   one talk holding a list of that many items
 *   nest-20                         a list nested 20 levels deep
 *   copies-1 / copies-20            the sample once, and 20 copies in one `bbl build`
 *   archive / ar-archive            10 MB of notes (4,100 talks): bbl build with --timeout 10
 *                                   (it bounds a stall, not the whole), and asciidoctor-revealjs
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { archive, list, nest } from './stress.mjs'

/** Write the notes the scale rows build; returns their paths. */
export function scaleNotes(dir, root, sample) {
  mkdirSync(dir, { recursive: true })
  const notes = { 'list-1': list(1), 'list-500': list(500), 'list-5000': list(5000), 'nest-20': nest(20), archive: archive(4100) }
  for (const [name, text] of Object.entries(notes)) writeFileSync(path.join(dir, `${name}.adoc`), text)
  // The copies find the sample's photos through its `:imagesdir: ./images`.
  const copies = path.join(dir, 'copies')
  mkdirSync(copies, { recursive: true })
  symlinkSync(path.join(root, 'images', path.basename(sample, '.adoc')), path.join(copies, 'images'))
  const text = readFileSync(path.join(root, sample), 'utf8')
  const copyFiles = Array.from({ length: 20 }, (_, i) => path.join(copies, `copy-${String(i + 1).padStart(2, '0')}.adoc`))
  for (const f of copyFiles) writeFileSync(f, text)
  return { dir, copyFiles }
}

/** Slides in the recap deck an output folder holds for `name`. */
const recapSlides = (out, name) => {
  try {
    return JSON.parse(readFileSync(path.join(out, name, 'manifest.json'), 'utf8')).decks.find((d) => d.kind === 'recap')?.slides
  } catch {
    return undefined
  }
}

export function scaleTools(w, chrome, o, node, arScript) {
  const s = w.scale
  const fresh = (p) => rmSync(p, { recursive: true, force: true })
  const one = (id, label, makes, inputs, name, timeout = '600') => {
    const out = path.join(s.dir, `out-${id}`)
    return {
      id,
      group: 'scale',
      label,
      makes,
      shown: `bbl build ${inputs.map((f) => path.relative(s.dir, f)).join(' ').replace(/copy-02.*copy-20\.adoc/, '… copy-20.adoc')} --out $WORK/out-${id} --browser ${chrome} --quiet --timeout ${timeout}   # no cache`,
      runs: o.scaleRuns,
      command: () => [node, [w.bbl, 'build', ...inputs, '--out', out, '--browser', chrome, '--quiet', '--timeout', timeout]],
      prepare: () => fresh(out),
      check: () => existsSync(path.join(out, name, 'index.html')) || 'no recap deck written',
      slides: () => recapSlides(out, name),
    }
  }
  const notes = (n) => path.join(s.dir, `${n}.adoc`)
  return [
    one('list-1', 'bbl build, a 1-item list', 'recap + 1 talk deck', [notes('list-1')], 'list-1'),
    one('list-500', 'bbl build, a 500-item list', 'recap + 1 talk deck', [notes('list-500')], 'list-500'),
    one('list-5000', 'bbl build, a 5,000-item list', 'recap + 1 talk deck', [notes('list-5000')], 'list-5000'),
    one('nest-20', 'bbl build, 20 nesting levels', 'recap + 1 talk deck', [notes('nest-20')], 'nest-20'),
    one('copies-1', 'bbl build, the sample (1 copy)', 'recap + 9 talk decks', s.copyFiles.slice(0, 1), 'copy-01'),
    one('copies-20', 'bbl build, 20 copies of the sample', '20 × (recap + 9 talk decks)', s.copyFiles, 'copy-20'),
    {
      ...one('archive', 'bbl build, 10 MB of notes', 'recap + 4,100 talk decks', [notes('archive')], 'archive', '10'),
      // Every talk deck written: --timeout 10 must never stop work that keeps moving.
      check: () => talkDecks(path.join(s.dir, 'out-archive'), 'archive') === 4100 || 'not every talk deck was written',
    },
    {
      id: 'ar-archive',
      group: 'scale',
      label: 'asciidoctor-revealjs, 10 MB of notes',
      makes: '1 deck (HTML)',
      shown: 'asciidoctor-revealjs $WORK/archive.adoc',
      runs: o.scaleRuns,
      command: () => [node, [arScript, notes('archive')]],
      prepare: () => fresh(path.join(s.dir, 'archive.html')),
      check: () => existsSync(path.join(s.dir, 'archive.html')) || 'no HTML written',
    },
  ]
}

const talkDecks = (out, name) => {
  try {
    return JSON.parse(readFileSync(path.join(out, name, 'manifest.json'), 'utf8')).decks.filter((d) => d.kind === 'talk').length
  } catch {
    return 0
  }
}

/** Goal rows for the scale group, in the format of run.mjs's goals table. */
export function scaleGoals(by, summary, { sec, ratio }) {
  const s = (id) => (by[id]?.skip ? undefined : summary(by[id]))
  const rows = []
  const why = (...ids) => ids.map((id) => by[id]?.skip).find(Boolean) ?? 'no successful run'
  const [l1, l500, l5000] = [s('list-1'), s('list-500'), s('list-5000')]
  const [n500, n5000] = [by['list-500']?.slides(), by['list-5000']?.slides()]
  if (l500 && l5000 && n500 && n5000) {
    const per = (t, n) => t.median / n
    const r = per(l5000, n5000) / per(l500, n500)
    rows.push(`| 4. linear: list | 5,000 items ${sec(l5000.median)} s / ${n5000} slides vs 500 items ${sec(l500.median)} s / ${n500} slides, per slide | ${ratio(r)} | ${ratio(l5000.min / n5000 / (l500.min / n500))} | ≤ 2× | ${r <= 2 ? 'yes' : '**no**'} | per slide of the whole process |`)
    if (l1) {
      const m = ((l5000.median - l1.median) / n5000) / ((l500.median - l1.median) / n500)
      const c = ((l5000.cpuS - l1.cpuS) / n5000) / ((l500.cpuS - l1.cpuS) / n500)
      rows.push(`| 4. linear: list, fixed costs out | (5,000 items − 1 item) per slide vs (500 − 1) per slide; a 1-item list takes ${sec(l1.median)} s | ${ratio(m)} | CPU: ${ratio(c)} | ≤ 2× | ${m <= 2 ? 'yes' : '**no**'} | for information: node and browser start taken out; CPU column: the same with CPU time of the tree |`)
    }
  } else rows.push(`| 4. linear: list | 5,000 vs 500 items, per slide | – | – | ≤ 2× | – | ${why('list-500', 'list-5000')} |`)
  const n20 = s('nest-20')
  rows.push(n20 ? `| 4. linear: nesting | 20 levels: ${sec(n20.median)} s (max ${sec(n20.max)} s) | – | – | < 10 s | ${n20.max < 10 ? 'yes' : '**no**'} | an absolute time, whole process; CPU time ${n20.cpuS.toFixed(2)} s |` : `| 4. linear: nesting | 20 levels | – | – | < 10 s | – | ${why('nest-20')} |`)
  const [c1, c20] = [s('copies-1'), s('copies-20')]
  if (c1 && c20) {
    const r = c20.median / (20 * c1.median)
    rows.push(`| 3. many notes | 20 copies in one run ${sec(c20.median)} s vs 20 × one copy ${sec(20 * c1.median)} s | ${ratio(r)} | ${ratio(c20.min / (20 * c1.min))} | ≤ 0.6× | ${r <= 0.6 ? 'yes' : '**no**'} | one copy alone: ${sec(c1.median)} s; CPU time ratio ${ratio(c20.cpuS / (20 * c1.cpuS))} |`)
  } else rows.push(`| 3. many notes | 20 copies vs 20 × one | – | – | ≤ 0.6× | – | ${why('copies-1', 'copies-20')} |`)
  const [a, ar] = [s('archive'), s('ar-archive')]
  if (a && ar) {
    const r = a.median / ar.median
    rows.push(`| 4. archive | 10 MB of notes: bbl build ${sec(a.median)} s vs asciidoctor-revealjs ${sec(ar.median)} s | ${ratio(r)} | ${ratio(a.min / ar.min)} | ≤ 1.5× | ${r <= 1.5 ? 'yes' : '**no**'} | peak RSS of the tree: bbl ${Math.round(a.peakRssMb)} MB, asciidoctor-revealjs ${Math.round(ar.peakRssMb)} MB |`)
  } else rows.push(`| 4. archive | 10 MB of notes | – | – | ≤ 1.5× | – | ${why('archive', 'ar-archive')} |`)
  return rows
}
