/**
 * Parsing notes (Asciidoctor's parse and conversion, math included) in a thread
 * of its own. The work is synchronous and takes seconds on large notes (5 MB:
 * ~10 s); on the main thread it would hold back Ctrl-C, SIGTERM and SIGHUP
 * until it ends. Here the main thread stays free: an interrupted run ends the
 * thread at once (stopNotesThread) and exits.
 *
 * One thread, started with the first notes and kept for the next ones (a build of
 * several notes, `bbl serve`'s rebuilds), so Asciidoctor loads once; it holds the
 * process open only while it parses, and ends once idle after large notes (LARGE_NOTES).
 */
import type { Worker } from 'node:worker_threads'
import { BblError, ExitCode, type Where } from '../core/error.js'
import { startThread } from '../core/thread.js'
import type { NotesDoc } from './model.js'

/** What to parse: the notes' text (already read), the file it came from (as given, found from `cwd`), and how to read it. */
export interface ParseJob {
  text: string
  file: string
  cwd: string
  read: { attributes?: Record<string, string>; root?: string }
}

/** What the thread answers for one job. */
export type ParseAnswer =
  | { id: number; doc: NotesDoc }
  | { id: number; refused: { message: string; exitCode: ExitCode; where: Where } }
  | { id: number; bug: { message: string; stack?: string } }

interface Pending {
  resolve: (doc: NotesDoc) => void
  reject: (e: Error) => void
  /** Notes of at least `largeNotes` characters: the thread ends once it has nothing left to parse, even if other notes came meanwhile. */
  large: boolean
}

/**
 * Notes this long (in characters) or longer end the thread once it is idle: Asciidoctor's model of them
 * stays in the thread's heap, never collected by an idle thread (10 MB of notes left ~750 MB allocated
 * for the rest of the build). Shorter notes keep the thread, so that Asciidoctor loads once.
 */
const LARGE_NOTES = 1_000_000

/**
 * A notes thread and the jobs it was given. Runs share one (`parseInThread`,
 * `stopNotesThread`); an owner that must stop its parses without touching
 * anyone else's has its own.
 */
export class NotesThread {
  #worker: Worker | undefined
  readonly #pending = new Map<number, Pending>()
  #nextId = 0
  readonly #largeNotes: number
  /** The thread has parsed large notes since it was last idle: it ends once it is. */
  #heavy = false

  constructor(o: { largeNotes?: number } = {}) {
    this.#largeNotes = o.largeNotes ?? LARGE_NOTES
  }

  /** Whether a thread is running (ended after large notes, or stopped). */
  get running(): boolean {
    return this.#worker !== undefined
  }

  /** Parse notes into bbl's model in this thread; rejects as parseNotes throws (BblError for the notes' faults). */
  parse(job: ParseJob): Promise<NotesDoc> {
    const worker = this.#worker ?? this.#start()
    const id = this.#nextId++
    return new Promise<NotesDoc>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, large: job.text.length >= this.#largeNotes })
      worker.ref()
      worker.postMessage({ id, job })
    })
  }

  /**
   * Start the thread now and have it parse a few lines, so that the notes' parse finds
   * Asciidoctor loaded and run once (a first parse of the sample took 530 ms, the next
   * ones 110 ms): a build's first step, while the main thread loads the rest of bbl
   * and the browser starts. Keeps no process alive.
   */
  warm(): void {
    if (this.#worker) return
    const worker = this.#start()
    worker.postMessage({ id: WARM_UP_ID, job: WARM_UP })
    worker.unref()
  }

  /** End the thread now: what it was parsing is rejected as interrupted; the next job starts a new thread. */
  stop(): void {
    const worker = this.#worker
    if (!worker) return
    this.#worker = undefined
    void worker.terminate()
    this.#failAll(new BblError('interrupted', ExitCode.INTERRUPTED))
  }

  #start(): Worker {
    const worker = startThread(new URL('./notes-thread.js', import.meta.url))
    worker.on('message', (a: ParseAnswer) => this.#settle(worker, a))
    // A thread that dies (out of memory, a crash in the engine) fails what it was given: a bug, reported as one.
    worker.on('error', (e) => {
      if (this.#worker === worker) this.#worker = undefined
      this.#failAll(e)
    })
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return
      this.#worker = undefined
      this.#failAll(new Error(`the notes thread stopped (exit code ${code})`))
    })
    this.#worker = worker
    return worker
  }

  #settle(worker: Worker, a: ParseAnswer): void {
    const p = this.#pending.get(a.id)
    this.#pending.delete(a.id)
    if (p?.large) this.#heavy = true
    if (this.#pending.size === 0) {
      worker.unref()
      // The next notes start a new thread (its 'exit' is no longer this thread's concern).
      if (this.#heavy && this.#worker === worker) {
        this.#worker = undefined
        this.#heavy = false
        void worker.terminate()
      }
    }
    if (!p) return
    if ('doc' in a) p.resolve(a.doc)
    else if ('refused' in a) p.reject(new BblError(a.refused.message, a.refused.exitCode, a.refused.where))
    else p.reject(Object.assign(new Error(a.bug.message), { stack: a.bug.stack }))
  }

  #failAll(e: Error): void {
    const all = [...this.#pending.values()]
    this.#pending.clear()
    for (const p of all) p.reject(e)
  }
}

/** What warm() has the thread parse: a section, a paragraph, a list, a listing and a table, as notes hold. */
const WARM_UP: ParseJob = {
  text: '= Notes\n\n== A talk\n\nBy A. Speaker, _Somewhere_\n\nA paragraph with *bold* and a https://example.org[link].\n\n* one\n* two\n\n----\ncode\n----\n\n|===\n|a |b\n|===\n',
  file: 'warm-up.adoc',
  cwd: '.',
  read: {},
}
const WARM_UP_ID = -1

/** The thread runs share. */
const shared = new NotesThread()

/** Parse notes in the shared notes thread (see NotesThread.parse). */
export const parseInThread = (job: ParseJob): Promise<NotesDoc> => shared.parse(job)

/** Start the shared notes thread ahead of the notes (see NotesThread.warm). */
export const warmNotesThread = (): void => shared.warm()

/** End the shared notes thread now (an interrupted run): what it was parsing is rejected as interrupted. */
export const stopNotesThread = (): void => shared.stop()
