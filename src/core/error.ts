/**
 * Expected failures: bad input, bad usage, no browser, a port in use.
 * They print one line and exit with their code. Anything else is a bug and
 * keeps its stack trace.
 */
export const ExitCode = {
  OK: 0,
  /** An unexpected error: a bug in bbl. */
  BUG: 1,
  /** Bad command line: unknown flag, missing value, unknown talk. */
  USAGE: 2,
  /** The notes cannot be read or converted (missing file, binary file, unterminated block). */
  INPUT: 3,
  /** --strict and the build produced warnings. */
  STRICT: 4,
  /** No Chrome/Chromium/Edge could be found. */
  NO_BROWSER: 5,
  /** The browser crashed, a page hung, or a deck requested something outside its folder. */
  BROWSER: 6,
  /** bbl serve: the port is taken. */
  PORT_IN_USE: 7,
  /** A file or folder cannot be read or written: permission denied, read-only, disk full. */
  OUTPUT: 8,
  /** Ctrl-C. */
  INTERRUPTED: 130,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export interface Where {
  file?: string
  line?: number
}

export class BblError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly where: Where = {},
  ) {
    super(message)
    this.name = 'BblError'
  }

  /** "decks/x.adoc:12: unterminated example block; close it with ====" */
  oneLine(): string {
    const { file, line } = this.where
    const at = file ? `${file}${line ? `:${line}` : ''}: ` : ''
    return `${at}${this.message}`
  }
}

export const isBblError = (e: unknown): e is BblError => e instanceof BblError
