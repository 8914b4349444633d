/**
 * Runs each test file's tests in a shuffled order, for `npm run test:shuffle`:
 * node --import ./test/order/shuffle.mjs --test … (Node 20 has no --test-shuffle).
 * Test files' `import … from 'node:test'` is sent to ./shuffled-test.mjs, which
 * registers the tests of each suite (and of the file) in an order drawn from
 * BBL_TEST_SEED. Hooks (before, after…) stay with their suite, as in any order.
 */
import { register } from 'node:module'

register('./shuffle-hooks.mjs', import.meta.url)
