/**
 * Every `assert.ok(x)` / `assert(x)` in the tests carries a message. Without
 * one, a failing check makes Node build the message from the call's source: it
 * reads the .ts file at the position of tsx's compiled code, parses the wrong
 * text over and over and spins for minutes instead of failing — the unit run
 * "hung" that way whenever a flaky check failed. A failure must fail at once.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { it } from 'node:test'
import ts from 'typescript'

const root = path.resolve(import.meta.dirname, '..')

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== 'fixtures') yield* tsFiles(path.join(dir, e.name))
    else if (e.isFile() && e.name.endsWith('.ts')) yield path.join(dir, e.name)
  }
}

/** `file:line` of every assert.ok / assert call given a value and no message. */
export function bareOks(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found: string[] = []
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.arguments.length === 1 && ['assert.ok', 'assert'].includes(n.expression.getText(sf))) {
      found.push(`${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`)
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return found
}

it('finds a bare assert.ok, and accepts one with a message', () => {
  const f = path.join(root, 'x.test.ts')
  assert.deepEqual(bareOks(f, 'assert.ok(a)\nassert.ok(a, "a is set")\nassert(b)\nassert.equal(c, 1)\n'), ['x.test.ts:1', 'x.test.ts:3'])
})

it('every assert.ok in the tests says what it checks (a failing bare one spins instead of failing)', () => {
  const bare = [...tsFiles(root)].flatMap((f) => bareOks(f, readFileSync(f, 'utf8')))
  assert.deepEqual(bare, [])
})
