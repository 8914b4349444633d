/** Module hooks for shuffle.mjs: `node:test`, imported from a test file, resolves to the shuffling wrapper. */
const shim = new URL('./shuffled-test.mjs', import.meta.url).href

export async function resolve(specifier, context, next) {
  if ((specifier === 'node:test' || specifier === 'test') && context.parentURL && context.parentURL !== shim) return { url: shim, shortCircuit: true }
  return next(specifier, context)
}
