/**
 * The math thread's entry (started by src/notes/math-worker.ts): MathJax loaded
 * once, then one formula per message. Each answer goes on the port it was given,
 * and the shared counter is raised and notified, so that a caller blocked in
 * Atomics.wait (the Asciidoctor converter is synchronous) wakes up and reads it.
 */
import { readlinkSync } from 'node:fs'
import { type MessagePort, parentPort, workerData } from 'node:worker_threads'
import type { MathJob, ThreadAnswer } from './math-worker.js'
import { loadMathJax, renderMath } from './math-engine.js'

const { answered, port } = workerData as { answered: Int32Array; port: MessagePort }

function answer(a: ThreadAnswer): void {
  port.postMessage(a)
  Atomics.add(answered, 0, 1)
  Atomics.notify(answered, 0)
}

try {
  loadMathJax()
  answer({ ready: true, task: ownTask() })
} catch (e) {
  answer({ error: `MathJax did not load: ${(e as Error).message}` })
}

parentPort!.on('message', (job: MathJob) => {
  try {
    answer({ html: renderMath(job.source, job.notation, job.display) })
  } catch (e) {
    // MathJax is the formula's parser: what it cannot take (\unicode{1114112}: "Invalid code point") is the notes'.
    answer({ error: (e as Error).message })
  }
})

/** This thread's id in /proc/self/task (Linux: /proc/thread-self is `<pid>/task/<tid>`), for its CPU time. */
function ownTask(): string | undefined {
  try {
    return readlinkSync('/proc/thread-self').split('/').pop()
  } catch {
    return undefined
  }
}
