/**
 * MathJax in a thread of its own, called synchronously: the Asciidoctor converter
 * asks for a formula's SVG and must have it before it returns. The caller blocks
 * in Atomics.wait until the thread has spent the formula's time limit on it; a
 * formula that takes longer has its thread ended (a synchronous parser cannot be
 * stopped any other way) and the next formula starts a new one. The thread starts
 * with the first formula, so notes without math load no MathJax.
 *
 * The limit is the thread's CPU time where Linux tells it (/proc/self/task), so
 * that a busy machine, which only slows MathJax down, does not turn formulas into
 * source; elsewhere it is the time waited.
 */
import { readFileSync } from 'node:fs'
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads'
import { startThread } from '../core/thread.js'

export type MathNotation = 'latexmath' | 'asciimath'

export interface MathJob {
  source: string
  notation: MathNotation
  display: boolean
}

/** What the thread answers: it is ready, a formula's markup, or MathJax's error. */
export type ThreadAnswer = { ready: true; task?: string } | { html: string } | { error: string }

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
  /** The thread's /proc/self/task/<id>/stat file (Linux), for its CPU time. */
  stat?: string
}

let current: MathThread | undefined

/** How many times the limit a formula may take in time waited, on a busy machine. */
const MOST_SLOWER = 60

/** Typeset one formula in the math thread, giving it `ms` of its CPU time (of time waited where that cannot be read). */
export function typesetInThread(job: MathJob, { ms }: { ms: number }): MathResult {
  const thread = current ?? start()
  if ('error' in thread) return thread
  const cpu0 = cpuSeconds(thread)
  thread.worker.postMessage(job)
  const t0 = Date.now()
  let answer = next(thread, ms)
  // Waited long enough, but a busy machine gave the thread less: wait for what it has not spent yet
  // (within reason: a thread that gets no CPU at all is not waited on for ever).
  for (let spent = cpuSeconds(thread) - cpu0; !answer && spent < ms / 1000 && Date.now() - t0 < ms * MOST_SLOWER; spent = cpuSeconds(thread) - cpu0) {
    answer = next(thread, ms - spent * 1000)
  }
  if (!answer) {
    stop(thread)
    return { timedOut: true }
  }
  return 'ready' in answer ? { error: 'the math thread answered out of turn' } : answer
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
    if (ready.task) thread.stat = `/proc/self/task/${ready.task}/stat`
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

/** The thread's CPU time in seconds (utime + stime, in ticks of 1/100 s); infinite where it cannot be read, so only the time waited counts. */
function cpuSeconds(thread: MathThread): number {
  if (!thread.stat) return Number.POSITIVE_INFINITY
  try {
    const stat = readFileSync(thread.stat, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / 100
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

function stop(thread: MathThread): void {
  if (current === thread) current = undefined
  thread.port.close()
  void thread.worker.terminate()
}
