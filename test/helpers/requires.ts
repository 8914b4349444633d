/**
 * Tests that need a tool the machine may lack (LibreOffice, a second browser):
 * on a developer's machine they skip, saying what is missing; in CI (CI set),
 * where .ci/run installs every tool, a missing one fails the test instead.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'

/** The first of `names` on the PATH. */
export const onPath = (...names: string[]): string | undefined => names.find((b) => spawnSync('which', [b]).status === 0)

/**
 * `false` when the test may run; otherwise the reason to skip it (for `it(…, { skip })`).
 * In CI, a missing tool throws: the tests must not pass by skipping.
 */
export function unless(present: unknown, missing: string): false | string {
  if (present) return false
  assert.ok(!process.env['CI'], `${missing}, and CI is set: .ci/run must install it`)
  return missing
}
