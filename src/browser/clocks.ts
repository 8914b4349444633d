/**
 * Clocks on work done in the browser: a bound on the whole (withTimeout) or on a
 * stall (withStallTimeout, restarted by each sign of progress, a clock per lane);
 * when one rings, the failure says what was being done (a slide, its line).
 */
import { BblError, ExitCode } from '../core/error.js'

/** What was being done when a clock rang: a slide, its line. */
export interface Whereabouts {
  detail?: string
  line?: number
}

/**
 * Where work was when its clock rang, asked of the lane that stood still. It may take
 * a moment to find out (stopping a hung page's script to read where it was): the work's
 * own failure meanwhile (that script stopped) is not reported, the clock's is.
 */
type Where = (lane?: unknown) => Whereabouts | Promise<Whereabouts>

/** The most `where` may take to answer (and no longer than the clock's own time): past it, the failure is said without where. */
const WHERE_MS = 3000

/**
 * Reject with a BblError naming `what` if `work` takes longer than `ms`; `where`,
 * asked at that moment, adds what was being done then (a slide, its line).
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string, where: Where = () => ({})): Promise<T> {
  return bounded(() => work, ms, `${what} did not finish within`, where)
}

/**
 * As withTimeout, but the clock starts again each time `work` says `progress`:
 * long work that keeps moving (thousands of slides) finishes, work that stops
 * moving for `ms` (a slide that hangs) fails as soon as it has stood still that long.
 * Work done in lanes (measuring pages) has a clock per lane: `progress(lane)` starts
 * or restarts it, `rest(lane)` stops it (the lane is done), and one lane standing
 * still fails the whole even while others move. The lane `undefined` runs from the start.
 */
export function withStallTimeout<T>(
  work: (progress: (lane?: unknown) => void, rest: (lane?: unknown) => void) => Promise<T>,
  ms: number,
  what: string,
  where: Where = () => ({}),
): Promise<T> {
  return bounded(work, ms, `${what} made no progress for`, where)
}

async function bounded<T>(work: (progress: (lane?: unknown) => void, rest: (lane?: unknown) => void) => Promise<T>, ms: number, said: string, where: Where): Promise<T> {
  const clocks = new Map<unknown, NodeJS.Timeout>()
  let settled = false
  /** A clock rang: the failure said is the clock's, once `where` has answered. */
  let ringing: Promise<never> | undefined
  let fail: (e: BblError) => void = () => undefined
  const timeout = new Promise<never>((_, reject) => {
    fail = reject
  })
  const rest = (lane?: unknown) => {
    clearTimeout(clocks.get(lane))
    clocks.delete(lane)
  }
  const arm = (lane?: unknown) => {
    rest(lane)
    // Progress said after the end (a late console message) must not start a clock that keeps the process alive.
    if (settled) return
    const ring = () => {
      if (settled) return
      ringing ??= timeout
      const asked = Promise.resolve()
        .then(() => where(lane))
        .catch((): Whereabouts => ({}))
      void withTimeout(asked, Math.min(WHERE_MS, ms), 'where').then(
        ({ detail, line }) => fail(new BblError(`${said} ${Math.round(ms / 1000)} s${detail ? ` (${detail})` : ''}; the page hangs or the browser is stuck`, ExitCode.BROWSER, line ? { line } : {})),
        () => fail(new BblError(`${said} ${Math.round(ms / 1000)} s; the page hangs or the browser is stuck`, ExitCode.BROWSER)),
      )
    }
    clocks.set(lane, setTimeout(ring, ms))
  }
  arm()
  try {
    const working = work(arm, rest).catch((e: unknown) => {
      if (ringing) return ringing
      throw e
    })
    return await Promise.race([working, timeout])
  } finally {
    settled = true
    for (const c of clocks.values()) clearTimeout(c)
    clocks.clear()
  }
}
