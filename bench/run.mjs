#!/usr/bin/env node
/**
 * npm run bench: bbl side by side with what users would pick instead, in one
 * run, on the sample notes (decks/dataxday-2018.adoc).
 *
 *   build  bbl build (recap + talk decks)       vs asciidoctor-revealjs (one deck)
 *   PDF    bbl pdf (recap slide PDF)            vs DeckTape with its defaults, and
 *                                                 a bare Chrome print (bench/bare-print.mjs)
 *          bbl pdf (all PDFs)                   vs bbl's recap slide PDF
 *   pptx   bbl pptx (recap + 9 talk files)      vs bbl's recap slide PDF (issue 12: ≤ 2×)
 *
 * Every command is timed as a whole process (node startup included), several
 * times, interleaved round by round, after one untimed warm-up; the peak memory
 * of its process tree (browser included) is sampled. Then what each tool gives
 * a reader is counted: slides, slides taller than the screen, PDF pages, and
 * the notes' words found in each PDF's text layer.
 *
 * Prints the tables and writes bench/results.md. Options:
 *   --runs N            timed runs per command (default 5)
 *   --decktape-runs N   timed DeckTape runs (default 3: one takes ~1.5 min, and
 *                       its time is mostly fixed pauses, so it varies little)
 *   --no-pss            skip the PSS sampling in the warm-up runs
 *   --only GROUPS       run these groups of commands only, comma-separated: build,
 *                       pdf, pptx, scale (the other rows stay empty; pptx runs bbl's
 *                       recap slide PDF too, its yardstick)
 *   --scale-runs N      timed runs of each scale command (default 3; bench/scale.mjs)
 *   --worktree          measure bbl as it is in the working tree (default: the
 *                       last commit, compiled into the temporary folder)
 *   --keep              keep the temporary folder (its path is printed)
 *   --out FILE          where to write the markdown (default bench/results.md)
 * Chromium: CHROME_PATH, else /usr/bin/chromium-headless-shell when installed (what
 * bbl picks by itself), else /usr/bin/chromium. Not part of the tests.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { deckStats } from './deck-stats.mjs'
import { killRunning, measure } from './measure.mjs'
import { pdfPages, wordCoverage } from './words.mjs'
import { scaleGoals, scaleNotes, scaleTools } from './scale.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const NOTES = 'decks/dataxday-2018.adoc'
const NAME = 'dataxday-2018'
const NODE = process.execPath
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']

const log = (msg) => process.stderr.write(`${msg}\n`)

class BenchError extends Error {}

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      'decktape-runs': { type: 'string', default: '3' },
      'no-pss': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
      'scale-runs': { type: 'string', default: '3' },
      worktree: { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(ROOT, 'bench', 'results.md') },
    },
  })
  const count = (name) => {
    const n = Number(values[name])
    if (!Number.isInteger(n) || n < 1) throw new BenchError(`--${name} takes a whole number ≥ 1, not "${values[name]}"`)
    return n
  }
  const only = values.only?.split(',')
  if (only && !only.every((g) => ['build', 'pdf', 'pptx', 'scale'].includes(g))) throw new BenchError(`--only takes build, pdf, pptx and/or scale, not "${values.only}"`)
  return { runs: count('runs'), decktapeRuns: count('decktape-runs'), scaleRuns: count('scale-runs'), runs_: (g) => !only || only.includes(g), pss: !values['no-pss'], keep: values.keep, only: values.only, worktree: values.worktree, out: path.resolve(values.out) }
}

// ---------------------------------------------------------------- environment

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts }).trim()
}

function machine(chrome) {
  const safe = (f) => {
    try {
      return f()
    } catch {
      return 'unknown'
    }
  }
  const commit = safe(() => sh('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }))
  const dirty = safe(() => sh('git', ['status', '--porcelain', '--', 'src', 'assets', 'themes', 'bin'], { cwd: ROOT })) !== ''
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: safe(() => sh('nproc', [])),
    cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    chromium: safe(() => sh(chrome, ['--version'])),
    kernel: `${os.type()} ${os.release()}`,
    bbl: (w, worktree) => `${safe(() => sh(NODE, [w.bbl, '--version'], { cwd: ROOT }))} (commit ${commit}${worktree && dirty ? ' with uncommitted changes' : ''}; ${w.bblFrom})`,
    asciidoctorRevealjs: safe(() => sh(NODE, [arScript(), '--version']).split('\n')[0]),
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  }
}

/** The dated record of earlier runs kept at the end of results.md (from its heading on), carried into the new file. */
const EARLIER = '\n## Earlier runs\n'
function earlierRuns(file) {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const at = old.indexOf(EARLIER)
  return at < 0 ? '' : old.slice(at)
}

/** The asciidoctor-revealjs script, from its package's "bin" (what node_modules/.bin links to). */
function arScript() {
  const dir = path.join(ROOT, 'node_modules', '@asciidoctor', 'reveal.js')
  try {
    const bin = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).bin
    return path.join(dir, typeof bin === 'string' ? bin : bin['asciidoctor-revealjs'])
  } catch {
    return path.join(dir, 'npm', 'asciidoctor-revealjs')
  }
}

