/**
 * The folders of src/ are the pipeline's stages, and imports point one way down
 * this list: cli → the API (index.ts) → the commands on resolved options (run.ts) →
 * commands (serve, check, pptx, pdf, images, build) → the landing page → the
 * deck folder's assets (theme, fonts, icons, pictures, photos, media) → the cache →
 * slides → notes → browser, page → core. No file imports one of an earlier stage, and no
 * two files import each other, however indirectly.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import ts from 'typescript'

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src')
const ORDER = ['cli', 'index.ts', 'run.ts', 'serve', 'check', 'pptx', 'pdf', 'images', 'build', 'landing', 'assets', 'cache', 'slides', 'notes', 'browser', 'page', 'core']

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  )
}

/** src-relative file → the src-relative files it imports (type-only imports included: they couple too). */
export function importGraph(files = sourceFiles()): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    const local = importedFiles
      .map((f) => f.fileName)
      .filter((f) => f.startsWith('.'))
      .map((f) => path.relative(SRC, path.resolve(path.dirname(file), f.replace(/\.js$/, '.ts'))))
      .filter((f) => !f.startsWith('..')) // package.json and the like
    graph.set(path.relative(SRC, file), local)
  }
  return graph
}

const stage = (file: string): number => {
  const top = file.split(path.sep)[0] ?? file
  const i = ORDER.indexOf(top)
  if (i < 0) throw new Error(`src/${file}: not in a known stage folder (${ORDER.join(', ')})`)
  return i
}

/** One import cycle if there is any, as the list of files around it. */
export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (f: string): string[] | undefined => {
    if (state.get(f) === 'done') return undefined
    if (state.get(f) === 'open') return [...stack.slice(stack.indexOf(f)), f]
    state.set(f, 'open')
    stack.push(f)
    for (const g of graph.get(f) ?? []) {
      const cycle = visit(g)
      if (cycle) return cycle
    }
    stack.pop()
    state.set(f, 'done')
    return undefined
  }
  for (const f of graph.keys()) {
    const cycle = visit(f)
    if (cycle) return cycle
  }
  return undefined
}

describe('src/ layering', () => {
  const graph = importGraph()

  it('has no import cycle', () => {
    assert.equal(findCycle(graph)?.join(' → '), undefined)
  })

  it('imports only from the same or a later stage', () => {
    const upward = [...graph].flatMap(([from, tos]) => tos.filter((to) => stage(to) < stage(from)).map((to) => `${from} → ${to}`))
    assert.deepEqual(upward, [])
  })

  it('has no source file over 400 lines (TypeScript and the page scripts): a longer one holds more than one job', () => {
    const all = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(path.join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [path.join(dir, e.name)] : []))
    const files = all(SRC)
    assert.ok(files.some((f) => f.endsWith('.js')) && files.length > 40, 'the walk finds the sources')
    const long = files.map((f) => [path.relative(SRC, f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 400)
    assert.deepEqual(long, [])
  })

  it('finds a cycle when there is one (the check itself works)', () => {
    const g = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', []]])
    assert.deepEqual(findCycle(g), ['a.ts', 'b.ts', 'c.ts', 'a.ts'])
    assert.equal(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', []]])), undefined)
  })
})
