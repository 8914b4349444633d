/**
 * npm run test:shuffle: every test file, one at a time in a shuffled order,
 * each file's tests shuffled too (shuffle.mjs). `--unit` leaves out the
 * end-to-end files. BBL_TEST_SEED=N replays an order; the seed is printed.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..', '..')
const unitOnly = process.argv.includes('--unit')
const seed = Number(process.env.BBL_TEST_SEED) || Math.floor(Math.random() * 2 ** 31)

const files = readdirSync(path.join(root, 'test'), { recursive: true })
  .map((f) => path.join('test', String(f)))
  .filter((f) => f.endsWith('.test.ts') && !(unitOnly && f.endsWith('.e2e.test.ts')))
  .sort()
// The same small generator as shuffled-test.mjs, offset so that files and tests draw differently.
let state = seed ^ 0x5bd1e995
const random = () => {
  state = (state + 0x6d2b79f5) | 0
  let t = Math.imul(state ^ (state >>> 15), 1 | state)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
for (let i = files.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1))
  ;[files[i], files[j]] = [files[j], files[i]]
}
process.stderr.write(`# test files and tests shuffled with BBL_TEST_SEED=${seed}\n`)
const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/order/shuffle.mjs', '--test', '--test-concurrency=1', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, BBL_TEST_SEED: String(seed) },
})
process.exitCode = r.status ?? 1