/** reveal.js 4.5, the one @asciidoctor/reveal.js depends on, so its deck loads offline. */
function reveal4Dir() {
  for (const dir of [path.join(ROOT, 'node_modules', '@asciidoctor', 'reveal.js', 'node_modules', 'reveal.js'), path.join(ROOT, 'node_modules', 'reveal.js')]) {
    try {
      const v = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version
      if (v.startsWith('4.')) return dir
    } catch {
      // Not there.
    }
  }
  throw new BenchError('reveal.js 4 (a dependency of @asciidoctor/reveal.js) not found under node_modules; run npm install')
}

function preflight(chrome) {
  if (!existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))) throw new BenchError('lib/ is not built: run npm install (or npx tsc -p tsconfig.json) first')
  if (!existsSync(arScript())) throw new BenchError('asciidoctor-revealjs is missing: run npm install')
  if (!existsSync(chrome)) throw new BenchError(`no Chromium at ${chrome}: install it (apt-get install chromium) or set CHROME_PATH`)
  for (const tool of ['pdftotext', 'pdfinfo']) {
    try {
      sh(tool, ['-v'])
    } catch (e) {
      if (e.code === 'ENOENT') throw new BenchError(`${tool} is missing: apt-get install poppler-utils`)
    }
  }
}

// ---------------------------------------------------------------- statistics

const num = (x) => (x === undefined ? undefined : Number(x))
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const sec = (ms) => (ms === undefined || Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(2))
const mb = (x) => (x === undefined ? '–' : String(Math.round(x)))
const pct = (x) => (Number.isNaN(x) || x === undefined ? '–' : `${(100 * x).toFixed(1)} %`)
const ratio = (x) => (x === undefined || Number.isNaN(x) ? '–' : `${x.toFixed(2)}×`)

function summary(tool) {
  const ok = tool.results.filter((r) => r.ok)
  if (ok.length === 0) return undefined
  const ms = ok.map((r) => r.ms)
  return {
    runs: ok.length,
    median: median(ms),
    min: Math.min(...ms),
    max: Math.max(...ms),
    peakRssMb: Math.max(...ok.map((r) => r.peakRssMb)),
    cpuS: median(ok.map((r) => r.cpuS)),
    procs: Math.max(...ok.map((r) => r.peakProcs)),
    ...(ok.every((r) => r.stepMs !== undefined) ? { step: { median: median(ok.map((r) => r.stepMs)), min: Math.min(...ok.map((r) => r.stepMs)) } } : {}),
  }
}

// ---------------------------------------------------------------- the tools

/**
 * Each tool: the command as a user runs it, what to reset before a run
 * (untimed), and how to tell that the run made what it should.
 */
