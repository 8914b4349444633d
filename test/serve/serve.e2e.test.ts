/**
 * bbl serve, end to end: the server runs in-process on a copy of the sample
 * notes, a real headless Chromium shows a deck, and the test edits the notes
 * the way an editor would. Also: the paths it refuses, a small load test, a
 * port in use (through the CLI, for its exit code), and the watcher alone.
 */
import assert from 'node:assert/strict'
import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'puppeteer-core'
import { main } from '../../src/cli/main.js'
import { resolveOptions, type ServeCommand } from '../../src/cli/options.js'
import { type BuildEvent, serve } from '../../src/serve/serve.js'
import { Watcher } from '../../src/serve/watcher.js'
import { withTimeout } from '../../src/browser/clocks.js'
import { closeBrowser, launchBrowser } from '../helpers/browser.js'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const NOTES = 'decks/dataxday-2018.adoc'
const SECRET = 'bbl-serve-test-secret-7f3a'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A project folder: the sample notes, their pictures, and files that must never be served. */
async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-serve-test-'))
  await mkdir(path.join(dir, 'decks'))
  await cp(path.join(repo, NOTES), path.join(dir, NOTES))
  await cp(path.join(repo, 'images', 'dataxday-2018'), path.join(dir, 'images', 'dataxday-2018'), { recursive: true })
  await writeFile(path.join(dir, 'package.json'), `{ "name": "${SECRET}" }\n`)
  await writeFile(path.join(dir, 'secret.txt'), `${SECRET}\n`)
  // bbl's own theme as a file of the project, so that the test may edit it.
  await cp(path.join(repo, 'themes', 'bbl', 'theme.css'), path.join(dir, 'theme.css'))
  return dir
}

interface Running {
  url: string
  port: number
  root: string
  builds: BuildEvent[]
  logs: string[]
  /** The next build after this call. */
  nextBuild(): Promise<BuildEvent>
  stop(): Promise<number>
}

async function startServe(cwd: string, args: string[] = []): Promise<Running> {
  const opts = resolveOptions(['serve', '--port', '0', ...args], { cwd, env: process.env, stderrIsTTY: false }) as ServeCommand
  const controller = new AbortController()
  const builds: BuildEvent[] = []
  const logs: string[] = []
  let waiters: Array<(e: BuildEvent) => void> = []
  let listening!: (o: { url: string; port: number; root: string }) => void
  const ready = new Promise<{ url: string; port: number; root: string }>((r) => (listening = r))
  // BBL_TEST_DEBUG=1 shows the server's timings.
  const quiet = { info: () => {}, warn: () => {}, debug: (m: string) => void (process.env['BBL_TEST_DEBUG'] && console.error(m)) }
  const done = serve(opts, quiet, controller.signal, {
    log: (l) => logs.push(l),
    onListening: listening,
    onBuild: (e) => {
      builds.push(e)
      const w = waiters
      waiters = []
      for (const f of w) f(e)
    },
  })
  const where = await Promise.race([ready, done.then(() => assert.fail('serve ended before listening'))])
  const nextBuild = () =>
    new Promise<BuildEvent>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no build within 20 s')), 20_000)
      waiters.push((e) => {
        clearTimeout(t)
        resolve(e)
      })
    })
  const stop = () => {
    controller.abort()
    return withTimeout(done, 30_000, 'bbl serve stopping')
  }
  return { ...where, builds, logs, nextBuild, stop }
}

function get(url: string, o: { method?: string; headers?: http.OutgoingHttpHeaders; agent?: http.Agent } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? 'GET', headers: o.headers, agent: o.agent, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)))
    req.on('error', reject)
    req.end()
  })
}

