/**
 * npm run test:unit: every test that needs no browser and no CLI process
 * (`*.test.ts` but `*.e2e.test.ts`), imported into one process. One Node and
 * one tsx instead of one per file: a tenth of the time, as these tests share
 * no state (`npm run test:shuffle -- --unit` runs them file by file, in any order).
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const test = import.meta.dirname
const files = readdirSync(test, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts') && !f.endsWith('.e2e.test.ts'))
  .sort()
for (const f of files) await import(pathToFileURL(path.join(test, f)).href)