function tools(w, chrome, o) {
  const bbl = (args) => [NODE, [w.bbl, ...args]]
  const decktapeJs = path.join(w.decktape, 'node_modules', 'decktape', 'decktape.js')
  const decktape = (extra, out) => [
    NODE,
    [decktapeJs, 'reveal', '--chrome-path', chrome, ...BROWSER_ARGS.map((a) => `--chrome-arg=${a}`), ...extra, pathToFileURL(w.deck).href, out],
  ]
  const recapPdf = (outDir) => {
    const dir = path.join(outDir, NAME)
    try {
      const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))
      const slides = (m.pdfs ?? []).find((p) => p.kind === 'slides')
      if (slides) return path.join(dir, slides.file)
    } catch {
      // No manifest: fall back to the documented name.
    }
    return path.join(dir, `${NAME}.pdf`)
  }
  const pdfsIn = (outDir) => {
    const dir = path.join(outDir, NAME)
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pdf')) : []
  }
  const fresh = (p) => rmSync(p, { recursive: true, force: true })
  // `bbl pdf --debug` says how long the recap slide PDF itself took: "[debug] …/<name>.pdf: 91 pages in 2828 ms".
  const recapStep = (stderr) => num(new RegExp(`[/\\\\]${NAME}\\.pdf: \\d+ pages? in (\\d+) ms`).exec(stderr)?.[1])
  return [
    {
      id: 'ar',
      group: 'build',
      label: 'asciidoctor-revealjs',
      makes: '1 deck (HTML)',
      shown: `asciidoctor-revealjs -a revealjsdir=<reveal.js 4.5> $WORK/ar/${NAME}.adoc`,
      runs: o.runs,
      command: () => [NODE, [arScript(), '-a', `revealjsdir=${w.reveal4}`, w.arNotes]],
      prepare: () => fresh(w.arHtml),
      check: () => existsSync(w.arHtml) || 'no HTML written',
    },
    {
      id: 'build-cold',
      group: 'build',
      label: 'bbl build (no cache)',
      makes: 'recap + 9 talk decks',
      shown: `bbl build ${NOTES} --out $WORK/build-cold --browser ${chrome} --quiet   # out folder removed before each run: no fit cache`,
      runs: o.runs,
      command: () => bbl(['build', NOTES, '--out', w.buildCold, '--browser', chrome, '--quiet']),
      prepare: () => fresh(w.buildCold),
      check: () => existsSync(path.join(w.buildCold, NAME, 'index.html')) || 'no recap deck written',
    },
    {
      id: 'build-cold-off',
      group: 'build',
      label: 'bbl build --photos off (no cache)',
      makes: 'recap + 9 talk decks, photos as taken',
      shown: `bbl build ${NOTES} --photos off --out $WORK/build-cold-off --browser ${chrome} --quiet   # out folder removed before each run`,
      runs: o.runs,
      command: () => bbl(['build', NOTES, '--photos', 'off', '--out', w.buildColdOff, '--browser', chrome, '--quiet']),
      prepare: () => fresh(w.buildColdOff),
      check: () => existsSync(path.join(w.buildColdOff, NAME, 'index.html')) || 'no recap deck written',
    },
    {
      id: 'build-warm',
      group: 'build',
      label: 'bbl build (rebuild, cache kept)',
      makes: 'recap + 9 talk decks',
      shown: `bbl build ${NOTES} --out $WORK/build-warm --browser ${chrome} --quiet   # again on unchanged notes: the last build's record and fit cache in $WORK/build-warm/.bbl-cache`,
      runs: o.runs,
      command: () => bbl(['build', NOTES, '--out', w.buildWarm, '--browser', chrome, '--quiet']),
      prepare: () => {},
      check: () => existsSync(path.join(w.buildWarm, NAME, 'index.html')) || 'no recap deck written',
    },
    {
      id: 'check',
      group: 'build',
      label: 'bbl check',
      makes: 'a list of problems (nothing written)',
      shown: `bbl check ${NOTES} --out $WORK/build-warm --browser ${chrome} --quiet   # reads the fit cache bbl build left there, writes nothing`,
      runs: o.runs,
      command: () => bbl(['check', NOTES, '--out', w.buildWarm, '--browser', chrome, '--quiet']),
      prepare: () => {},
      // Exit 4 (warnings) is a finished check too.
      check: () => true,
    },
    {
      id: 'decktape',
      group: 'pdf',
      label: 'DeckTape (defaults)',
      makes: 'recap slide PDF',
      shown: `decktape reveal --chrome-path ${chrome} ${BROWSER_ARGS.map((a) => `--chrome-arg=${a}`).join(' ')} file://$WORK/deck/${NAME}/index.html $WORK/decktape.pdf`,
      runs: o.decktapeRuns,
      command: () => decktape([], w.decktapePdf),
      // Without PSS, the warm-up exports 3 slides: enough to load everything once, without a second full 1.5 min.
      warmup: o.pss ? undefined : () => decktape(['--slides', '1-3'], w.decktapePdf),
      prepare: () => fresh(w.decktapePdf),
      check: () => existsSync(w.decktapePdf) || 'no PDF written',
    },
    {
      id: 'bare',
      group: 'pdf',
      label: 'bare Chrome print',
      makes: 'recap slide PDF',
      shown: `node bench/bare-print.mjs ${chrome} $WORK/deck/${NAME}/index.html $WORK/bare.pdf   # ?print-pdf, Reveal.isReady(), fonts.ready, one page.pdf()`,
      runs: o.runs,
      command: () => [NODE, [path.join(ROOT, 'bench', 'bare-print.mjs'), chrome, w.deck, w.barePdf]],
      step: (stderr) => num(/loaded and printed in (\d+) ms/.exec(stderr)?.[1]),
      prepare: () => fresh(w.barePdf),
      check: () => existsSync(w.barePdf) || 'no PDF written',
    },
    {
      id: 'pdf-recap',
      group: 'pdf',
      // The yardstick of bbl pptx too.
      alsoIn: ['pptx'],
      label: 'bbl pdf --no-talks --no-handout',
      makes: 'recap slide PDF',
      shown: `bbl pdf ${NOTES} --no-talks --no-handout --out $WORK/pdf-recap --browser ${chrome} --debug   # after a bbl build into the same folder`,
      runs: o.runs,
      needsPdf: true,
      command: () => bbl(['pdf', NOTES, '--no-talks', '--no-handout', '--out', w.pdfRecap, '--browser', chrome, '--debug']),
      step: recapStep,
      prepare: () => {},
      check: () => existsSync(recapPdf(w.pdfRecap)) || `no recap slide PDF in ${w.pdfRecap}/${NAME}/`,
      output: () => recapPdf(w.pdfRecap),
    },
    {
      id: 'pdf-all',
      group: 'pdf',
      label: 'bbl pdf',
      makes: 'recap slide PDF + handout + 9 talk PDFs',
      shown: `bbl pdf ${NOTES} --out $WORK/pdf-all --browser ${chrome} --debug   # after a bbl build into the same folder`,
      runs: o.runs,
      needsPdf: true,
      command: () => bbl(['pdf', NOTES, '--out', w.pdfAll, '--browser', chrome, '--debug']),
      prepare: () => {},
      check: () => (existsSync(recapPdf(w.pdfAll)) && pdfsIn(w.pdfAll).length >= 11) || `expected ≥ 11 PDFs in ${w.pdfAll}/${NAME}/, found ${pdfsIn(w.pdfAll).length}`,
      output: () => recapPdf(w.pdfAll),
    },
    {
      id: 'pptx',
      group: 'pptx',
      label: 'bbl pptx',
      makes: 'recap + 9 talk PowerPoint files',
      shown: `bbl pptx ${NOTES} --out $WORK/pptx --browser ${chrome} --debug   # after a bbl build into the same folder`,
      runs: o.runs,
      command: () => bbl(['pptx', NOTES, '--out', w.pptx, '--browser', chrome, '--debug']),
      prepare: () => {},
      check: () => {
        const dir = path.join(w.pptx, NAME)
        const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pptx')) : []
        return files.length >= 10 || `expected ≥ 10 .pptx files in ${dir}/, found ${files.length}`
      },
    },
  ]
}

