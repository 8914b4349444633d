/**
 * SIGHUP (a closed terminal, a dropped SSH session) and SIGTERM stop bbl as
 * Ctrl-C does: exit 130, the browser closed, temporary folders removed, the
 * earlier output byte for byte. Killed outright (kill -9), bbl's browser ends by
 * itself (it is spoken to over a pipe); a browser left by a dead bbl is ended
 * by the next run, found by its profile folder (which carries that bbl's process id).
 * Runs bin/bbl.js (lib/, compiled), where the signal handlers are.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { root } from '../helpers/cli.js'

const talks = (n: number, extra = '') =>
  `= Signals\nAda Lovelace\n\n== Talks\n\n${Array.from({ length: n }, (_, i) => `=== Talk ${i + 1}\n\nPrésenté par Ada\n\nWords of talk ${i + 1}${extra}.\n`).join('\n')}`

let dir: string
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-signals-'))
  await writeFile(path.join(dir, 'notes.adoc'), talks(3))
})
after(() => rm(dir, { recursive: true, force: true }))

/** bin/bbl.js in `dir`, with a TMPDIR of its own. */
async function start(args: string[], given?: string): Promise<{ child: ChildProcess; tmp: string; done: Promise<{ code: number | null; stderr: string }> }> {
  const tmp = given ?? (await mkdtemp(path.join(os.tmpdir(), 'bbl-signals-tmp-')))
  const child = spawn(process.execPath, [path.join(root, 'bin', 'bbl.js'), ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })))
  return { child, tmp, done }
}

/** The processes whose command line names `dir` (Linux /proc): a browser by its profile folder. */
function using(dir: string): number[] {
  const out: number[] = []
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir)) out.push(Number(p))
    } catch {
      // Gone.
    }
  }
  return out
}

const waitFor = async (test: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const t0 = Date.now()
  while (!(await test())) {
    if (Date.now() - t0 > ms) throw new Error(`waited too long for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function snapshot(folder: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const e of await readdir(folder, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(folder, path.join(e.parentPath, e.name))
    if (e.isFile() && rel.split(path.sep)[0] !== '.bbl-cache') out.set(rel, createHash('sha256').update(await readFile(path.join(folder, rel))).digest('hex'))
  }
  return out
}

const browserUp = (tmp: string) => readdirSync(tmp).some((n) => n.startsWith('bbl-chrome-')) && using(tmp).length > 0

describe('signals', () => {
  for (const signal of ['SIGHUP', 'SIGTERM'] as const) {
    it(`${signal} during a build: exit 130, the browser closed, nothing left, the earlier output byte for byte`, async () => {
      const first = await start(['build', 'notes.adoc', '--out', `out-${signal}`])
      assert.equal((await first.done).code, 0)
      await rm(first.tmp, { recursive: true, force: true })
      const out = path.join(dir, `out-${signal}`)
      const earlier = await snapshot(out)
      // The same notes, changed and long enough to be stopped while the browser measures them.
      await writeFile(path.join(dir, 'notes.adoc'), talks(400, ', changed'))
      const run = await start(['build', 'notes.adoc', '--out', `out-${signal}`])
      try {
        await waitFor(() => browserUp(run.tmp), 60_000, 'the browser')
        run.child.kill(signal)
        const { code, stderr } = await run.done
        assert.equal(code, 130, stderr)
        await waitFor(() => using(run.tmp).length === 0, 10_000, 'no process using its TMPDIR')
        assert.deepEqual(readdirSync(run.tmp), [], 'nothing left in TMPDIR')
        assert.deepEqual((await readdir(out)).filter((f) => /\.bbl-(tmp|old)-|^\.index\.html\./.test(f)), [])
        assert.deepEqual(await snapshot(out), earlier)
      } finally {
        await writeFile(path.join(dir, 'notes.adoc'), talks(3))
        for (const p of using(run.tmp)) process.kill(p, 'SIGKILL')
        await rm(run.tmp, { recursive: true, force: true })
      }
    })
  }

  it('kill -9: the browser ends by itself; the next run removes what was left', async () => {
    await writeFile(path.join(dir, 'many.adoc'), talks(400))
    const run = await start(['build', 'many.adoc', '--out', 'out-kill'])
    try {
      await waitFor(() => browserUp(run.tmp), 60_000, 'the browser')
      run.child.kill('SIGKILL')
      await run.done
      await waitFor(() => using(run.tmp).length === 0, 15_000, 'the browser to end with bbl')
    } finally {
      for (const p of using(run.tmp)) process.kill(p, 'SIGKILL')
      await rm(run.tmp, { recursive: true, force: true })
    }
  })

  it('a browser left by a dead bbl (found by its profile folder) is ended by the next run', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-signals-tmp-'))
    try {
      // A process id no process has any more: a short-lived child's, once it has exited.
      const gone = spawn(process.execPath, ['-e', ''])
      await new Promise((r) => gone.on('close', r))
      const profile = path.join(tmp, `bbl-chrome-${gone.pid}-AbCdEf`)
      await mkdir(path.join(profile, 'profile'), { recursive: true })
      // Stands for the browser: a process whose command line names the profile, as Chromium's does.
      const left = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)', '--', `--user-data-dir=${path.join(profile, 'profile')}`], { stdio: 'ignore' })
      const ended = new Promise((r) => left.on('exit', r))
      await waitFor(() => using(profile).length > 0, 5_000, 'the stand-in')
      const run = await start(['build', 'notes.adoc', '--out', 'out-later'], tmp)
      const { code, stderr } = await run.done
      assert.equal(code, 0, stderr)
      await Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error('the left browser still runs')), 10_000))])
      assert.deepEqual(readdirSync(tmp), [], 'its profile folder removed too')
      left.kill('SIGKILL')
    } finally {
      await rm(tmp, { recursive: true, force: true })
    }
  })
})
