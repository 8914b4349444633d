/**
 * Slide photos not in the cache are straightened in worker threads, as many as
 * the cores (at most 4): the pixel work of a first build runs side by side, off
 * the main thread, which meanwhile parses notes and drives the browser. The
 * workers start with the first photo that needs one (a build with every photo
 * cached starts none and loads no sharp) and end once the pool has been idle
 * for a moment. A worker holds the process open only while it works on a
 * photo; one that fails or dies fails its photo, which is then shown as taken.
 */
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { startThread } from '../../core/thread.js'
import type { Format, PhotoWork } from './work.js'

/** How long an idle pool keeps its workers, in case more photos come. */
const IDLE_MS = 250

const newWorker = (): Worker => startThread(new URL('./worker.js', import.meta.url))

export const poolSize = (cores = availableParallelism()): number => Math.max(1, Math.min(4, cores))

interface Task {
  file: string
  format: Format
  resolve: (w: PhotoWork) => void
  reject: (e: Error) => void
}

let sharpLoaded: Promise<unknown> | undefined

export class PhotoPool {
  private readonly all = new Set<Worker>()
  private readonly idle: Worker[] = []
  private readonly busy = new Map<Worker, Task>()
  private readonly queue: Task[] = []
  private timer?: NodeJS.Timeout

  constructor(private readonly size = poolSize()) {}

  /** How many worker threads are running. */
  get running(): number {
    return this.all.size
  }

  /** photoWork(file, format), in a worker thread. */
  async run(file: string, format: Format): Promise<PhotoWork> {
    clearTimeout(this.timer)
    // With glibc, sharp's libraries must be opened by the main thread before any worker
    // opens them, or they are unloaded under the others when one exits (sharp's
    // install notes on worker threads, lovell/sharp#2263).
    sharpLoaded ??= import('sharp')
    await sharpLoaded
    return new Promise((resolve, reject) => {
      this.queue.push({ file, format, resolve, reject })
      this.dispatch()
    })
  }

  /** Ends every worker now; photos still in work fail (and are shown as taken). */
  async close(): Promise<void> {
    clearTimeout(this.timer)
    const workers = [...this.all]
    this.all.clear()
    this.idle.length = 0
    for (const task of [...this.busy.values(), ...this.queue.splice(0)]) task.reject(new Error('the photo pool was closed'))
    this.busy.clear()
    await Promise.all(workers.map((w) => w.terminate()))
  }

  private dispatch(): void {
    while (this.queue.length) {
      const w = this.idle.pop() ?? (this.all.size < this.size ? this.spawn() : undefined)
      if (!w) return
      const task = this.queue.shift()!
      this.busy.set(w, task)
      w.ref()
      w.postMessage({ file: task.file, format: task.format })
    }
  }

  private spawn(): Worker {
    const w = newWorker()
    this.all.add(w)
    w.on('message', (m: { work?: PhotoWork; error?: string }) => this.settle(w, m))
    w.on('error', (e) => this.lose(w, e))
    w.on('exit', (code) => this.lose(w, new Error(`a photo worker stopped (exit code ${code})`)))
    return w
  }

  private settle(w: Worker, m: { work?: PhotoWork; error?: string }): void {
    // An answer that crossed close() on its way: its photo has already failed.
    if (!this.all.has(w)) return
    const task = this.busy.get(w)
    this.busy.delete(w)
    w.unref()
    this.idle.push(w)
    if (m.work) task?.resolve(m.work)
    else task?.reject(new Error(m.error ?? 'no answer from a photo worker'))
    this.dispatch()
    this.whenIdle()
  }

  private lose(w: Worker, e: Error): void {
    if (!this.all.delete(w)) return
    const i = this.idle.indexOf(w)
    if (i >= 0) this.idle.splice(i, 1)
    const task = this.busy.get(w)
    this.busy.delete(w)
    task?.reject(e)
    this.dispatch()
    this.whenIdle()
  }

  private whenIdle(): void {
    if (this.busy.size || this.queue.length || !this.all.size) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.close(), IDLE_MS).unref()
  }
}

let shared: PhotoPool | undefined

/** The process's one pool (creating it starts nothing). */
export const photoPool = (): PhotoPool => (shared ??= new PhotoPool())
