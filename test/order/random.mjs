/**
 * The seed every shuffled order is drawn from: BBL_TEST_SEED, or a new one
 * (then put in the environment, so the processes a run starts draw the same).
 */
export const seed = Number(process.env.BBL_TEST_SEED) || Math.floor(Math.random() * 2 ** 31)
process.env.BBL_TEST_SEED = String(seed)

/** A seeded generator (mulberry32): small, and good enough to shuffle. */
export function generator(salt = 0) {
  let state = seed ^ salt
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `list` shuffled in place (Fisher–Yates) with `random`. */
export function shuffle(list, random) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[list[i], list[j]] = [list[j], list[i]]
  }
  return list
}

/** The test files under test/ (paths from the repository), of one kind, in an order drawn from the seed. */
export async function testFiles(kind) {
  const { readdirSync } = await import('node:fs')
  const path = await import('node:path')
  const root = path.resolve(import.meta.dirname, '..', '..')
  const files = readdirSync(path.join(root, 'test'), { recursive: true })
    .map((f) => path.join('test', String(f)))
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => kind === 'all' || (kind === 'e2e') === f.endsWith('.e2e.test.ts'))
    .sort()
  return shuffle(files, generator(0x5bd1e995))
}
