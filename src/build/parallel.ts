/**
 * Several notes files in one run: built side by side on the one browser, their
 * results reported in the order they were given.
 */
import { notesName } from '../core/paths.js'
/**
 * How many notes files are built at once on the one browser: as many as it has
 * measuring pages, each file then measuring (and printing its PDFs) in its share
 * of them. One at a time when two files share a name (one output folder) or the
 * build's export does not run beside another's (BuildHooks.sideBySide: the
 * PowerPoint and picture exports).
 */
export function filesAtOnce(inputs: string[], pages: number, o: { oneAtATime: boolean }): number {
  if (o.oneAtATime || new Set(inputs.map(notesName)).size < inputs.length) return 1
  return Math.max(1, Math.min(pages, inputs.length))
}

/** Failures a run of several items goes on after, and how they are told. */
export interface GoingOn {
  /** Whether a failure concerns its item alone (bad notes): the other items still run. */
  goOn?: (e: unknown) => boolean
  /** Told of each such failure but the one thrown at the end (the first, in input order). */
  failed?: (e: unknown) => void
}

/**
 * Run `work` on `items`, `width` at a time; `done` sees the results in input
 * order. After a failure no new item starts (unless `goOn` says it concerns its
 * item alone), the running ones finish, and the first failing item's error (in
 * input order) is thrown.
 */
export async function inTurn<T, R>(items: T[], width: number, work: (item: T) => Promise<R>, done: (item: T, r: R) => void, o: GoingOn = {}): Promise<void> {
  const results: Array<{ ok: true; r: R } | { ok: false; e: unknown } | undefined> = []
  let next = 0
  let shown = 0
  const flush = () => {
    for (let r = results[shown]; r?.ok; r = results[++shown]) done(items[shown]!, r.r)
  }
  const stopped = () => results.some((r) => r && !r.ok && !o.goOn?.(r.e))
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length && !stopped()) {
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
  for (let i = shown; i < results.length; i++) if (results[i]?.ok) done(items[i]!, (results[i] as { r: R }).r)
  const [first, ...others] = results.flatMap((r) => (r && !r.ok ? [r.e] : []))
  for (const e of others) o.failed?.(e)
  if (first !== undefined) throw first
}