// ---------------------------------------------------------------- setup

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bbl-bench-'))
  const w = {
    dir,
    reveal4: reveal4Dir(),
    arNotes: path.join(dir, 'ar', `${NAME}.adoc`),
    arHtml: path.join(dir, 'ar', `${NAME}.html`),
    deckOut: path.join(dir, 'deck'),
    deck: path.join(dir, 'deck', NAME, 'index.html'),
    buildCold: path.join(dir, 'build-cold'),
    buildColdOff: path.join(dir, 'build-cold-off'),
    buildWarm: path.join(dir, 'build-warm'),
    pdfRecap: path.join(dir, 'pdf-recap'),
    pdfAll: path.join(dir, 'pdf-all'),
    pptx: path.join(dir, 'pptx'),
    decktape: path.join(dir, 'decktape'),
    decktapePdf: path.join(dir, 'decktape.pdf'),
    barePdf: path.join(dir, 'bare.pdf'),
  }
  // asciidoctor-revealjs gets the notes alone in a folder, with the photos
  // where the notes' :imagesdir: (./images) says, as its users would set it up.
  mkdirSync(path.join(dir, 'ar', 'images'), { recursive: true })
  copyFileSync(path.join(ROOT, NOTES), w.arNotes)
  cpSync(path.join(ROOT, 'images', NAME), path.join(dir, 'ar', 'images'), { recursive: true })
  return w
}

/**
 * A private copy of bbl for the whole bench, compiled from the last commit
 * (git archive HEAD), or with --worktree from the files as they are. Others
 * may edit src/ or recompile lib/ while the bench runs; the copy does not
 * move, and the results name the commit they measured. Falls back to the
 * working tree's lib/ when the copy does not compile.
 */
function snapshotBbl(w, worktree) {
  const dir = path.join(w.dir, 'bbl')
  const parts = ['bin', 'src', 'assets', 'themes', 'package.json', 'tsconfig.json']
  mkdirSync(dir, { recursive: true })
  let from
  if (!worktree) {
    try {
      execFileSync('sh', ['-c', `git archive --format=tar HEAD ${parts.join(' ')} | tar -x -C "$1"`, 'sh', dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
      from = `the committed files (HEAD) compiled by the bench`
    } catch {
      // Not a git checkout: the working tree it is.
    }
  }
  if (!from) {
    for (const f of parts) cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true })
    from = 'the working tree, src/ compiled by the bench'
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  try {
    sh(NODE, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(dir, 'tsconfig.json')], { cwd: dir })
  } catch (e) {
    rmSync(path.join(dir, 'lib'), { recursive: true, force: true })
    cpSync(path.join(ROOT, 'lib'), path.join(dir, 'lib'), { recursive: true })
    from = `the working tree's lib/ as found (${from} did not compile: ${String(e.stdout || e.message).split('\n')[0].slice(0, 120)})`
  }
  return { bin: path.join(dir, 'bin', 'bbl.js'), from }
}

async function untimed(label, [cmd, args], cwd = ROOT) {
  const r = await measure(cmd, args, { cwd })
  if (r.code !== 0) throw new BenchError(`${label} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`)
  return r
}

async function installDecktape(w) {
  mkdirSync(w.decktape, { recursive: true })
  writeFileSync(path.join(w.decktape, 'package.json'), '{ "private": true }\n')
  log('installing DeckTape (npm install decktape, browser download skipped)...')
  const r = await measure('npm', ['install', '--no-audit', '--no-fund', 'decktape'], {
    cwd: w.decktape,
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
  })
  if (r.code !== 0) throw new BenchError(`npm install decktape failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`)
  return JSON.parse(readFileSync(path.join(w.decktape, 'node_modules', 'decktape', 'package.json'), 'utf8')).version
}

