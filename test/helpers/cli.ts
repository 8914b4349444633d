/**
 * bbl's command line, as the tests run it: in a child process from the
 * TypeScript sources (no stale lib/; signals and exit codes are real), or
 * in-process through main(argv) (faster; output captured).
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { main } from '../../src/cli/main.js'

export const root = path.resolve(import.meta.dirname, '..', '..')

export interface Run {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/** The CLI in a child process, in `cwd` (the repository by default). */
export function bbl(args: string[], cwd = root): Promise<Run> {
  const t0 = Date.now()
  const cli = pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', `import(${JSON.stringify(cli)}).then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)) })`, ...args],
    { cwd, env: { ...process.env, NO_COLOR: '1' } },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
  })
  child.stderr.on('data', (d) => {
    stderr += d
  })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 })))
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
