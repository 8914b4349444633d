/**
 * The command line: parse once, run one command, return an exit code.
 * Messages go to stderr; stdout carries only what was asked for (help, version).
 */
import type { Reporter } from '../core/report.js'
import { runBuild, runCheck, runImages, runPdf, runPptx } from '../run.js'
import { ExitCode, isBblError } from '../core/error.js'
import { fromFsError } from '../core/fs-error.js'
import type { Warning } from '../notes/model.js'
import { type CommonOptions, type Env, renderUsage, resolveOptions } from './options.js'
import { version } from '../core/version.js'

export interface Io {
  stdout: (s: string) => void
  stderr: (s: string) => void
  cwd: string
  env: Env
  stderrIsTTY: boolean
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal
}

const defaultIo = (): Io => ({
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  stderrIsTTY: Boolean(process.stderr.isTTY),
})

export function reporter(io: Io, o: Pick<CommonOptions, 'quiet' | 'debug' | 'color' | 'cwd'>): Reporter {
  const yellow = (s: string) => (o.color ? `\x1b[33m${s}\x1b[39m` : s)
  return {
    info: (msg) => {
      if (!o.quiet) io.stderr(`${msg}\n`)
    },
    warn: (file: string, w: Warning) => io.stderr(`${file}${w.line ? `:${w.line}` : ''}: ${yellow('warning')}: ${w.message}\n`),
    debug: (msg) => {
      if (o.debug) io.stderr(`[debug] ${msg}\n`)
    },
  }
}

export async function main(argv: string[], ioOverrides: Partial<Io> = {}): Promise<number> {
  const io = { ...defaultIo(), ...ioOverrides }
  try {
    const opts = resolveOptions(argv, { cwd: io.cwd, env: io.env, stderrIsTTY: io.stderrIsTTY })
    if (opts.command === 'help') {
      io.stdout(renderUsage(opts.topic))
      return ExitCode.OK
    }
    if (opts.command === 'version') {
      io.stdout(`${version}\n`)
      return ExitCode.OK
    }
    const report = reporter(io, opts)
    if (opts.command === 'serve') {
      const { serve } = await import('../serve/serve.js')
      return await serve(opts, report, io.signal, { log: (line) => io.stderr(`${line}\n`) })
    }
    if (opts.command === 'check') {
      const { checkExitCode, formatProblems } = await import('../check/check.js')
      const problems = await runCheck(opts, report, io.signal)
      const shown = opts.quiet ? problems.filter((p) => p.level !== 'info') : problems
      io.stdout(opts.format === 'json' ? `${JSON.stringify(shown, null, 2)}\n` : formatProblems(shown))
      return checkExitCode(problems)
    }
    if (opts.command === 'build') await runBuild(opts, report, io.signal)
    else if (opts.command === 'images') await runImages(opts, report, io.signal)
    else if (opts.command === 'pptx') await runPptx(opts, report, io.signal)
    else await runPdf(opts, report, io.signal)
    return ExitCode.OK
  } catch (caught) {
    const e = fromFsError(caught, io.cwd) ?? caught
    if (isBblError(e)) {
      io.stderr(`bbl: ${e.oneLine()}\n`)
      return e.exitCode
    }
    throw e
  }
}
