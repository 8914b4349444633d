/**
 * node:test with describe/it/test registered in a seeded random order within
 * each suite and each file (see shuffle.mjs). The seed is BBL_TEST_SEED, or
 * drawn and printed, so a failing order can be replayed.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { describe as realDescribe, it as realIt, test as realTest } from 'node:test'

const REAL = { describe: realDescribe, it: realIt, test: realTest }
const seed = Number(process.env.BBL_TEST_SEED) || Math.floor(Math.random() * 2 ** 31)
let state = seed
/** mulberry32: small, seeded, good enough to shuffle. */
function random() {
  state = (state + 0x6d2b79f5) | 0
  let t = Math.imul(state ^ (state >>> 15), 1 | state)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
function shuffle(list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[list[i], list[j]] = [list[j], list[i]]
  }
  return list
}

/**
 * Where describe/it calls go: the suite whose body is running (kept across its
 * awaits: a suite's body may be async), or the file's top level.
 */
const suiteBody = new AsyncLocalStorage()
const topLevel = []

function register(kind, args) {
  const collecting = suiteBody.getStore()
  if (collecting && !collecting.done) {
    collecting.push([kind, args])
    return
  }
  if (topLevel.push([kind, args]) === 1) {
    // After the file's body has declared all its top-level tests, before the runner starts them.
    queueMicrotask(() => {
      process.stderr.write(`# shuffled with BBL_TEST_SEED=${seed}\n`)
      for (const [k, a] of shuffle(topLevel.splice(0))) create(k, a)
    })
  }
}

function create(kind, args) {
  if (kind !== 'describe') return REAL[kind](...args)
  const fn = args.findLast((a) => typeof a === 'function')
  return realDescribe(...args.filter((a) => a !== fn), function (...fnArgs) {
    const mine = []
    const declare = () => {
      mine.done = true
      for (const [k, a] of shuffle(mine)) create(k, a)
    }
    const body = suiteBody.run(mine, () => fn.apply(this, fnArgs))
    if (typeof body?.then === 'function') return body.then(declare)
    declare()
  })
}

export const describe = (...args) => register('describe', args)
export const it = (...args) => register('it', args)
export const test = (...args) => register('test', args)
// Skipped, todo and only tests keep their place: they are registered as they come.
for (const [f, name] of [
  [describe, 'describe'],
  [it, 'it'],
  [test, 'test'],
]) {
  Object.assign(f, { skip: REAL[name].skip, todo: REAL[name].todo, only: REAL[name].only })
}
export const suite = describe
export { after, afterEach, before, beforeEach, mock, only, run, skip, todo } from 'node:test'
export default test
