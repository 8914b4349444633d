/**
 * The test files in an order drawn from the seed, each file's tests shuffled
 * too (shuffle.mjs): `--e2e` the end-to-end files (npm run test:e2e), `--unit`
 * the others, in one process (npm run test:unit, test/unit.mjs), neither: all,
 * a process per file (npm run test:shuffle). BBL_TEST_SEED=N replays an
 * order; the seed is printed. Files named after the flags run alone.
 *
 * What the run guarantees:
 * - no file can hang: each test, hook and file is bounded by --test-timeout
 *   (a hang fails, naming the file and the test, within LIMIT_S);
 * - the builds several files read are made once, first (test/shared/), and
 *   checked unchanged at the end;
 * - everything the tests and bbl put in the temporary folder goes in one folder
 *   of this run (TMPDIR), listed if anything was left in it, then removed.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { seed, testFiles } from './random.mjs'

/** The most one test file may take, in seconds: far above any file's time, far below CI's. */
const LIMIT_S = 480
/** The most the unit tests, all in one process, may take, in seconds (they take ~20 s; one process has no per-test bound). */
const UNIT_LIMIT_S = 150
/** Files run at once: two cores. */
const CONCURRENCY = Number(process.env.BBL_TEST_CONCURRENCY) || 2

const root = path.resolve(import.meta.dirname, '..', '..')
const kind = process.argv.includes('--e2e') ? 'e2e' : process.argv.includes('--unit') ? 'unit' : 'all'
// Test files named on the command line run alone (with the shared builds): node test/order/run.mjs --e2e test/x.e2e.test.ts
const named = process.argv.slice(2).filter((a) => a.endsWith('.test.ts'))
const files = named.length > 0 ? named : await testFiles(kind)
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bbl-tests-'))
const sharedDir = path.join(scratch, 'shared')
const env = { ...process.env, TMPDIR: scratch, BBL_TEST_SHARED: sharedDir }
const node = (args, extra = {}) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env, stdio: 'inherit', ...extra })

let status = 0
try {
  if (kind !== 'unit') {
    mkdirSync(sharedDir)
    const r = node(['test/shared/prepare.ts'], { timeout: LIMIT_S * 1000 })
    if (r.status !== 0) throw new Error(`the shared builds failed (exit ${r.status ?? r.signal})`)
  }
  if (kind === 'unit' && named.length === 0) {
    // The pure tests in one process (test/unit.mjs: a tenth of the time of a process per file), bounded as a whole.
    const r = node(['--import', './test/order/shuffle.mjs', 'test/unit.mjs'], { timeout: UNIT_LIMIT_S * 1000, killSignal: 'SIGKILL' })
    if (r.error || r.signal) process.stderr.write(`# the unit tests did not finish within ${UNIT_LIMIT_S} s and were stopped: the test that hangs is the last one started above\n`)
    status = r.status ?? 1
  } else {
    process.stderr.write(`# ${kind} test files and their tests in the order of BBL_TEST_SEED=${seed}, ${CONCURRENCY} files at a time\n`)
    const r = node(['--import', './test/order/shuffle.mjs', '--test', `--test-concurrency=${CONCURRENCY}`, `--test-timeout=${LIMIT_S * 1000}`, ...files])
    status = r.status ?? 1
  }
  if (kind !== 'unit' && node(['test/shared/verify.ts']).status !== 0) status = 1
} catch (e) {
  process.stderr.write(`# ${e.message}\n`)
  status = 1
} finally {
  // tsx keeps its compile cache there (tsx-<uid>): shared by the run's processes, not left by a test.
  const left = readdirSync(scratch).filter((n) => n !== 'shared' && !n.startsWith('tsx-'))
  if (left.length > 0) process.stderr.write(`# left in the temporary folder by the tests (now removed): ${left.join(' ')}\n`)
  rmSync(scratch, { recursive: true, force: true, maxRetries: 5 })
}
process.exitCode = status
