/**
 * bbl's command line, as the tests run it: in a child process, the real
 * bin/bbl.js over lib/ as users run it (signals and exit codes are real; lib/ is
 * compiled first when it is older than src/), or in-process through main(argv)
 * (faster; output captured). A child does not go through tsx: compiling the
 * sources again in every child cost about a second of CPU per run.
 */
import { execFileSync, spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { main } from '../../src/cli/main.js'

export const root = path.resolve(import.meta.dirname, '..', '..')

export interface Run {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

export interface ChildOptions {
  /** The working folder (the repository by default). */
  cwd?: string
  /** Variables added to the environment (NO_COLOR is set). */
  env?: Record<string, string>
  /** Called once the child runs, while it runs (to signal it, watch its output...). */
  during?: (child: { pid: number; stderr: () => string }) => Promise<void>
}

/** The CLI in a child process. */
export async function bbl(args: string[], o: ChildOptions | string = {}): Promise<Run> {
  const opts = typeof o === 'string' ? { cwd: o } : o
  compiled()
  const t0 = Date.now()
  const argv = [path.join(root, 'bin', 'bbl.js'), ...args]
  const child = spawn(process.execPath, argv, { cwd: opts.cwd ?? root, env: { ...process.env, NO_COLOR: '1', ...opts.env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
  })
  child.stderr.on('data', (d) => {
    stderr += d
  })
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  if (opts.during) await opts.during({ pid: child.pid!, stderr: () => stderr })
  const code = await closed
  return { code, stdout, stderr, ms: Date.now() - t0 }
}

/** main(argv) in this process, in `cwd`, with extra environment variables. */
export async function bblMain(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const t0 = Date.now()
  let stdout = ''
  let stderr = ''
  const code = await main(args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stderrIsTTY: false,
    stdout: (s) => {
      stdout += s
    },
    stderr: (s) => {
      stderr += s
    },
  })
  return { code, stdout, stderr, ms: Date.now() - t0 }
}

const newest = (dir: string, ext: string): number =>
  Math.max(0, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(ext)).map((f) => statSync(path.join(dir, f)).mtimeMs))

let fresh = false
/** lib/ as new as src/ (npm test compiles it before the end-to-end files; a test file run alone may need it). */
export function compiled(): void {
  if (fresh) return
  if (newest(path.join(root, 'lib'), '.js') < newest(path.join(root, 'src'), '.ts')) {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')])
  }
  fresh = true
}