/** Whether `bbl pdf` works yet (it is being written): one try on a built deck. */
async function probePdf(w, chrome) {
  const out = path.join(w.dir, 'pdf-probe')
  await untimed('bbl build', [NODE, [w.bbl, 'build', NOTES, '--out', out, '--browser', chrome, '--quiet']])
  const r = await measure(NODE, [w.bbl, 'pdf', NOTES, '--no-talks', '--out', out, '--browser', chrome], { cwd: ROOT })
  const pdfs = existsSync(path.join(out, NAME)) ? readdirSync(path.join(out, NAME)).filter((f) => f.endsWith('.pdf')) : []
  rmSync(out, { recursive: true, force: true })
  if (r.code === 0 && pdfs.length > 0) return { ok: true }
  const lines = r.stderr.trim().split('\n').map((l) => l.trim())
  const why = r.code === 0 ? 'exit 0 but no PDF written' : (lines.find((l) => /^(bbl:|\w*Error\b)/.test(l)) ?? lines[0] ?? '')
  return { ok: false, why: `exit ${r.code}${why ? `: ${why.slice(0, 160)}` : ''}` }
}

// ---------------------------------------------------------------- the runs

async function runOnce(tool, command, { pss = false } = {}) {
  tool.prepare()
  const [cmd, args] = command
  const load = os.loadavg()[0]
  const r = await measure(cmd, args, { cwd: ROOT, pss, timeoutMs: 10 * 60_000 })
  const checked = r.code === 0 ? tool.check() : `exit ${r.code}`
  const ok = checked === true
  const why = ok ? undefined : `${checked}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 200)}` : ''}`
  return { ...r, ok, why, load, stepMs: tool.step?.(r.stderr) }
}

async function benchmark(list, o) {
  // Warm-up: every command once, untimed (disk cache, V8 code cache, fonts),
  // with PSS sampled since it slows what it measures.
  for (const t of list) {
    if (t.skip) continue
    log(`warm-up: ${t.label}${o.pss ? ' (sampling PSS too)' : ''}...`)
    const r = await runOnce(t, t.warmup?.() ?? t.command(), { pss: o.pss })
    if (!r.ok) {
      t.skip = `failed in the warm-up (${r.why})`
      log(`  ${t.label}: ${t.skip}`)
      continue
    }
    if (o.pss && !t.warmup) t.pss = { rssMb: r.peakRssMb, pssMb: r.peakPssMb }
    if (t.id.startsWith('pdf-')) t.debug = r.stderr
  }
  const rounds = Math.max(0, ...list.filter((t) => !t.skip).map((t) => t.runs))
  for (let round = 0; round < rounds; round++) {
    // Rotate the order every round: no command always runs first or after the same one.
    const order = list.map((_, i) => list[(i + round) % list.length])
    for (const t of order) {
      if (t.skip || round >= t.runs) continue
      const r = await runOnce(t, t.command())
      t.results.push(r)
      log(`round ${round + 1}/${rounds}: ${t.label.padEnd(32)} ${r.ok ? `${sec(r.ms)} s, ${mb(r.peakRssMb)} MB` : `FAILED ${r.why}`}`)
      if (r.ok && t.id.startsWith('pdf-')) t.debug = r.stderr
    }
  }
}

// ---------------------------------------------------------------- the report

/** `[debug]` lines of bbl pdf that say how long a step took. */
const debugTimings = (stderr, work) =>
  (stderr ?? '')
    .split('\n')
    .filter((l) => l.startsWith('[debug]') && /\d\s*ms\b|\d\s*s\b/.test(l))
    .map((l) => l.split(path.relative(ROOT, work)).join('$WORK').split(work).join('$WORK'))

function goalsTable(by) {
  const s = (id) => (by[id].skip ? undefined : summary(by[id]))
  const rows = []
  const goal = (what, a, b, limit, aLabel, bLabel, note = '', ids = []) => {
    if (!a || !b) {
      const why = ids.map((id) => by[id].skip).find(Boolean) ?? 'no successful run'
      rows.push(`| ${what} | ${aLabel} vs ${bLabel} | – | – | ≤ ${limit}× | – | ${why} |`)
      return
    }
    const rMed = a.median / b.median
    const rMin = a.min / b.min
    // CPU time moves much less than wall time when other work shares the machine.
    const cpu = a.cpuS && b.cpuS ? `CPU time ratio ${ratio(a.cpuS / b.cpuS)}` : ''
    rows.push(`| ${what} | ${aLabel} ${sec(a.median)} s vs ${bLabel} ${sec(b.median)} s | ${ratio(rMed)} | ${ratio(rMin)} | ≤ ${limit}× | ${rMed <= limit ? 'yes' : '**no**'} | ${[cpu, note].filter(Boolean).join('; ')} |`)
  }
  goal('1. build', s('build-cold'), s('ar'), 4, 'bbl build (no cache)', 'asciidoctor-revealjs', 'issue 22: 29 photos straightened', ['build-cold', 'ar'])
  goal('1. build, photos off', s('build-cold-off'), s('ar'), 2.5, 'bbl build --photos off (no cache)', 'asciidoctor-revealjs', 'issue 22', ['build-cold-off', 'ar'])
  goal('1. rebuild', s('build-warm'), s('ar'), 0.5, 'bbl build (cache kept)', 'asciidoctor-revealjs', 'a rebuild of unchanged notes: the last build reused, nothing parsed or written', ['build-warm', 'ar'])
  goal('2a. slide PDF', s('pdf-recap'), s('decktape'), 0.2, 'bbl pdf (slides only)', 'DeckTape', '', ['pdf-recap', 'decktape'])
  goal('2b. slide PDF', s('pdf-recap'), s('bare'), 1.2, 'bbl pdf (slides only)', 'bare print', '', ['pdf-recap', 'bare'])
  const step = (x) => x?.step && { median: x.step.median, min: x.step.min }
  goal('2b. slide PDF, step only', step(s('pdf-recap')), step(s('bare')), 1.5, "bbl's recap PDF step", "bare print's load + print", 'for information: in-process times, browser start excluded (bbl: its --debug line; bare print: its own timer)', ['pdf-recap', 'bare'])
  goal('2d. all PDFs', s('pdf-all'), s('pdf-recap'), 2.5, 'bbl pdf', 'bbl pdf (slides only)', '', ['pdf-all', 'pdf-recap'])
  goal('12. check', s('check'), s('build-warm'), 1, 'bbl check', 'bbl build (cache kept)', 'issue 12: a check costs no more than a rebuild', ['check', 'build-warm'])
  goal('12. PowerPoint', s('pptx'), s('pdf-recap'), 2, 'bbl pptx (recap + 9 talks)', 'bbl pdf (slides only)', 'issue 12', ['pptx', 'pdf-recap'])
  if (by['list-500']) rows.push(...scaleGoals(by, summary, { sec, ratio }))
  return [
    '| Goal | Measured (medians) | Ratio of medians | Ratio of minima | Goal | Met | Note |',
    '| --- | --- | ---: | ---: | ---: | --- | --- |',
    ...rows,
  ]
}

function timesTable(list) {
  const rows = list.map((t) => {
    const s = summary(t)
    const pss = t.pss ? `${mb(t.pss.pssMb)}` : '–'
    if (!s) return `| ${t.label} | ${t.makes} | ${t.skip ?? t.results.find((r) => !r.ok)?.why ?? 'not run'} | | | | | | | |`
    const failed = t.results.length - s.runs
    return `| ${t.label} | ${t.makes} | ${s.runs}${failed ? ` (+${failed} failed)` : ''} | ${sec(s.median)} | ${sec(s.min)} | ${sec(s.max)} | ${s.cpuS.toFixed(2)} | ${mb(s.peakRssMb)} | ${pss} | ${s.procs} |`
  })
  return [
    '| Command | Makes | Runs | Median s | Min s | Max s | CPU s (tree, median) | Peak RSS MB (tree) | Peak PSS MB (warm-up) | Processes |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ]
}

function readerTable(r) {
  const tall = (d) => (d ? `${d.tall.length} of ${d.total}${d.tall.length ? ` (tallest ${Math.max(...d.tall.map((t) => t.height))} px)` : ''}` : '–')
  const lines = [
    '| Deck | Slides | Taller than 720 px at 1280×720 (cut off on screen) | Deck size (reveal.js config) |',
    '| --- | ---: | --- | --- |',
    `| asciidoctor-revealjs (one deck) | ${r.arDeck?.total ?? '–'} | ${tall(r.arDeck)} | ${r.arDeck ? `${r.arDeck.config.width}×${r.arDeck.config.height}` : '–'} |`,
    `| bbl recap deck | ${r.bblDeck?.total ?? '–'} | ${tall(r.bblDeck)} | ${r.bblDeck ? `${r.bblDeck.config.width}×${r.bblDeck.config.height}` : '–'} |`,
    '',
    `| Recap slide PDF made by | Pages | Size MB | Notes' words found by pdftotext (of ${r.notesWords ?? '–'}, with repetition) |`,
    '| --- | ---: | ---: | ---: |',
  ]
  for (const p of r.pdfs) {
    lines.push(`| ${p.label} | ${p.pages ?? '–'} | ${p.bytes ? (p.bytes / 1e6).toFixed(1) : '–'} | ${p.cover ? `${pct(p.cover.share)} (${p.cover.found})` : (p.why ?? '–')} |`)
  }
  return lines
}

