/**
 * The test files in an order drawn from the seed (the longest end-to-end files
 * first, LONG), each file's tests shuffled
 * too (shuffle.mjs): `--e2e` the end-to-end files (npm run test:e2e), `--unit`
 * the others, in one process (npm run test:unit, test/unit.mjs), both (npm
 * test): the tests' type checks and the linter, the unit tests, and lib/
 * compiled then the shared builds, at once; then the end-to-end files;
 * neither: all, a process per file (npm run test:shuffle). BBL_TEST_SEED=N replays an order; the seed is
 * printed. Files named after the flags run alone.
 *
 * What the run guarantees:
 * - no file can hang: each test, hook and file is bounded by --test-timeout
 *   (a hang fails, naming the file and the test, within LIMIT_S);
 * - the builds several files read are made once, first (test/shared/), and
 *   checked unchanged at the end;
 * - everything the tests and bbl put in the temporary folder goes in one folder
 *   of this run (TMPDIR), listed if anything was left in it, then removed.
 */
import { spawn } from 'node:child_process'
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { seed, testFiles } from './random.mjs'

/** The most one test file may take, in seconds: far above any file's time, far below CI's (BBL_TEST_LIMIT_S sets another, to see a hang fail sooner). */
const LIMIT_S = Number(process.env.BBL_TEST_LIMIT_S) || 480
/** The most the shared builds may take, in seconds (they take ~35–55 s). */
const SHARED_LIMIT_S = 480
/** The most the unit tests, all in one process, may take, in seconds (they take ~20 s; one process has no per-test bound). */
const UNIT_LIMIT_S = 150
/** The free room /dev/shm needs to hold the run's temporary folder (the builds and browser profiles of two files at a time). */
const SHM_ROOM = 4 * 2 ** 30
/** Files run at once: two cores. */
const CONCURRENCY = Number(process.env.BBL_TEST_CONCURRENCY) || 2
/**
 * The end-to-end files that take half a minute or more on 2 cores, longest first, started before the
 * others (which follow in the seed's order): a long file started last would run on alone while the
 * other core idles; the longest first keep both busy to the end.
 */
const LONG = [
  'test/build/conformance.e2e.test.ts',
  'test/cli/corpus.e2e.test.ts',
  'test/build/outputs.e2e.test.ts',
  'test/build/a11y.e2e.test.ts',
  'test/pptx/libreoffice.e2e.test.ts',
  'test/build/media-icons-scripts.e2e.test.ts',
  'test/build/decks.e2e.test.ts',
  'test/build/real-notes.e2e.test.ts',
]
const longFirst = (list) => [...LONG.filter((f) => list.includes(f)), ...list.filter((f) => !LONG.includes(f))]

/**
 * Where the run's temporary folder goes: BBL_TEST_TMPDIR; else Linux's memory file system
 * (/dev/shm) when it has room, since the bbl runs and browsers the tests start write their
 * outputs and profiles there (on the disk, the same builds took a tenth more CPU time, a
 * fifth more of it in the kernel); else the system's.
 */
function scratchParent() {
  if (process.env.BBL_TEST_TMPDIR) return process.env.BBL_TEST_TMPDIR
  try {
    const shm = statfsSync('/dev/shm')
    accessSync('/dev/shm', constants.W_OK)
    if (shm.bavail * shm.bsize >= SHM_ROOM) return '/dev/shm'
  } catch {
    // No /dev/shm here, or not ours to write.
  }
  return os.tmpdir()
}

const root = path.resolve(import.meta.dirname, '..', '..')
// A renamed long file would silently lose its place: say so.
for (const f of LONG) if (!existsSync(path.join(root, f))) process.stderr.write(`# test/order/run.mjs: LONG names ${f}, which is not there\n`)
const flags = { unit: process.argv.includes('--unit'), e2e: process.argv.includes('--e2e') }
/** 'both' (npm test): the type checks, the unit tests, and lib/ compiled then the shared builds, at once; then the end-to-end files. */
const kind = flags.unit && flags.e2e ? 'both' : flags.e2e ? 'e2e' : flags.unit ? 'unit' : 'all'
// Test files named on the command line run alone (with the shared builds): node test/order/run.mjs --e2e test/x.e2e.test.ts
const named = process.argv.slice(2).filter((a) => a.endsWith('.test.ts'))
const files = named.length > 0 ? named : longFirst(await testFiles(kind === 'both' ? 'e2e' : kind))
const scratch = mkdtempSync(path.join(scratchParent(), 'bbl-tests-'))
const sharedDir = path.join(scratch, 'shared')
const env = { ...process.env, TMPDIR: scratch, BBL_TEST_SHARED: sharedDir }

/** The children running now. Each is a process group of its own, ended whole (its bbl runs and their browsers too). */
const running = new Set()
const endGroup = (c, signal) => {
  try {
    process.kill(-c.pid, signal)
  } catch {
    // Gone already.
  }
}

