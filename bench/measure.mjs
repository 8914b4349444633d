/**
 * Runs one command as a whole process (node startup included, as a user sees
 * it) and measures its wall time and the peak memory of its process tree.
 *
 * Memory: every ~50 ms the RSS of the command and all its descendants (and of
 * anything left in its process group, which catches browser helpers that
 * re-parent themselves) is summed. The tree is found by reading every
 * /proc/<pid>/stat, which costs ~2 ms, so it is re-read only every 4th sample;
 * the RSS and CPU time of known processes (stat) cost ~0.05 ms.
 *
 * CPU time: the user + system time of every process of the tree, as last
 * seen by a sample, added up. It misses each process's last <50 ms (so a
 * short command is undercounted by up to ~0.05 s), but it varies much less
 * than wall time when other work shares the machine.
 *
 * Summed RSS counts Chromium's shared pages once per process. PSS splits them
 * and adds up to what the tree really holds, but reading smaps_rollup costs
 * ~2 ms per Chromium process (~20 ms a sample): that would steal a tenth of a
 * core from the command being timed, so PSS is only sampled on request
 * (`pss: true`), for untimed runs.
 */
import { execFileSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const PAGE_KB = 4
const TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100
  } catch {
    return 100
  }
})()
const SAMPLE_MS = 50

/** Process groups of the commands running now, so an interrupted bench can end them. */
const running = new Set()

/** Kill every command group this module started that is still running. */
export function killRunning() {
  for (const pgid of running) {
    try {
      process.kill(-pgid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  running.clear()
}

/** pid → { ppid, pgid } for every process we can read. */
function processTable() {
  const table = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      table.set(Number(name), { ppid: Number(rest[1]), pgid: Number(rest[2]) })
    } catch {
      // The process ended between readdir and read.
    }
  }
  return table
}

function treeOf(root, pgid, table) {
  const children = new Map()
  for (const [pid, p] of table) {
    if (!children.has(p.ppid)) children.set(p.ppid, [])
    children.get(p.ppid).push(pid)
  }
  const seen = new Set()
  const stack = [root]
  while (stack.length) {
    const pid = stack.pop()
    if (seen.has(pid) || !table.has(pid)) continue
    seen.add(pid)
    stack.push(...(children.get(pid) ?? []))
  }
  for (const [pid, p] of table) if (p.pgid === pgid) seen.add(pid)
  return [...seen]
}

/** RSS (kB) and CPU time so far (user + system, clock ticks) of one process, from /proc/<pid>/stat. */
function usage(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // f[0] is field 3 (state)
    return { rss: Number(f[21]) * PAGE_KB, ticks: Number(f[11]) + Number(f[12]) }
  } catch {
    return { rss: 0, ticks: 0 }
  }
}

function pssKb(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
    return m ? Number(m[1]) : 0
  } catch {
    return 0
  }
}

/**
 * Run `cmd args`; resolves with { ms, code, peakRssMb, peakPssMb?, cpuS, peakProcs, stdout, stderr }.
 * The child gets its own process group (detached) so that its whole tree can
 * be found and, at exit or on timeout, killed by that group id and nothing else.
 */
export function measure(cmd, args, { cwd, env, timeoutMs = 15 * 60_000, pss = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint()
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    if (child.pid) running.add(child.pid)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const peak = { rss: 0, pss: 0, procs: 0 }
    /** Last CPU time seen for each process of the tree. */
    const ticks = new Map()
    let pids = [child.pid]
    let n = 0
    const sample = () => {
      if (n++ % 4 === 0) pids = treeOf(child.pid, child.pid, processTable())
      let rss = 0
      let ps = 0
      for (const pid of pids) {
        const u = usage(pid)
        rss += u.rss
        if (u.ticks > (ticks.get(pid) ?? 0)) ticks.set(pid, u.ticks)
        if (pss) ps += pssKb(pid)
      }
      peak.rss = Math.max(peak.rss, rss)
      peak.pss = Math.max(peak.pss, ps)
      peak.procs = Math.max(peak.procs, pids.length)
    }
    const timer = setInterval(sample, SAMPLE_MS)
    let timedOut = false
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const killer = setTimeout(() => {
      timedOut = true
      killGroup()
    }, timeoutMs)
    child.on('error', (e) => {
      clearInterval(timer)
      clearTimeout(killer)
      reject(e)
    })
    // 'exit', not 'close': a browser helper that outlives the command keeps the
    // pipes open, and the user's prompt comes back at exit.
    child.on('exit', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6
      clearInterval(timer)
      clearTimeout(killer)
      // Leave no stragglers from this command's group behind.
      killGroup()
      running.delete(child.pid)
      setTimeout(() => {
        resolve({
          ms,
          code: timedOut ? 'timeout' : (code ?? signal),
          peakRssMb: peak.rss / 1024,
          cpuS: [...ticks.values()].reduce((a, b) => a + b, 0) / TICKS_PER_S,
          ...(pss ? { peakPssMb: peak.pss / 1024 } : {}),
          peakProcs: peak.procs,
          stdout,
          stderr,
        })
      }, 20)
    })
  })
}
