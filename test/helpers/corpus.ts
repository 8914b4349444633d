/**
 * What the end-to-end tests over whole corpora share: the CLI (./cli.ts) and a
 * small worker pool (the words of the notes: ./words.ts).
 */

export { bbl, root, type Run } from './cli.js'

/** Run `work` over `items`, `n` at a time (one browser, several pages). */
export async function pool<T, R>(items: T[], n: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await work(items[i]!)
      }
    }),
  )
  return out
}
