#!/usr/bin/env node
/**
 * node bench/outputs.mjs: every output of the sample in one run against the three
 * commands one after the other, into one folder, as a user would run them:
 *
 *   one run   bbl build decks/dataxday-2018.adoc --pdf --pptx --images --out A
 *   three     bbl pdf …  --out B;  bbl pptx … --out B;  bbl images … --out B   (the sum)
 *
 * Each round starts from empty folders (no fit cache: a first build), runs the two
 * ways in alternating order, and checks that both leave the same files, byte for byte
 * (SOURCE_DATE_EPOCH is set). Wall time and CPU time (user + system of the whole
 * process tree, browser included: it moves less with the load) are measured by
 * bench/measure.mjs. Prints the rows and adds them, dated, to bench/results.md under
 * "## Every output in one run". Options: --runs N (rounds, default 1), --no-write.
 * Uses bin/bbl.js (lib/: run `npx tsc -p tsconfig.json` first). Not part of the tests.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { measure } from './measure.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const NOTES = 'decks/dataxday-2018.adoc'
const NAME = 'dataxday-2018'
const BIN = path.join(ROOT, 'bin', 'bbl.js')
const RESULTS = path.join(ROOT, 'bench', 'results.md')
const HEADING = '## Every output in one run'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, 'no-write': { type: 'boolean', default: false } } })
const rounds = Number(values.runs)
const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000', NO_COLOR: '1' }
const log = (msg) => process.stderr.write(`${msg}\n`)

async function bbl(args) {
  const r = await measure(process.execPath, [BIN, ...args, '--quiet'], { cwd: ROOT, env })
  if (r.code !== 0) throw new Error(`bbl ${args.join(' ')}: exit ${r.code}\n${r.stderr}`)
  return r
}

/** The output files of a notes folder and their hashes. */
function outputs(dir) {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(pdf|pptx|png|webp)$/.test(f) && !f.startsWith('images')).sort()
  return new Map(files.map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]))
}

const sum = (rs) => ({ ms: rs.reduce((n, r) => n + r.ms, 0), cpuS: rs.reduce((n, r) => n + r.cpuS, 0) })

const results = []
for (let i = 0; i < rounds; i++) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'bbl-bench-outputs-'))
  try {
    const one = path.join(work, 'one')
    const three = path.join(work, 'three')
    const runOne = () => bbl(['build', NOTES, '--pdf', '--pptx', '--images', '--out', one])
    const runThree = async () => sum([await bbl(['pdf', NOTES, '--out', three]), await bbl(['pptx', NOTES, '--out', three]), await bbl(['images', NOTES, '--out', three])])
    const load = os.loadavg()[0]
    let a
    let b
    if (i % 2 === 0) {
      a = await runOne()
      b = await runThree()
    } else {
      b = await runThree()
      a = await runOne()
    }
    const x = outputs(path.join(one, NAME))
    const y = outputs(path.join(three, NAME))
    const same = x.size === y.size && [...x].every(([f, h]) => y.get(f) === h)
    results.push({ one: a, three: b, files: x.size, same, load })
    log(`round ${i + 1}: one run ${(a.ms / 1000).toFixed(1)} s (CPU ${a.cpuS.toFixed(1)} s), three runs ${(b.ms / 1000).toFixed(1)} s (CPU ${b.cpuS.toFixed(1)} s); ${x.size} files, ${same ? 'byte-identical' : 'DIFFERENT'}; load ${load.toFixed(1)}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor((xs.length - 1) / 2)]
const ms1 = median(results.map((r) => r.one.ms))
const ms3 = median(results.map((r) => r.three.ms))
const cpu1 = median(results.map((r) => r.one.cpuS))
const cpu3 = median(results.map((r) => r.three.cpuS))
const date = new Date().toISOString().replace(/\.\d+Z$/, ' UTC').replace('T', ' ')
const row = `| ${date} | ${(ms1 / 1000).toFixed(1)} s (CPU ${cpu1.toFixed(1)} s) | ${(ms3 / 1000).toFixed(1)} s (CPU ${cpu3.toFixed(1)} s) | ${(ms1 / ms3).toFixed(2)}× (CPU ${(cpu1 / cpu3).toFixed(2)}×) | ${results[0].files}, ${results.every((r) => r.same) ? 'byte-identical' : '**different**'} | ${rounds} | ${results.map((r) => r.load.toFixed(1)).join(', ')} | ${ms1 < ms3 ? 'yes' : '**no**'} |`
process.stdout.write(`${row}\n`)
if (!values['no-write']) {
  const text = readFileSync(RESULTS, 'utf8')
  const head = [
    HEADING,
    '',
    'Written by `node bench/outputs.mjs` (not by `npm run bench`). The sample\'s every output (slide PDF, handout, 9 talk PDFs, 10 PowerPoint files, 187 slide pictures and 10 thumbnails) from empty folders: `bbl build --pdf --pptx --images` against the sum of `bbl pdf`, `bbl pptx` and `bbl images` into one folder, wall time (median of the rounds) and CPU time of the whole process trees. Goal: the one run takes less time than the three.',
    '',
    '| measured | one run | three runs (sum) | ratio | files | rounds | load (1 min) at each round\'s start | goal met |',
    '|---|---|---|---|---|---|---|---|',
  ].join('\n')
  const at = text.indexOf(HEADING)
  const next = at < 0 ? -1 : text.indexOf('\n## ', at + HEADING.length)
  const section = at < 0 ? `${head}\n${row}\n` : `${text.slice(at, next < 0 ? text.length : next).trimEnd()}\n${row}\n`
  const out = at < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, at)}${section}${next < 0 ? '' : `\n${text.slice(next + 1)}`}`
  writeFileSync(RESULTS, out)
}
