/**
 * The notes thread's entry (started by src/notes/worker.ts): one job per message,
 * parsed as on the main thread, the model (plain data) sent back.
 */
import { parentPort } from 'node:worker_threads'
import { isBblError } from '../core/error.js'
import { parseNotes } from './asciidoc.js'
import type { ParseAnswer, ParseJob } from './worker.js'

parentPort!.on('message', ({ id, job }: { id: number; job: ParseJob }) => {
  let answer: ParseAnswer
  try {
    answer = { id, doc: parseNotes(job.text, job.file, job.cwd, job.read) }
  } catch (e) {
    const err = e as Error
    answer = isBblError(e) ? { id, refused: { message: e.message, exitCode: e.exitCode, where: e.where } } : { id, bug: { message: err.message, stack: err.stack } }
  }
  parentPort!.postMessage(answer)
})
