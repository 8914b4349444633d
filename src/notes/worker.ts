/**
 * Parsing notes (Asciidoctor's parse and conversion, math included) in a thread
 * of its own. The work is synchronous and takes seconds on large notes (5 MB:
 * ~10 s); on the main thread it would hold back Ctrl-C, SIGTERM and SIGHUP
 * until it ends. Here the main thread stays free: an interrupted run ends the
 * thread at once (stopNotesThread) and exits.
 *
 * One thread, started with the first notes and kept for the next ones (a build of
 * several notes, `bbl serve`'s rebuilds), so Asciidoctor loads once; it holds the
 * process open only while it parses.
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
}

let thread: Worker | undefined
const pending = new Map<number, Pending>()
let nextId = 0

/** Parse notes into bbl's model in the notes thread; rejects as parseNotes throws (BblError for the notes' faults). */
export function parseInThread(job: ParseJob): Promise<NotesDoc> {
  const worker = thread ?? start()
  const id = nextId++
  return new Promise<NotesDoc>((resolve, reject) => {
    pending.set(id, { resolve, reject })
    worker.ref()
    worker.postMessage({ id, job })
  })
}

/** End the notes thread now (an interrupted run): what it was parsing is rejected as interrupted. */
export function stopNotesThread(): void {
  const worker = thread
  if (!worker) return
  thread = undefined
  void worker.terminate()
  failAll(new BblError('interrupted', ExitCode.INTERRUPTED))
}

function start(): Worker {
  const worker = startThread(new URL('./notes-thread.js', import.meta.url))
  worker.on('message', (a: ParseAnswer) => settle(worker, a))
  // A thread that dies (out of memory, a crash in the engine) fails what it was given: a bug, reported as one.
  worker.on('error', (e) => {
    if (thread === worker) thread = undefined
    failAll(e)
  })
  worker.on('exit', (code) => {
    if (thread !== worker) return
    thread = undefined
    failAll(new Error(`the notes thread stopped (exit code ${code})`))
  })
  thread = worker
  return worker
}

function settle(worker: Worker, a: ParseAnswer): void {
  const p = pending.get(a.id)
  pending.delete(a.id)
  if (pending.size === 0) worker.unref()
  if (!p) return
  if ('doc' in a) p.resolve(a.doc)
  else if ('refused' in a) p.reject(new BblError(a.refused.message, a.refused.exitCode, a.refused.where))
  else p.reject(Object.assign(new Error(a.bug.message), { stack: a.bug.stack }))
}

function failAll(e: Error): void {
  const all = [...pending.values()]
  pending.clear()
  for (const p of all) p.reject(e)
}
