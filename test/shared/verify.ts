/** Fails (exit 1) when a test changed, added or removed a file of the shared builds. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { digestTree } from './digest.js'

const dir = process.env['BBL_TEST_SHARED']
if (!dir) throw new Error('BBL_TEST_SHARED is not set')
const before = JSON.parse(readFileSync(path.join(dir, 'digest.json'), 'utf8')) as Record<string, string>
const after = await digestTree(dir)
const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => before[f] !== after[f]).sort()
if (changed.length > 0) {
  process.stderr.write(`# a test changed the shared builds (copy them before changing them): ${changed.slice(0, 10).join(' ')}\n`)
  process.exitCode = 1
}
