/**
 * Makes the shared builds (test/helpers/shared.ts) into BBL_TEST_SHARED, two
 * at a time, and records a digest of every file they hold, so that the run can
 * check at its end that no test changed them (test/shared/verify.ts).
 */
import { BUILDS, type BuildName, make } from '../helpers/shared.js'
import { pool } from '../helpers/corpus.js'
import { digestTree } from './digest.js'
import { writeFileSync } from 'node:fs'
import path from 'node:path'

const dir = process.env['BBL_TEST_SHARED']
if (!dir) throw new Error('BBL_TEST_SHARED is not set')
const t0 = Date.now()
const runs = await pool(Object.keys(BUILDS) as BuildName[], 2, async (name) => [name, await make(name, dir)] as const)
for (const [name, s] of runs) process.stderr.write(`# shared build ${name}: exit ${s.run.code} in ${(s.run.ms / 1000).toFixed(1)} s\n`)
writeFileSync(path.join(dir, 'digest.json'), JSON.stringify(await digestTree(dir)))
process.stderr.write(`# shared builds made in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`)
