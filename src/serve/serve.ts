/**
 * bbl serve: build the notes into a temporary folder (never dist/), serve it
 * with the same paths as dist/, and on every save rebuild the notes file that
 * changed and reload the pages it changed, on the slide they showed (decks keep
 * it in the URL hash). A failed build keeps the last good decks served and
 * shows the error over the open pages until the next good build.
 * The builds are src/serve/session.ts, the HTTP side (files, live channel)
 * src/serve/server.ts; this file starts them and stops them.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Reporter } from '../core/report.js'
import { browserFor } from '../browser/manager.js'
import { trackPath } from '../core/cleanup.js'
import { BblError, ExitCode } from '../core/error.js'
import type { Env, ServeCommand } from '../core/options.js'
import { notesName, pageScriptFile } from '../core/paths.js'
import { resolveTheme } from '../assets/theme.js'
import { PictureMemo } from '../assets/picture-memo.js'
import { isLoopbackName, LIVE, listen, LiveSite } from './server.js'
import { type BuildEvent, type Notes, Session } from './session.js'

export type { BuildEvent } from './session.js'

export interface ServeHooks {
  /** Lines shown whatever --quiet says: the address, build errors. Default: the reporter's info. */
  log?: (line: string) => void
  /** Once listening; `url` has the real port when --port 0 asked for any free one. */
  onListening?: (o: { url: string; port: number; root: string }) => void
  /** After every build of a notes file, good or failed (tests, benchmarks). */
  onBuild?: (e: BuildEvent) => void
}

export async function serve(o: ServeCommand, report: Reporter, signal?: AbortSignal, hooks: ServeHooks = {}): Promise<number> {
  const log = hooks.log ?? ((s: string) => report.info(s))
  const notes = notesServed(o)
  const byName = new Map(notes.map((n) => [n.name, n]))
  // An unknown theme is a usage error, as in bbl build: say so before serving anything.
  const theme = await resolveTheme(o.theme, o.cwd)
  const live = await readFile(pageScriptFile('live'))

  // Named with our process id: removed on a hurried exit, or by a later run if we die.
  const root = await mkdtemp(path.join(os.tmpdir(), `bbl-serve-${process.pid}-`))
  const forget = trackPath(root)
  const realRoot = await realpath(root)
  const browser = browserFor(o, report.debug)
  const site = new LiveSite({
    root: realRoot,
    live,
    folder: (name) => byName.get(name),
    anyBuilt: () => notes.some((n) => n.built),
    loopbackOnly: isLoopbackName(o.host),
  })
  let fatal: BblError | undefined
  let wake = () => {}
  const stopped = new Promise<void>((resolve) => {
    wake = resolve
    if (signal?.aborted) resolve()
    signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  const onFatal = (e: BblError) => {
    fatal = e
    wake()
  }
  const session = new Session({ o, report, notes, root: realRoot, site, browser, theme, log, onFatal, ...(hooks.onBuild ? { onBuild: hooks.onBuild } : {}) })

  const server = http.createServer(site.listener(report.debug))
  try {
    await listen(server, o.port, o.host)
    browser.warm()
    const port = (server.address() as AddressInfo).port
    const urls = addresses(o.host, port)
    hooks.onListening?.({ url: urls[0]!, port, root: realRoot })
    log(`Serving ${urls.join(' and ')} (Ctrl-C to stop)`)
    const first = session.start()
    if (o.open) void first.then(() => !signal?.aborted && openInBrowser(urls[0]!, o.env, log))
    await stopped
  } finally {
    await session.stop()
    site.close()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
    // Closing the browser cuts a build short; a build that was parsing cannot start it
    // again (final): it fails, and is waited for, before the folder goes.
    await browser.close({ final: true })
    await session.settled()
    await rm(root, { recursive: true, force: true })
    forget()
  }
  if (fatal) throw fatal
  return ExitCode.OK
}

/** The notes files to serve, each under its own /<notes-name>/. */
function notesServed(o: ServeCommand): Notes[] {
  const notes: Notes[] = []
  for (const file of o.inputs) {
    const abs = path.resolve(o.cwd, file)
    const name = notesName(abs)
    const same = notes.find((n) => n.name === name)
    if (same) throw new BblError(`${same.file} and ${file} would both be served as /${name}/; rename one`, ExitCode.USAGE)
    if (`/${name}/` === LIVE) throw new BblError(`${file}: the name ${name} is reserved by bbl serve; rename the notes`, ExitCode.USAGE)
    notes.push({ file, abs, name, images: [], includes: [], hashes: new Map(), warned: new Set(), built: false, pictures: new PictureMemo() })
  }
  return notes
}

function addresses(host: string, port: number): string[] {
  const url = (h: string) => `http://${h.includes(':') ? `[${h}]` : h}:${port}/`
  if (host !== '0.0.0.0' && host !== '::') return [url(host)]
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal && (i.family === 'IPv4' || host === '::'))
    .map((i) => url(i!.address))
  return [url('localhost'), ...lan]
}

/** --open: the system's own opener, without waiting for it. */
function openInBrowser(url: string, env: Env, log: (s: string) => void): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]]
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true, env, windowsVerbatimArguments: true })
  child.on('error', (e: NodeJS.ErrnoException) => log(`could not open a browser (${cmd}: ${e.code ?? e.message}); open ${url} yourself`))
  child.unref()
}
