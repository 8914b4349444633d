/**
 * MathJax in a thread of its own, called synchronously: the Asciidoctor converter
 * asks for a formula's SVG and must have it before it returns. The caller blocks
 * in Atomics.wait for at most the formula's time limit; a formula that takes
 * longer has its thread ended (a synchronous parser cannot be stopped any other
 * way) and the next formula starts a new one. The thread starts with the first
 * formula, so notes without math load no MathJax.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads'
import { startThread } from '../core/thread.js'

export type MathNotation = 'latexmath' | 'asciimath'

export interface MathJob {
  source: string
  notation: MathNotation
  display: boolean
}

/** What the thread answers: it is ready, a formula's markup, or MathJax's error. */
export type ThreadAnswer = { ready: true } | { html: string } | { error: string }

/** What typesetting one formula gave: its markup, MathJax's error, or nothing within the time limit. */
export type MathResult = { html: string } | { error: string } | { timedOut: true }

/** Loading MathJax: far longer than it takes (~0.6 s), so that a busy machine does not show math as source. */
const LOAD_MS = 60_000

interface MathThread {
  worker: Worker
  /** How many answers the thread has given (shared with it). */
  answered: Int32Array
  /** How many of them were read. */
  read: number
  port: MessagePort
}

let current: MathThread | undefined

/** Typeset one formula in the math thread, waiting at most `ms` for it. */
export function typesetInThread(job: MathJob, { ms }: { ms: number }): MathResult {
  const thread = current ?? start()
  if ('error' in thread) return thread
  thread.worker.postMessage(job)
  const answer = next(thread, ms)
  if (!answer) {
    stop(thread)
    return { timedOut: true }
  }
  return 'ready' in answer ? { error: 'the math thread answered out of turn' } : answer
}

/** End the math thread, if one runs (the next formula starts another). */
export function stopMathThread(): void {
  if (current) stop(current)
}

function start(): MathThread | { error: string } {
  const answered = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const worker = startThread(new URL('./math-thread.js', import.meta.url), { workerData: { answered, port: port2 }, transferList: [port2] })
  // Neither holds the process (or the notes thread) open: they are used only while the converter waits on them.
  worker.unref()
  port1.unref()
  const thread: MathThread = { worker, answered, read: 0, port: port1 }
  const ready = next(thread, LOAD_MS)
  if (ready && 'ready' in ready) {
    current = thread
    return thread
  }
  stop(thread)
  return { error: ready && 'error' in ready ? ready.error : 'MathJax did not load in time' }
}

/** The thread's next answer, or undefined if none came within `ms`. */
function next(thread: MathThread, ms: number): ThreadAnswer | undefined {
  const deadline = Date.now() + ms
  while (Atomics.load(thread.answered, 0) === thread.read) {
    const left = deadline - Date.now()
    if (left <= 0) return undefined
    Atomics.wait(thread.answered, 0, thread.read, left)
  }
  thread.read++
  return receiveMessageOnPort(thread.port)?.message as ThreadAnswer | undefined
}

function stop(thread: MathThread): void {
  if (current === thread) current = undefined
  thread.port.close()
  void thread.worker.terminate()
}
