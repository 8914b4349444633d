/**
 * A worker thread of the photo pool (pool.ts): takes { id, file, format },
 * answers { id, work } or { id, error } with photoWork's result.
 */
import { parentPort } from 'node:worker_threads'
import { type Format, photoWork } from './work.js'

parentPort!.on('message', async ({ id, file, format }: { id: number; file: string; format: Format }) => {
  try {
    parentPort!.postMessage({ id, work: await photoWork(file, format) })
  } catch (e) {
    parentPort!.postMessage({ id, error: String((e as Error)?.message ?? e) })
  }
})
