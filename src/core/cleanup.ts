/**
 * What must go on every exit path, even a second Ctrl-C that leaves no time for
 * `finally` blocks: temporary folders and the browser's process group. Owners
 * register them here; bin/bbl.js runs `cleanupSync()` before exiting at once.
 * Temporary names carry the process id, so a later run can remove those of a
 * process that died (a kill -9, a power cut): see `STALE_NAME` and `isAlive`.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs'

const paths = new Set<string>()
const kills = new Set<() => void>()

/** Remove `p` on a hurried exit; the returned function forgets it (the owner removed it itself). */
export function trackPath(p: string): () => void {
  paths.add(p)
  return () => void paths.delete(p)
}

/** Run `kill` on a hurried exit (before the paths are removed). */
export function trackKill(kill: () => void): () => void {
  kills.add(kill)
  return () => void kills.delete(kill)
}

/** Kill what was registered, then remove every registered path; never throws. */
export function cleanupSync(): void {
  for (const k of kills) {
    try {
      k()
    } catch {
      // Already gone.
    }
  }
  const killed = kills.size > 0
  kills.clear()
  // A killed process may still write a file or two while the kernel takes it down:
  // remove, wait a moment, remove again.
  for (const pause of killed ? [50, 150, 0] : [0]) {
    sleepSync(pause)
    for (const p of paths) {
      try {
        rmSync(p, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 })
      } catch {
        // Best effort: a later run removes it (removeStale).
      }
    }
  }
  paths.clear()
}

const sleepSync = (ms: number) => {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/**
 * bbl's temporary names, with the process id that made them: `.bbl-tmp-<name>-<pid>`,
 * `<name>.bbl-old-<pid>`, `.index.html.<pid>`, `<name>.fit.json.<pid>`,
 * `bbl-chrome-<pid>-…`, `bbl-serve-<pid>-…`.
 */
export const STALE_NAME = /^(?:\.bbl-tmp-.*-|.*\.bbl-old-|\.index\.html\.|.*\.fit\.json\.)(\d+)$|^bbl-(?:chrome|serve)-(\d+)-/

/** The process id in a stale-looking name, if any. */
export const stalePid = (name: string): number | undefined => {
  const m = STALE_NAME.exec(name)
  return m ? Number(m[1] ?? m[2]) : undefined
}

/** Whether a process with this id runs (one of another user counts as running). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * End the processes whose command line names `dir` (a dead bbl's browser, found by
 * its profile folder, which carries that bbl's process id); how many were signalled.
 * Linux only (/proc): elsewhere a browser bbl started over a pipe ends with it anyway.
 */
export function killUsing(dir: string): number {
  let procs: string[]
  try {
    procs = readdirSync('/proc').filter((p) => /^\d+$/.test(p))
  } catch {
    return 0
  }
  let killed = 0
  for (const p of procs) {
    try {
      const args = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')
      if (!args.some((a) => a === dir || a.startsWith(`${dir}/`) || a.includes(`=${dir}/`) || a.endsWith(`=${dir}`))) continue
      process.kill(Number(p), 'SIGKILL')
      killed++
    } catch {
      // Gone already, or not ours to end.
    }
  }
  return killed
}