function markdown({ m, o, list, by, reader, pdfOk, pdfWhy, decktapeVersion, loadEnd, work }) {
  const L = []
  L.push('# bbl benchmark', '')
  L.push(`Written by \`npm run bench\` (bench/run.mjs) on ${m.date}.`, '')
  L.push(`Machine: ${m.nproc} cores (${m.cpu}), ${m.memGiB} GiB, ${m.kernel}; Node ${m.node}; ${m.chromium}.`)
  L.push(`Tools: bbl ${m.bbl}; ${m.asciidoctorRevealjs}; DeckTape ${decktapeVersion ?? '–'} (installed by the bench into a temporary folder).`)
  L.push(`Load average (1, 5, 15 min) at start: ${m.load}; at end: ${loadEnd}. A shared machine makes times noisy: compare the minima too.`, '')
  L.push(`Sample: \`${NOTES}\`. Each command ran ${o.runs} times (DeckTape ${o.decktapeRuns}), interleaved round by round in a rotating order, after one untimed warm-up; times are wall-clock for the whole process, node startup included.`, '')
  if (!pdfOk && o.runs_('pdf')) L.push(`**bbl pdf: not available** when this ran (${pdfWhy}); its rows are empty and the code is ready for it.`, '')
  L.push('## Goals', '', ...goalsTable(by), '')
  L.push('## Times and memory', '', ...timesTable(list), '')
  L.push(
    'CPU s: user + system time of the command and every process below it, as last seen by the 50 ms samples (a short command is undercounted by up to ~0.05 s); it moves much less than wall time when other work shares the machine, and shows how much work each tool does.',
    'Peak RSS: the largest sum, over 50 ms samples, of the RSS of the command and every process below it (browser included), the largest over the timed runs.',
    "Chromium's processes share most of their pages, so an RSS sum counts shared memory once per process; PSS splits shared pages between the processes and adds up to what the tree really holds. PSS is read in the warm-up only, since reading it costs ~20 ms per sample.",
    '',
  )
  L.push('## What a reader gets', '', ...readerTable(reader), '')
  if (reader.arDeck?.tall.length) {
    L.push(`asciidoctor-revealjs's tall slides: ${reader.arDeck.tall.map((t) => `${t.title} (${t.height} px)`).join('; ')}.`, '')
  }
  L.push(
    "Slides: `Reveal.getTotalSlides()`. Height: each slide's `scrollHeight` times `Reveal.getScale()`, after its pictures loaded, in Chromium at 1280×720.",
    "Words: the notes' words (markup, comments, attributes and URLs dropped; two letters or more) counted with repetition, and how many of them the PDF's text layer holds. bbl turns some words of the notes into structure on purpose (\"Présenté par\", \"TOP !\", file names of photos), so 100 % is not expected; the point is the same deck through each exporter.",
    '',
  )
  L.push('## How each command was run', '', `\`$WORK\` is a temporary folder; \`bbl\` is \`node $WORK/bbl/bin/bbl.js\`, a copy of bbl made at the start (see Tools above) so that nobody recompiling lib/ meanwhile changes it; the working folder is the repository root. All browsers are the same Chromium, started with ${BROWSER_ARGS.map((a) => `\`${a}\``).join(' ')} (bbl adds these itself, plus its own hardening).`, '')
  for (const t of list) L.push(`- **${t.label}**: \`${t.shown}\``)
  L.push('', `The PDF tools all export the same deck: bbl's recap deck, built once with \`bbl build\` into \`$WORK/deck\`.`, '')
  L.push('## What is fair and what is not', '')
  L.push(
    "- **Build**: asciidoctor-revealjs converts the notes to one HTML file and never opens a browser. bbl writes ten decks, resizes the photos and measures every slide in headless Chromium so that none overflows: most of its time is Chromium starting and laying out slides. The cold row removes bbl's fit cache (`<out>/.bbl-cache`) before each run, as on a first build; the rebuild row keeps it, as on every later build of unchanged notes.",
    "- **Recap slide PDF**: `bbl pdf --no-talks --no-handout` makes the recap slide PDF alone, but starts by rebuilding the decks (with the fit cache from the build before, as after a `bbl build`: parsing the notes and copying the photos again), and adds the outline and metadata. DeckTape and the bare print start from the already built deck. So the bbl row does more work than the two it is compared with. The \"step only\" row compares just the printing: the time bbl's `--debug` gives for the recap slide PDF against the bare print's own timer from navigation to PDF written, both without node and Chromium start-up.",
    "- **DeckTape** runs with its defaults, which is what its users get: it visits every slide and waits its default 1 s pause on each before printing it; it never sees bbl's print stylesheet (it prints the screen view, one slide at a time). Its time is mostly those pauses.",
    "- **Bare print** is a floor, not a product: one `page.pdf()` of `?print-pdf` with no checks, no forwarding of page errors, no fitting, no metadata.",
    "- **Memory** is sampled every 50 ms: a spike shorter than that can be missed. The sampler itself costs ~1 % of a core.",
    '',
  )
  const dbg = debugTimings(by['pdf-recap'].debug, work)
  const dbgAll = debugTimings(by['pdf-all'].debug, work)
  if (dbg.length || dbgAll.length) {
    L.push('### bbl pdf --debug timings (last run)', '', '```', '$ bbl pdf --no-talks --no-handout', ...dbg, '$ bbl pdf', ...dbgAll, '```', '')
  }
  L.push('## Every run (in run order)', '', '| Command | Seconds | Peak RSS MB | Load average (1 min) as it started |', '| --- | --- | --- | --- |')
  for (const t of list) {
    const col = (f) => t.results.map((r) => (r.ok ? f(r) : 'failed')).join(', ') || '–'
    L.push(`| ${t.label} | ${col((r) => sec(r.ms))} | ${col((r) => mb(r.peakRssMb))} | ${t.results.map((r) => r.load.toFixed(1)).join(', ') || '–'} |`)
  }
  L.push('')
  return L.join('\n')
}

