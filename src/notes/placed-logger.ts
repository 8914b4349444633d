/**
 * Asciidoctor's memory logger, with the place of each message: the notes file's
 * line a warning is about, even for the few Asciidoctor logs without one.
 */
import type { Asciidoctor as Processor, Reader } from '@asciidoctor/core'

type Logger = ReturnType<Processor['MemoryLogger']['create']>
type Cursor = ReturnType<Reader['getCursor']>

export interface PlacedLogger {
  logger: Logger
  /** The extension registry to parse with: its preprocessor hands the logger the reader. */
  registry: ReturnType<Processor['Extensions']['create']>
  /** Parsing is over: messages logged from now on (converting blocks) get no line from the reader. */
  parsed: () => void
  /** Where the `i`-th message points: its own source location, else where the reader stood when it was logged. */
  placeOf: (m: ReturnType<Logger['getMessages']>[number], i: number) => Cursor | undefined
}

/**
 * A memory logger that knows where the reader stood when each message came while the
 * notes were parsed. Asciidoctor logs a few warnings without a place: an include target
 * leaving the notes' folder ("include file is outside of jail", "...has illegal reference
 * to ancestor of jail") comes from its path resolver, which knows no line; the reader,
 * at that moment, stands on the include directive.
 */
export function placedLogger(ad: Processor): PlacedLogger {
  const logger = ad.MemoryLogger.create()
  let reader: Reader | undefined
  const registry = ad.Extensions.create()
  registry.preprocessor(function () {
    this.process((_doc, r) => {
      reader = r
      return r
    })
  })
  const places = new Map<number, Cursor>()
  // Opal methods are properties named with a `$`: this one wraps MemoryLogger#add for this logger only.
  type OpalLogger = { $add: (...args: unknown[]) => boolean; messages: unknown[] }
  const opal = logger as unknown as OpalLogger
  const add = opal.$add
  opal.$add = function (this: OpalLogger, ...args: unknown[]) {
    const done = add.apply(this, args)
    if (reader) places.set(this.messages.length - 1, reader.getCursor())
    return done
  }
  return {
    logger,
    registry,
    parsed: () => {
      reader = undefined
    },
    placeOf: (m, i) => m.getSourceLocation() ?? places.get(i),
  }
}
