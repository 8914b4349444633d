/**
 * npm run test:unit: every test that needs no browser and no CLI process
 * (`*.test.ts` but `*.e2e.test.ts`), imported into one process, in an order
 * drawn from BBL_TEST_SEED (and, under test/order/shuffle.mjs, each file's tests
 * too). One Node and one tsx instead of one per file: a tenth of the time, as
 * these tests share no state. TMPDIR is a folder of this run, removed at its end.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { seed, testFiles } from './order/random.mjs'

const root = path.resolve(import.meta.dirname, '..')
// Whatever a test puts in the temporary folder goes in one folder of this run, removed at the end.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bbl-unit-'))
process.env.TMPDIR = scratch
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }))
process.stderr.write(`# unit test files in the order of BBL_TEST_SEED=${seed}\n`)
for (const f of await testFiles('unit')) await import(pathToFileURL(path.join(root, f)).href)
