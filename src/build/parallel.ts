/**
 * Several notes files in one run: built side by side on the one browser, their
 * results reported in the order they were given.
 */
import { notesName } from '../core/paths.js'
/**
 * How many notes files are built at once on the one browser: as many as it has
 * measuring pages, each file then measuring in its share of them. One at a time
 * when two files share a name (one output folder) or PDFs are printed too (the
 * export runs its own pool of pages).
 */
export function filesAtOnce(inputs: string[], pages: number, o: { printsPdfs: boolean }): number {
  if (o.printsPdfs || new Set(inputs.map(notesName)).size < inputs.length) return 1
  return Math.max(1, Math.min(pages, inputs.length))
}

/**
 * Run `work` on `items`, `width` at a time; `done` sees the results in input
 * order. After a failure no new item starts, the running ones finish, and the
 * first failing item's error (in input order) is thrown.
 */
export async function inTurn<T, R>(items: T[], width: number, work: (item: T) => Promise<R>, done: (item: T, r: R) => void): Promise<void> {
  const results: Array<{ ok: true; r: R } | { ok: false; e: unknown } | undefined> = []
  let next = 0
  let shown = 0
  const flush = () => {
    for (let r = results[shown]; r?.ok; r = results[++shown]) done(items[shown]!, r.r)
  }
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length && !results.some((r) => r && !r.ok)) {
        const i = next++
        try {
          results[i] = { ok: true, r: await work(items[i]!) }
        } catch (e) {
          results[i] = { ok: false, e }
        }
        flush()
      }
    }),
  )
  const failed = results.find((r) => r && !r.ok)
  for (let i = shown; i < results.length; i++) if (results[i]?.ok) done(items[i]!, (results[i] as { r: R }).r)
  if (failed && !failed.ok) throw failed.e
}
