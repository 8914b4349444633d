/**
 * Starting a worker thread from one of bbl's modules. Built (lib/), the worker is
 * the .js file next to its caller; run from source (tests, through tsx), it is the
 * .ts file, imported with tsx's API: Node 20 loads a worker's entry before its
 * --import hooks apply. Workers take none of the process's own flags: they need none.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads'

// (Loaded through tsx's API, a module's URL carries a query: its path tells.)
const fromSource = new URL(import.meta.url).pathname.endsWith('.ts')

/** A worker running `entry` (the built `.js` URL, next to the caller's module). */
export function startThread(entry: URL, options: Pick<WorkerOptions, 'workerData' | 'transferList'> = {}): Worker {
  if (!fromSource) return new Worker(entry, { ...options, execArgv: [] })
  const source = new URL(entry.pathname.replace(/\.js$/, '.ts'), entry)
  const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(source.href)}, ${JSON.stringify(import.meta.url)}))`
  return new Worker(code, { ...options, eval: true, execArgv: [] })
}
