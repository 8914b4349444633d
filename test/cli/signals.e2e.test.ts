/**
 * SIGHUP (a closed terminal, a dropped SSH session) and SIGTERM stop bbl as
 * Ctrl-C does: exit 130, the browser closed, temporary folders removed, the
 * earlier output byte for byte. Killed outright (kill -9), bbl's browser ends by
 * itself (it is spoken to over a pipe); a browser left by a dead bbl is ended
 * by the next run, found by its profile folder (which carries that bbl's process id).
 * Long synchronous work (parsing 5 MB of notes, typesetting 200,000 characters of
 * AsciiMath) runs in threads that a signal ends: bbl stops long before that work
 * could have finished (measured on a tenth of it, in this process).
 * Runs bin/bbl.js (lib/, compiled), where the signal handlers are.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { archive } from '../../bench/stress.mjs'
import { withTimeout } from '../../src/browser/clocks.js'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { typeset } from '../../src/notes/math.js'
import { root } from '../helpers/cli.js'

const talks = (n: number, extra = '') =>
  `= Signals\nAda Lovelace\n\n== Talks\n\n${Array.from({ length: n }, (_, i) => `=== Talk ${i + 1}\n\nPrésenté par Ada\n\nWords of talk ${i + 1}${extra}.\n`).join('\n')}`

let dir: string
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-signals-'))
  await writeFile(path.join(dir, 'notes.adoc'), talks(3))
})
after(() => rm(dir, { recursive: true, force: true }))

/** bin/bbl.js in `dir`, with a TMPDIR of its own. */
async function start(args: string[], given?: string): Promise<{ child: ChildProcess; tmp: string; done: Promise<{ code: number | null; stderr: string }> }> {
  const tmp = given ?? (await mkdtemp(path.join(os.tmpdir(), 'bbl-signals-tmp-')))
  const child = spawn(process.execPath, [path.join(root, 'bin', 'bbl.js'), ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })))
  return { child, tmp, done }
}

/** The processes whose command line names `dir` (Linux /proc): a browser by its profile folder. */
function using(dir: string): number[] {
  const out: number[] = []
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir)) out.push(Number(p))
    } catch {
      // Gone.
    }
  }
  return out
}

