/**
 * How long bbl takes to stop on a signal sent in the middle of long synchronous
 * work: parsing 5 MB of notes, typesetting 200,000 characters of AsciiMath.
 * Each run: `bbl build` started, the signal sent once bbl has used 2 s of CPU
 * (past its start, inside the work), the time until it exits measured.
 *
 *   node bench/signals.mjs [--bbl <checkout>] [--cap <s>]
 *
 * `--bbl` measures another checkout (compiled, with its node_modules), e.g. an
 * earlier commit; `--cap` kills a run (SIGKILL) that has not stopped that many
 * seconds after the signal, and reports "> cap".
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { archive } from './stress.mjs'

const { values } = parseArgs({ options: { bbl: { type: 'string', default: path.resolve(import.meta.dirname, '..') }, cap: { type: 'string', default: '600' } } })
const CPU_AT_SIGNAL = 2

/** 200,000 characters of AsciiMath: 500 formulas of 400 characters. */
const FORMULA = `${Array.from({ length: 40 }, (_, i) => `x_${i}^2+`).join('').padEnd(399, 'y')}z`
const math = `= Math\n\n== Talks\n\n=== Formulas\n\nPresented by Ada\n\n${Array.from({ length: 500 }, () => `asciimath:[${FORMULA}]`).join('\n\n')}\n`

/** A process's CPU time (all threads), in seconds; Infinity once it is gone. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / 100
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

async function stopTime(notes, signal, dir) {
  const child = spawn(process.execPath, [path.join(values.bbl, 'bin', 'bbl.js'), 'build', notes, '--out', 'out'], { cwd: dir, stdio: 'ignore' })
  const done = new Promise((resolve) => child.on('close', (code) => resolve(code)))
  while (cpuSeconds(child.pid) < CPU_AT_SIGNAL) await new Promise((r) => setTimeout(r, 50))
  const sent = performance.now()
  child.kill(signal)
  const cap = setTimeout(() => child.kill('SIGKILL'), Number(values.cap) * 1000)
  const code = await done
  clearTimeout(cap)
  const s = (performance.now() - sent) / 1000
  return { code, seconds: code === null ? `> ${values.cap}` : s.toFixed(2) }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'bbl-bench-signals-'))
try {
  writeFileSync(path.join(dir, 'archive.adoc'), archive(2500))
  writeFileSync(path.join(dir, 'math.adoc'), math)
  console.log(`bbl: ${values.bbl}; load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
  console.log('| work | signal | exit code | signal to exit (s) |\n| --- | --- | ---: | ---: |')
  for (const [what, notes] of [['5 MB of notes (archive 2500)', 'archive.adoc'], ['200,000 characters of AsciiMath', 'math.adoc']]) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      const r = await stopTime(notes, signal, dir)
      console.log(`| ${what} | ${signal} | ${r.code ?? 'killed'} | ${r.seconds} |`)
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