// ---------------------------------------------------------------- main

async function main(argv) {
  const o = options(argv)
  const chrome = process.env['CHROME_PATH'] || (existsSync('/usr/bin/chromium-headless-shell') ? '/usr/bin/chromium-headless-shell' : '/usr/bin/chromium')
  preflight(chrome)
  const m = machine(chrome)
  const w = setup()
  let keep = o.keep
  const onSignal = () => {
    killRunning()
    if (!keep) rmSync(w.dir, { recursive: true, force: true })
    process.exit(130)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    log(`working in ${w.dir}`)
    const snap = snapshotBbl(w, o.worktree)
    w.bbl = snap.bin
    w.bblFrom = snap.from
    m.bbl = m.bbl(w, o.worktree)
    log('building bbl\'s recap deck for the PDF tools...')
    await untimed('bbl build', [NODE, [w.bbl, 'build', NOTES, '--out', w.deckOut, '--browser', chrome, '--quiet']])
    const pdfs = o.runs_('pdf') || o.runs_('pptx')
    const decktapeVersion = o.runs_('pdf') ? await installDecktape(w) : undefined
    if (pdfs) log('checking whether bbl pdf works yet...')
    const probe = pdfs ? await probePdf(w, chrome) : { ok: false, why: 'not run (--only build)' }
    if (pdfs && !probe.ok) log(`bbl pdf is not available (${probe.why}): its rows will say so`)

    if (o.runs_('scale')) w.scale = scaleNotes(path.join(w.dir, 'scale'), ROOT, NOTES)
    const list = [...tools(w, chrome, o), ...(w.scale ? scaleTools(w, chrome, o, NODE, arScript()) : [])].map((t) => ({ ...t, results: [] }))
    const by = Object.fromEntries(list.map((t) => [t.id, t]))
    for (const t of list) if (t.needsPdf && !probe.ok) t.skip = `not available (${probe.why})`
    for (const t of list) if (!o.runs_(t.group) && !(t.alsoIn ?? []).some(o.runs_)) t.skip = `not run (--only ${o.only})`
    // The rebuild row, and bbl pdf as a user runs it, start where a bbl build ran before: build first (untimed).
    const built = [
      ...(o.runs_('build') ? [w.buildWarm] : []),
      ...(probe.ok && o.runs_('pdf') ? [w.pdfRecap, w.pdfAll] : probe.ok && o.runs_('pptx') ? [w.pdfRecap] : []),
      ...(o.runs_('pptx') ? [w.pptx] : []),
    ]
    for (const out of built) await untimed('bbl build', [NODE, [w.bbl, 'build', NOTES, '--out', out, '--browser', chrome, '--quiet']])
    await benchmark(list, o)

    log('counting what a reader gets...')
    const reader = { pdfs: [] }
    reader.arDeck = existsSync(w.arHtml) ? await deckStats(chrome, w.arHtml) : undefined
    reader.bblDeck = await deckStats(chrome, w.deck)
    const notes = readFileSync(path.join(ROOT, NOTES), 'utf8')
    const pdfRow = (label, file, why) => {
      if (!file || !existsSync(file)) return { label, why: why ?? 'no PDF' }
      const cover = wordCoverage(notes, file)
      reader.notesWords = cover.total
      return { label, pages: pdfPages(file), bytes: statSync(file).size, cover }
    }
    reader.pdfs.push(pdfRow('DeckTape (defaults)', w.decktapePdf, by.decktape.skip))
    reader.pdfs.push(pdfRow('bare Chrome print', w.barePdf, by.bare.skip))
    reader.pdfs.push(pdfRow('bbl pdf', by['pdf-all'].skip ? undefined : by['pdf-all'].output(), by['pdf-all'].skip))

    const md = markdown({ m, o, list, by, reader, pdfOk: probe.ok, pdfWhy: probe.why, decktapeVersion, loadEnd: os.loadavg().map((x) => x.toFixed(2)).join(' '), work: w.dir })
    writeFileSync(o.out, md + earlierRuns(o.out))
    process.stdout.write(`${['', ...goalsTable(by), '', ...timesTable(list), '', ...readerTable(reader), ''].join('\n')}\n`)
    log(`wrote ${path.relative(process.cwd(), o.out) || o.out}`)
    return 0
  } catch (e) {
    keep = keep || e instanceof BenchError
    throw e
  } finally {
    if (keep) log(`kept ${w.dir}`)
    else rmSync(w.dir, { recursive: true, force: true })
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (e) {
  if (e instanceof BenchError || e?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    log(`bench: ${e.message}`)
    process.exitCode = 1
  } else {
    throw e
  }
}