const waitFor = async (test: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const t0 = Date.now()
  while (!(await test())) {
    if (Date.now() - t0 > ms) throw new Error(`waited too long for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function snapshot(folder: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const e of await readdir(folder, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(folder, path.join(e.parentPath, e.name))
    if (e.isFile() && rel.split(path.sep)[0] !== '.bbl-cache') out.set(rel, createHash('sha256').update(await readFile(path.join(folder, rel))).digest('hex'))
  }
  return out
}

const browserUp = (tmp: string) => readdirSync(tmp).some((n) => n.startsWith('bbl-chrome-')) && using(tmp).length > 0

describe('signals', () => {
  for (const signal of ['SIGHUP', 'SIGTERM'] as const) {
    it(`${signal} during a build: exit 130, the browser closed, nothing left, the earlier output byte for byte`, async () => {
      const first = await start(['build', 'notes.adoc', '--out', `out-${signal}`])
      assert.equal((await first.done).code, 0)
      await rm(first.tmp, { recursive: true, force: true })
      const out = path.join(dir, `out-${signal}`)
      const earlier = await snapshot(out)
      // The same notes, changed and long enough to be stopped while the browser measures them.
      await writeFile(path.join(dir, 'notes.adoc'), talks(400, ', changed'))
      const run = await start(['build', 'notes.adoc', '--out', `out-${signal}`])
      try {
        await waitFor(() => browserUp(run.tmp), 60_000, 'the browser')
        run.child.kill(signal)
        const { code, stderr } = await run.done
        assert.equal(code, 130, stderr)
        await waitFor(() => using(run.tmp).length === 0, 10_000, 'no process using its TMPDIR')
        assert.deepEqual(readdirSync(run.tmp), [], 'nothing left in TMPDIR')
        assert.deepEqual((await readdir(out)).filter((f) => /\.bbl-(tmp|old)-|^\.index\.html\./.test(f)), [])
        assert.deepEqual(await snapshot(out), earlier)
      } finally {
        await writeFile(path.join(dir, 'notes.adoc'), talks(3))
        for (const p of using(run.tmp)) process.kill(p, 'SIGKILL')
        await rm(run.tmp, { recursive: true, force: true })
      }
    })
  }

  it('kill -9: the browser ends by itself; the next run removes what was left', async () => {
    await writeFile(path.join(dir, 'many.adoc'), talks(400))
    const run = await start(['build', 'many.adoc', '--out', 'out-kill'])
    try {
      await waitFor(() => browserUp(run.tmp), 60_000, 'the browser')
      run.child.kill('SIGKILL')
      await run.done
      await waitFor(() => using(run.tmp).length === 0, 15_000, 'the browser to end with bbl')
    } finally {
      for (const p of using(run.tmp)) process.kill(p, 'SIGKILL')
      await rm(run.tmp, { recursive: true, force: true })
    }
  })

  it('a browser left by a dead bbl (found by its profile folder) is ended by the next run', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-signals-tmp-'))
    try {
      // A process id no process has any more: a short-lived child's, once it has exited.
      const gone = spawn(process.execPath, ['-e', ''])
      await new Promise((r) => gone.on('close', r))
      const profile = path.join(tmp, `bbl-chrome-${gone.pid}-AbCdEf`)
      await mkdir(path.join(profile, 'profile'), { recursive: true })
      // Stands for the browser: a process whose command line names the profile, as Chromium's does.
      const left = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)', '--', `--user-data-dir=${path.join(profile, 'profile')}`], { stdio: 'ignore' })
      const ended = new Promise((r) => left.on('exit', r))
      await waitFor(() => using(profile).length > 0, 5_000, 'the stand-in')
      const run = await start(['build', 'notes.adoc', '--out', 'out-later'], tmp)
      const { code, stderr } = await run.done
      assert.equal(code, 0, stderr)
      await withTimeout(ended, 10_000, 'the left browser ending')
      assert.deepEqual(readdirSync(tmp), [], 'its profile folder removed too')
      left.kill('SIGKILL')
    } finally {
      await rm(tmp, { recursive: true, force: true })
    }
  })
})

/** A process's CPU time so far, in seconds, all its threads (Linux /proc: utime + stime, in ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / 100
  } catch {
    return Number.POSITIVE_INFINITY // gone
  }
}

/** Wall and CPU seconds `work` takes in this process. */
function measure(work: () => void): { wall: number; cpu: number } {
  const [t0, c0] = [performance.now(), process.cpuUsage()]
  work()
  const c = process.cpuUsage(c0)
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 }
}

/** 200,000 characters of AsciiMath, as 500 formulas of 400 characters. */
const FORMULA = `${Array.from({ length: 40 }, (_, i) => `x_${i}^2+`).join('').padEnd(399, 'y')}z`
const mathNotes = (n: number) => `= Math\n\n== Talks\n\n=== Formulas\n\nPrésenté par Ada\n\n${Array.from({ length: n }, () => `asciimath:[${FORMULA}]`).join('\n\n')}\n`

/** bbl's CPU time when the signal is sent: past its start, well inside the long work. */
const CPU_AT_SIGNAL = 2

describe('signals during long synchronous work', () => {
  const out = () => path.join(dir, 'out-long')
  let earlier: Map<string, string>
  const work: Record<string, { notes: string; whole: { wall: number; cpu: number } }> = {}

  before(async () => {
    await writeFile(path.join(dir, 'long.adoc'), talks(3))
    const first = await start(['build', 'long.adoc', '--out', 'out-long'])
    assert.equal((await first.done).code, 0)
    await rm(first.tmp, { recursive: true, force: true })
    earlier = await snapshot(out())
    // What the work takes uninterrupted, from a tenth of it here (after a warm-up: Asciidoctor and MathJax loaded).
    parseNotes(talks(3), 'warm.adoc')
    typeset(FORMULA, 'asciimath', false)
    const tenth = measure(() => parseNotes(archive(250), 'tenth.adoc'))
    work['5 MB of notes'] = { notes: archive(2500), whole: { wall: tenth.wall * 10, cpu: tenth.cpu * 10 } }
    const formulas = measure(() => Array.from({ length: 25 }, () => typeset(FORMULA, 'asciimath', false)))
    work['200,000 characters of AsciiMath'] = { notes: mathNotes(500), whole: { wall: formulas.wall * 20, cpu: formulas.cpu * 20 } }
  })

  for (const what of ['5 MB of notes', '200,000 characters of AsciiMath']) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`${signal} while bbl works through ${what}: exit 130 long before the work could end, nothing left, the earlier output byte for byte`, async () => {
        const { notes, whole } = work[what]!
        assert.ok(Buffer.byteLength(notes) >= (what.startsWith('5') ? 5e6 : 2e5), 'as much work as said')
        // The work takes far more CPU than bbl has spent when the signal goes: it is sent in the middle of it.
        assert.ok(whole.cpu > 3 * CPU_AT_SIGNAL, `the whole work: ${whole.cpu.toFixed(1)} s of CPU`)
        await writeFile(path.join(dir, 'long.adoc'), notes)
        const run = await start(['build', 'long.adoc', '--out', 'out-long'])
        try {
          await waitFor(() => cpuSeconds(run.child.pid!) >= CPU_AT_SIGNAL, 120_000, 'bbl to be at work')
          const sent = performance.now()
          run.child.kill(signal)
          const { code, stderr } = await run.done
          const took = (performance.now() - sent) / 1000
          assert.equal(code, 130, stderr)
          assert.ok(took < whole.wall / 2, `stopped ${took.toFixed(2)} s after ${signal}; the whole work takes ~${whole.wall.toFixed(1)} s`)
          await waitFor(() => using(run.tmp).length === 0, 10_000, 'no process using its TMPDIR')
          assert.deepEqual(readdirSync(run.tmp), [], 'nothing left in TMPDIR')
          assert.deepEqual((await readdir(out())).filter((f) => /\.bbl-(tmp|old)-|^\.index\.html\./.test(f)), [])
          assert.deepEqual(await snapshot(out()), earlier)
        } finally {
          for (const p of using(run.tmp)) process.kill(p, 'SIGKILL')
          await rm(run.tmp, { recursive: true, force: true })
        }
      })
    }
  }
})
