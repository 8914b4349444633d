/**
 * A temporary folder for a test, removed when the test process exits
 * (whatever the test's outcome), so that no run leaves folders behind.
 */
import { rmSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

const made: string[] = []
process.once('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true })
})

/** A new folder under the temporary folder, named `prefix`…; removed at exit. */
export async function scratch(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  made.push(dir)
  return dir
}