/**
 * A child process, bounded by `timeoutS` when given; resolves with its exit status (null when
 * killed). `capture`: its output is kept and returned instead of shown as it comes.
 */
function child(command, args, { timeoutS, capture = false } = {}) {
  const c = spawn(command, args, { cwd: root, env, detached: true, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' })
  running.add(c)
  let output = ''
  if (capture) for (const s of [c.stdout, c.stderr]) s.on('data', (d) => (output += d))
  const timer = timeoutS && setTimeout(() => endGroup(c, 'SIGKILL'), timeoutS * 1000)
  return new Promise((resolve) => {
    c.on('close', (status, signal) => {
      clearTimeout(timer)
      running.delete(c)
      resolve({ status: signal ? null : status, signal, output })
    })
  })
}

// The children are in groups of their own, out of reach of the terminal's Ctrl-C: pass it on, then stop.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    for (const c of running) endGroup(c, 'SIGTERM')
    setTimeout(() => {
      for (const c of running) endGroup(c, 'SIGKILL')
      removeScratch()
      process.exit(130)
    }, 2000)
  })
}
/** Remove the run's temporary folder; false (said) when it cannot be. */
function removeScratch() {
  try {
    rmSync(scratch, { recursive: true, force: true, maxRetries: 5 })
    return true
  } catch (e) {
    process.stderr.write(`# could not remove ${scratch}: ${e.message}\n`)
    return false
  }
}

const node = (args, o) => child(process.execPath, ['--import', 'tsx', ...args], o)
const bin = (name) => path.join(root, 'node_modules', '.bin', name)

/** Run a tool of node_modules/.bin to its end, its output kept: '' when it passed, else what failed and its output. */
async function tool(name, args) {
  const r = await child(bin(name), args, { capture: true })
  return r.status === 0 ? '' : `${name} ${args.join(' ')} failed:\n${r.output}`
}

/** The tests' and page scripts' types, and the linter (the sources' types are checked as lib/ is compiled, meanwhile). */
async function checks() {
  for (const [name, args] of [['tsc', ['-p', 'test/tsconfig.json']], ['tsc', ['-p', 'tsconfig.page.json']], ['biome', ['lint']]]) {
    const failed = await tool(name, args)
    if (failed) return failed
  }
  return ''
}

/** lib/ compiled from src/ (the sources' type check): the CLI the builds and end-to-end tests run. */
async function compileLib() {
  const failed = await tool('tsc', ['-p', 'tsconfig.json'])
  if (failed) throw new Error(failed)
}

async function sharedBuilds() {
  mkdirSync(sharedDir)
  const r = await node(['test/shared/prepare.ts'], { timeoutS: SHARED_LIMIT_S })
  if (r.status !== 0) throw new Error(`the shared builds failed (exit ${r.status ?? r.signal})`)
}

/** The pure tests in one process (test/unit.mjs: a tenth of the time of a process per file), bounded as a whole. */
async function unitTests() {
  const r = await node(['--import', './test/order/shuffle.mjs', 'test/unit.mjs'], { timeoutS: UNIT_LIMIT_S })
  if (r.signal) process.stderr.write(`# the unit tests did not finish within ${UNIT_LIMIT_S} s and were stopped: the test that hangs is the last one started above\n`)
  return r.status ?? 1
}

async function testFilesRun(which) {
  process.stderr.write(`# ${which} test files and their tests in the order of BBL_TEST_SEED=${seed}, ${CONCURRENCY} files at a time\n`)
  const r = await node(['--import', './test/order/shuffle.mjs', '--test', `--test-concurrency=${CONCURRENCY}`, `--test-timeout=${LIMIT_S * 1000}`, ...files])
  return r.status ?? 1
}

let status = 0
try {
  if (kind === 'both') {
    // Three independent jobs, together on the two cores; the shared builds need lib/, the end-to-end files need them.
    const [failed, unit, made] = await Promise.allSettled([checks(), unitTests(), compileLib().then(sharedBuilds)])
    if (failed.value) process.stderr.write(`# ${failed.value}\n`)
    if (failed.value || unit.value !== 0) status = 1
    if (made.status === 'rejected') throw made.reason
    if ((await testFilesRun('e2e')) !== 0) status = 1
  } else if (kind === 'unit' && named.length === 0) {
    status = await unitTests()
  } else {
    if (kind !== 'unit') await sharedBuilds()
    status = await testFilesRun(kind)
  }
  if (kind !== 'unit' && (await node(['test/shared/verify.ts'])).status !== 0) status = 1
} catch (e) {
  process.stderr.write(`# ${e.message}\n`)
  status = 1
} finally {
  // tsx keeps its compile cache there (tsx-<uid>): shared by the run's processes, not left by a test.
  const left = readdirSync(scratch).filter((n) => n !== 'shared' && !n.startsWith('tsx-'))
  if (left.length > 0) process.stderr.write(`# left in the temporary folder by the tests (now removed): ${left.join(' ')}\n`)
  if (!removeScratch()) status = 1
}
process.exitCode = status
