/**
 * Test files one at a time, in an order drawn from the seed, each file's tests
 * shuffled too (shuffle.mjs): `--e2e` the end-to-end files (npm run test:e2e),
 * `--unit` the others, neither: all (npm run test:shuffle). BBL_TEST_SEED=N
 * replays an order; the seed is printed.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { seed, testFiles } from './random.mjs'

const kind = process.argv.includes('--e2e') ? 'e2e' : process.argv.includes('--unit') ? 'unit' : 'all'
const files = await testFiles(kind)
process.stderr.write(`# ${kind} test files and their tests in the order of BBL_TEST_SEED=${seed}\n`)
const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/order/shuffle.mjs', '--test', '--test-concurrency=1', ...files], {
  cwd: path.resolve(import.meta.dirname, '..', '..'),
  stdio: 'inherit',
})
process.exitCode = r.status ?? 1
