/**
 * What went wrong in the browser, read from the error's type and data, never
 * from its message: bbl turns these into exit 6 naming the deck, and lets
 * anything else through as a bug.
 */
import * as puppeteer from 'puppeteer-core'
import { ConnectionClosedError, ProtocolError, TimeoutError } from 'puppeteer-core'

/** Exported by Puppeteer but missing from its types: a call whose page or session closed under it. */
const TargetCloseError = (puppeteer as unknown as { TargetCloseError: typeof ProtocolError }).TargetCloseError

export type BrowserFault =
  /** A wait or a protocol call past its clock: the page hangs or the browser is stuck. */
  | 'timeout'
  /** The page, its frame or the connection went away under the call. */
  | 'gone'
  /** The browser refused a protocol call. */
  | 'protocol'
  /** An exception thrown by a script in the page (the deck's own, or reveal.js). */
  | 'page'

/** A frame of the error's stack in Puppeteer's own code (its plain `Error`s: a detached frame, a destroyed context). */
const fromPuppeteer = (e: Error): boolean => /[\\/]node_modules[\\/]puppeteer-core[\\/]/.test(e.stack?.split('\n')[1] ?? '')
/** A frame of the error's stack in a script Puppeteer ran in the page. */
const fromPage = (e: Error): boolean => /pptr:|__puppeteer_evaluation_script__/.test(e.stack ?? '')

export function browserFault(e: unknown): BrowserFault | undefined {
  if (e instanceof TimeoutError) return 'timeout'
  if (e instanceof TargetCloseError || e instanceof ConnectionClosedError) return 'gone'
  // A protocol call past Puppeteer's clock is a ProtocolError the browser never answered: it carries no message of the browser's.
  if (e instanceof ProtocolError) return e.originalMessage ? 'protocol' : 'timeout'
  if (!(e instanceof Error)) return undefined
  if (fromPuppeteer(e)) return 'gone'
  return fromPage(e) ? 'page' : undefined
}
