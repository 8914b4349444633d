/** Where bbl's messages go: the CLI prints them on stderr, the API passes its own. */
import type { Warning } from './warning.js'

export interface Reporter {
  info(msg: string): void
  warn(file: string, w: Warning): void
  debug(msg: string): void
}