/** A request written byte for byte, so no client library tidies the path first. */
function raw(port: number, target: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`))
    const chunks: Buffer[] = []
    socket.on('data', (c) => chunks.push(c))
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text })
    })
    socket.on('error', reject)
    socket.setTimeout(10_000, () => socket.destroy(new Error(`timeout: ${target}`)))
  })
}

/**
 * Ask the page until `probe` gives something, across reloads; the time it took, in ms.
 * A question asked while the page reloads may never be answered: it is given up after a
 * second and asked again.
 */
async function until<T>(page: Page, probe: () => T | null, timeoutMs = 10_000): Promise<{ value: T; ms: number }> {
  const t0 = performance.now()
  for (;;) {
    const value = (await withTimeout(page.evaluate(probe), 1000, 'a question to the page').catch(() => null)) as T | null
    if (value !== null && value !== undefined) return { value, ms: performance.now() - t0 }
    if (performance.now() - t0 > timeoutMs) throw new Error(`page condition not met within ${timeoutMs} ms`)
    await sleep(20)
  }
}

/** Wait until the page's live client is connected to the server. */
const live = (page: Page) => page.waitForFunction(() => document.documentElement.dataset['bblLive'] === 'on', { timeout: 10_000 })

type RevealApi = {
  isReady(): boolean
  slide(h: number, v: number): void
  getIndices(slide?: HTMLElement): { h: number; v?: number }
  getCurrentSlide(): HTMLElement
  getSlides(): HTMLElement[]
}
declare const Reveal: RevealApi

describe('bbl serve', { timeout: 300_000 }, () => {
  let dir: string
  let server: Running
  let browser: Browser
  let page: Page
  let original: string

  before(async () => {
    dir = await project()
    original = await readFile(path.join(dir, NOTES), 'utf8')
    const launched = launchBrowser()
    server = await startServe(dir, ['--quiet', '--theme', 'theme.css'])
    const first = server.builds[0] ?? (await server.nextBuild())
    assert.equal(first.ok, true, first.error)
    browser = await launched
    page = await browser.newPage()
    await page.setViewport({ width: 1280, height: 720 })
  })

  after(async () => {
    await page?.close().catch(() => undefined)
    await closeBrowser(browser)
    if (server) {
      const code = await server.stop()
      assert.equal(code, 0, 'Ctrl-C ends serve with exit code 0')
      assert.equal(existsSync(server.root), false, 'the temporary output is removed')
      await assert.rejects(get(server.url), 'the port is closed')
    }
    await rm(dir, { recursive: true, force: true })
  })

  it('serves the landing page and the decks at the paths of dist/, with the live client added', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'binds 127.0.0.1 by default')
    assert.ok(!server.root.startsWith(path.join(dir, 'dist')) && !existsSync(path.join(dir, 'dist')), 'never builds into dist/')

    const landing = await get(server.url)
    assert.equal(landing.status, 200)
    assert.equal(landing.headers['content-type'], 'text/html; charset=utf-8')
    assert.equal(landing.headers['cache-control'], 'no-store')
    assert.match(landing.body.toString(), /href="dataxday-2018\/index\.html"/)

    const deck = await get(`${server.url}dataxday-2018/index.html`)
    assert.equal(deck.status, 200)
    assert.match(deck.body.toString(), /<script src="\/__bbl\/live\.js" data-bbl-version="[\w-]+"><\/script>\n<\/body>/)
    const onDisk = await readFile(path.join(server.root, 'dataxday-2018', 'index.html'), 'utf8')
    assert.ok(!onDisk.includes('__bbl'), 'the live client is added when serving, not written into the output')
    assert.equal((await get(`${server.url}dataxday-2018/`)).body.toString(), deck.body.toString())
    const talk = await get(`${server.url}dataxday-2018/machine-learning-models-at-scale-with-amazon-sagemaker.html`)
    assert.equal(talk.status, 200)

    const folder = await get(`${server.url}dataxday-2018`)
    assert.equal(folder.status, 301)
    assert.equal(folder.headers.location, '/dataxday-2018/')

    const types: Array<[string, string]> = [
      ['dataxday-2018/assets/bbl.css', 'text/css; charset=utf-8'],
      ['dataxday-2018/assets/reveal/reveal.js', 'text/javascript; charset=utf-8'],
      ['dataxday-2018/manifest.json', 'application/json; charset=utf-8'],
      ['dataxday-2018/images/AWS-sagemaker_01.jpg', 'image/jpeg'],
      ['__bbl/live.js', 'text/javascript; charset=utf-8'],
    ]
    for (const [p, type] of types) {
      const r = await get(server.url + p)
      assert.equal(r.status, 200, p)
      assert.equal(r.headers['content-type'], type, p)
      assert.equal(r.headers['cache-control'], 'no-store', p)
    }
    const manifest = JSON.parse((await get(`${server.url}dataxday-2018/manifest.json`)).body.toString()) as { decks: Array<{ file: string }> }
    for (const font of (await get(`${server.url}dataxday-2018/assets/fonts/fonts.css`)).body.toString().matchAll(/url\(["']?([^"')]+\.woff2)/g)) {
      const r = await get(`${server.url}dataxday-2018/assets/fonts/${font[1]}`)
      assert.equal(r.headers['content-type'], 'font/woff2', font[1])
    }
    assert.equal(manifest.decks.length, 10)

    const part = await get(`${server.url}dataxday-2018/images/AWS-sagemaker_01.jpg`, { headers: { Range: 'bytes=0-99' } })
    assert.equal(part.status, 206)
    assert.equal(part.body.length, 100)
    const head = await get(`${server.url}dataxday-2018/index.html`, { method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(head.body.length, 0)
    assert.equal((await get(server.url, { method: 'POST' })).status, 405)
    // No listings, and nothing but what was built.
    for (const p of ['dataxday-2018/assets/', 'dataxday-2018/images/', 'decks/', 'images/', 'secret.txt', 'package.json']) {
      const r = await get(server.url + p)
      assert.ok(r.status === 404 || r.status === 400, `${p}: ${r.status}`)
    }
  })

  /** Opens the recap deck, live, on the (vertical) slide that shows `phrase`; returns its indices. */
  async function openAt(phrase: string): Promise<{ h: number; v: number }> {
    await page.goto(`${server.url}dataxday-2018/index.html`)
    // biome-ignore lint/complexity/useOptionalChain: Reveal is not declared until reveal.js loads; ?. would throw
    await page.waitForFunction(() => typeof Reveal !== 'undefined' && Reveal.isReady())
    await live(page)
    const at = await page.evaluate((p) => {
      const slide = Reveal.getSlides().find((s) => s.textContent?.includes(p))
      if (!slide) return null
      const to = Reveal.getIndices(slide)
      Reveal.slide(to.h, to.v ?? 0)
      const i = Reveal.getIndices()
      return { h: i.h, v: i.v ?? 0 }
    }, phrase)
    assert.ok(at, `a slide shows "${phrase}"`)
    assert.ok(at.v > 0, 'a slide inside a talk (a vertical one), where keeping the place matters most')
    return at
  }

  it('shows an edit in the open deck, on the same slide, reloading only the decks it changed', async (t) => {
    const at = await openAt('too complicated and too slow')
    const edited = original.replace('too complicated and too slow', 'too quokka and too slow')
    assert.notEqual(edited, original)
    const t0 = performance.now()
    const build = server.nextBuild().then((e) => ({ ...e, at: performance.now() - t0 }))
    await writeFile(path.join(dir, NOTES), edited)
    original = edited
    const shown = await until(page, () => {
      if (typeof Reveal === 'undefined' || !Reveal.isReady() || !Reveal.getCurrentSlide()?.textContent?.includes('too quokka')) return null
      const i = Reveal.getIndices()
      return { h: i.h, v: i.v ?? 0, live: document.documentElement.dataset['bblLive'] }
    })
    const b = await build
    // Timings are the benchmark's business (bench/rebuild.mjs); here they are only reported.
    t.diagnostic(`save → change on screen: ${Math.round(performance.now() - t0)} ms (rebuild ${b.ms} ms, pages told at ${Math.round(b.at)} ms)`)
    assert.deepEqual({ h: shown.value.h, v: shown.value.v }, at, 'same slide after the reload')
    assert.ok(b.ok, 'b.ok')
    assert.ok(b.pages.includes('/dataxday-2018/index.html'), "b.pages.includes('/dataxday-2018/index.html')")
    assert.ok(
      b.pages.includes('/dataxday-2018/machine-learning-models-at-scale-with-amazon-sagemaker.html'),
      "b.pages.includes('/dataxday-2018/machine-learning-models-at-scale-with-amazon-sagemaker...",
    )
    assert.ok(!b.pages.includes('/dataxday-2018/closing-keynote.html'), 'decks the edit did not change are not reloaded')
  })

  it('shows a broken edit over the page, keeps serving the last good deck, and recovers when it is undone', async () => {
    // A good edit of this test's own first, so that what "the last good deck" holds is known whatever ran before.
    const good = original.replace('includes modules that can be used', 'includes modules (checked by serve) that can be used')
    assert.notEqual(good, original)
    await page.goto('about:blank') // a deck left open would reload on this edit, under our navigation
    let build = server.nextBuild()
    await writeFile(path.join(dir, NOTES), good)
    assert.equal((await build).ok, true)
    const at = await openAt('checked by serve')

    const broken = `${good}\n\n====\nThis example block is never closed.\n`
    const line = broken.split('\n').lastIndexOf('====') + 1
    build = server.nextBuild()
    await writeFile(path.join(dir, NOTES), broken)
    const failed = await build
    assert.equal(failed.ok, false)
    assert.match(failed.error ?? '', new RegExp(`^decks/dataxday-2018\\.adoc:${line}: unterminated example block`))

    const overlay = await until(page, () => document.getElementById('bbl-live-error')?.textContent || null)
    assert.match(overlay.value, new RegExp(`decks/dataxday-2018\\.adoc:${line}: unterminated example block`))
    assert.equal((await get(server.url)).status, 200, 'the server keeps answering')
    const deck = await get(`${server.url}dataxday-2018/index.html`)
    assert.equal(deck.status, 200)
    assert.match(deck.body.toString(), /checked by serve/, 'the last good deck stays served')
    assert.ok(
      server.logs.some((l) => l.includes(`dataxday-2018.adoc:${line}`)),
      'the error is printed too',
    )
    const still = await page.evaluate(() => Reveal.getIndices())
    assert.deepEqual({ h: still.h, v: still.v ?? 0 }, at)

    const fixed = server.nextBuild()
    await writeFile(path.join(dir, NOTES), original)
    assert.equal((await fixed).ok, true)
    await until(page, () => (document.getElementById('bbl-live-error') ? null : true))
    // biome-ignore lint/complexity/useOptionalChain: Reveal is not declared until reveal.js loads; ?. would throw
    const back = await until(page, () => (typeof Reveal !== 'undefined' && Reveal.isReady() ? Reveal.getCurrentSlide().textContent : null))
    assert.doesNotMatch(back.value ?? '', /checked by serve/, 'the undone edit is gone')
  })

  it('rebuilds when a file the notes include changes, when a picture does, and when the theme does', async () => {
    await writeFile(path.join(dir, 'decks', 'extra.adoc'), 'Included paragraph, first version.\n')
    let build = server.nextBuild()
    await writeFile(path.join(dir, NOTES), `${original}\ninclude::extra.adoc[]\n`)
    assert.equal((await build).ok, true)
    assert.match((await get(`${server.url}dataxday-2018/index.html`)).body.toString(), /first version/)

    build = server.nextBuild()
    // Saved the way many editors do: a new file renamed over the old one.
    await writeFile(path.join(dir, 'decks', 'extra.adoc.tmp'), 'Included paragraph, second version.\n')
    await rename(path.join(dir, 'decks', 'extra.adoc.tmp'), path.join(dir, 'decks', 'extra.adoc'))
    const b = await build
    assert.equal(b.ok, true)
    assert.match((await get(`${server.url}dataxday-2018/index.html`)).body.toString(), /second version/)

    build = server.nextBuild()
    await cp(path.join(dir, 'images', 'dataxday-2018', 'photobox_02.jpg'), path.join(dir, 'images', 'dataxday-2018', 'photobox_01.jpg'))
    const pic = await build
    assert.equal(pic.ok, true)
    assert.ok(pic.pages.length > 1, 'a picture changes every page of its folder')

    build = server.nextBuild()
    await writeFile(path.join(dir, NOTES), original)
    assert.equal((await build).ok, true)

    build = server.nextBuild()
    const css = await readFile(path.join(dir, 'theme.css'), 'utf8')
    await writeFile(path.join(dir, 'theme.css'), `${css}\n.reveal .bbl-kicker { letter-spacing: 0.01em; }\n`)
    // On a busy machine the last save's events can arrive in two batches: a
    // rebuild of the notes alone may come first. Wait for the theme's (a few at most).
    let themed = await build
    for (let i = 0; i < 3 && themed.ok && !themed.pages.includes('/dataxday-2018/closing-keynote.html'); i++) themed = await server.nextBuild()
    assert.equal(themed.ok, true)
    assert.ok(themed.pages.includes('/dataxday-2018/closing-keynote.html'), 'the theme changes every page')
    assert.match((await get(`${server.url}dataxday-2018/assets/theme/theme.css`)).body.toString(), /letter-spacing: 0\.01em/)
  })

  it('serves nothing from outside its output, however the path is spelt', async () => {
    // A link inside the output leading outside it is not followed either.
    await symlink(path.join(dir, 'secret.txt'), path.join(server.root, 'dataxday-2018', 'leak.txt'))
    const attempts = [
      '/../package.json',
      '/../../../../../../etc/passwd',
      '/dataxday-2018/../../package.json',
      '/dataxday-2018/../decks/dataxday-2018.adoc',
      '/%2e%2e/package.json',
      '/%2E%2E/%2e%2e/secret.txt',
      '/.%2e/secret.txt',
      '/dataxday-2018/%2e%2e/%2e%2e/package.json',
      '/dataxday-2018/..%2f..%2fpackage.json',
      '/dataxday-2018/..%2F..%2Fsecret.txt',
      '/..%2fsecret.txt',
      '/%2f..%2f..%2fetc%2fpasswd',
      '/..\\package.json',
      '/dataxday-2018/..\\..\\secret.txt',
      '/%5c..%5csecret.txt',
      '/dataxday-2018/%5C..%5C..%5Csecret.txt',
      '/%252e%252e/package.json',
      '/dataxday-2018/%252e%252e%252fsecret.txt',
      '/%c0%ae%c0%ae/package.json',
      '//etc/passwd',
      '/dataxday-2018//../../secret.txt',
      '/dataxday-2018/leak.txt',
      '/dataxday-2018/%00../secret.txt',
      '/secret.txt',
      '/decks/dataxday-2018.adoc',
      '/decks/',
      '/images/',
      '/package.json',
      'http://127.0.0.1/../package.json',
      '/dataxday-2018/assets/../../../secret.txt',
      '/dataxday-2018/.bbl-measure.html',
    ]
    for (const target of attempts) {
      const r = await raw(server.port, target)
      assert.ok([301, 400, 404].includes(r.status), `${target}: status ${r.status}`)
      assert.ok(!r.text.includes(SECRET) && !r.text.includes('root:') && !r.text.includes(':imagesdir:'), `${target}: leaked a file`)
    }
  })

  it('answers 50 concurrent loads of a deck and its assets', async () => {
    const deckUrl = `${server.url}dataxday-2018/machine-learning-models-at-scale-with-amazon-sagemaker.html`
    const html = (await get(deckUrl)).body.toString()
    const assets = [...html.matchAll(/(?:href|src)="(assets\/[^"]+)"/g)].map((m) => `${server.url}dataxday-2018/${m[1]}`)
    assert.ok(assets.length >= 5, 'assets.length >= 5')
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 })
    const loads = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const deck = await get(deckUrl, { agent })
        const parts = await Promise.all(assets.map((a) => get(a, { agent })))
        return [deck, ...parts]
      }),
    )
    agent.destroy()
    for (const load of loads) for (const r of load) assert.equal(r.status, 200)
    assert.ok(
      loads.every((l) => l[0]!.body.length === Buffer.byteLength(html)),
      'loads.every((l) => l[0]!.body.length === Buffer.byteLength(html))',
    )
  })
})

describe('bbl serve, on the command line', { timeout: 120_000 }, () => {
  it('exits with code 7 and says what to do when the port is in use', async () => {
    const dir = await project()
    const taken = net.createServer()
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
    const port = (taken.address() as net.AddressInfo).port
    let stderr = ''
    try {
      const code = await main(['serve', '--port', String(port)], { cwd: dir, stderr: (s) => (stderr += s), signal: AbortSignal.timeout(30_000) })
      assert.equal(code, 7)
      assert.match(stderr, new RegExp(`port ${port} is in use.*--port`))
      assert.equal(stderr.trim().split('\n').length, 1, stderr)
    } finally {
      taken.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('watcher', { timeout: 120_000 }, () => {
  it('sees saves made by rewriting, renaming over, deleting and re-creating, and files that appear later', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-watch-'))
    let changes: string[] = []
    const w = new Watcher((owners) => changes.push(...owners))
    /** Owners told of a change after `action`, once the watcher has been quiet a while. */
    const step = async (action: () => Promise<unknown>) => {
      changes = []
      await action()
      const t0 = performance.now()
      while (changes.length === 0 && performance.now() - t0 < 1000) await sleep(10)
      await sleep(250)
      return [...new Set(changes)].sort()
    }
    try {
      const a = path.join(dir, 'a.adoc')
      const later = path.join(dir, 'later', 'pic.jpg')
      await writeFile(a, '1')
      w.track('A', [a])
      w.track('B', [later, a])
      await w.whenReady()
      await sleep(50)

      assert.deepEqual(await step(() => writeFile(a, '2')), ['A', 'B'])
      assert.deepEqual(
        await step(async () => {
          await writeFile(`${a}.tmp`, '3')
          await rename(`${a}.tmp`, a)
        }),
        ['A', 'B'],
      )
      assert.deepEqual(await step(() => rm(a)), ['A', 'B'])
      assert.deepEqual(await step(() => writeFile(a, '4')), ['A', 'B'], 'a file deleted then made again is still watched')
      assert.deepEqual(
        await step(async () => {
          await mkdir(path.dirname(later))
          await writeFile(later, 'x')
        }),
        ['B'],
        'a file in a folder that did not exist',
      )
      assert.deepEqual(await step(() => writeFile(later, 'y')), ['B'])
      w.track('A', [])
      assert.deepEqual(await step(() => writeFile(a, '5')), ['B'], 'A no longer depends on a')
      assert.deepEqual(await step(() => writeFile(path.join(dir, 'other.txt'), 'x')), [], 'files nobody depends on are ignored')
    } finally {
      await w.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
