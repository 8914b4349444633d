/**
 * node:test with describe/it/test registered in a seeded random order within
 * each suite and each file (see shuffle.mjs). The seed is BBL_TEST_SEED, or
 * drawn and printed, so a failing order can be replayed.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { generator, seed, shuffle as shuffleWith } from './random.mjs'
import { describe as realDescribe, it as realIt, test as realTest } from 'node:test'

const REAL = { describe: realDescribe, it: realIt, test: realTest }
const random = generator()
const shuffle = (list) => shuffleWith(list, random)

/**
 * Where describe/it calls go: the suite whose body is running (kept across its
 * awaits: a suite's body may be async), or the file's top level.
 */
const suiteBody = new AsyncLocalStorage()
const topLevel = []
let said = false

function register(kind, args) {
  const collecting = suiteBody.getStore()
  if (collecting && !collecting.done) {
    collecting.push([kind, args])
    return
  }
  if (topLevel.push([kind, args]) === 1) {
    // After the file's body has declared all its top-level tests, before the runner starts them.
    queueMicrotask(() => {
      if (!said) process.stderr.write(`# tests shuffled with BBL_TEST_SEED=${seed}\n`)
      said = true
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
