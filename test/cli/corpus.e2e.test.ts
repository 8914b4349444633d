/**
 * bbl under bad input, hostile content and faults (test/helpers/corpus.ts): each
 * case runs the real command (bin/bbl.js, in a child process with a TMPDIR of
 * its own) and must give its documented exit code and one-line message, never
 * exit 1 or a stack trace, leave every earlier file byte for byte, and leave no
 * temporary folder or browser process behind. The decks built from the corpus
 * are opened in Chromium: no request may leave the deck folder, no dialog may
 * open, and no picture written (in the decks or embedded in the PDFs) may carry
 * EXIF, XMP or IPTC data.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Browser } from 'puppeteer-core'
import { closeBrowser, inspectDeck, launchBrowser } from '../helpers/deck.js'
import { metadataOf, open } from '../helpers/offline.js'
import { writeCorpus } from '../helpers/bad-input.js'
import { bbl as cli, type Run } from '../helpers/cli.js'

let dir: string
/** Every run's TMPDIR, removed at the end even when a check failed. */
const tmps: string[] = []

interface CorpusRun extends Run {
  tmp: string
}

/** bin/bbl.js in the corpus folder, with a TMPDIR of its own; `during` may signal it while it runs. */
async function bbl(args: string[], during?: (pid: number, tmp: string, stderr: () => string) => Promise<void>, seed?: (tmp: string) => Promise<void>): Promise<CorpusRun> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-corpus-tmp-'))
  tmps.push(tmp)
  await seed?.(tmp)
  const r = await cli(args, { cwd: dir, env: { TMPDIR: tmp }, during: during && ((c) => during(c.pid, tmp, c.stderr)) })
  return { ...r, tmp }
}

const STACK = /^\s+at .+:\d+:\d+\)?$/m

/** No exit 1, no stack trace, nothing left in its TMPDIR, no process using it. */
async function assertClean(r: CorpusRun, what: string): Promise<void> {
  assert.notEqual(r.code, 1, `${what}: exit 1\n${r.stderr}`)
  assert.doesNotMatch(r.stderr, STACK, `${what}: stack trace`)
  // Give a killed browser's last child a moment to go.
  for (let i = 0; i < 20 && (await readdir(r.tmp)).length > 0; i++) await new Promise((res) => setTimeout(res, 100))
  assert.deepEqual(await readdir(r.tmp), [], `${what}: left in TMPDIR`)
  let procs = ''
  try {
    procs = execFileSync('pgrep', ['-f', r.tmp]).toString()
  } catch {
    // pgrep exits 1 when nothing matches.
  }
  assert.equal(procs, '', `${what}: processes still using ${r.tmp}`)
  const stale = (await readdir(dir, { recursive: true })).filter((f) => /\.bbl-(tmp|old)-/.test(f))
  assert.deepEqual(stale, [], `${what}: temporary folders left`)
  await rm(r.tmp, { recursive: true, force: true })
}

/** Every file under the corpus folder and its hash: the "earlier output" a failure must keep. */
async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const f = path.join(e.parentPath, e.name)
    const rel = path.relative(dir, f)
    // bbl's own cache of content-keyed results (safe to delete) may learn from a failed build; nothing else may change.
    const [top, second] = rel.split(path.sep)
    if (second === '.bbl-cache' && top !== 'images') continue
    out.set(rel, createHash('sha256').update(await readFile(f)).digest('hex'))
  }
  return out
}

const waitFor = async (test: () => Promise<boolean> | boolean, ms = 120_000) => {
  const t0 = Date.now()
  while (!(await test())) {
    if (Date.now() - t0 > ms) throw new Error('waited too long')
    await new Promise((res) => setTimeout(res, 50))
  }
}

/** A process and its arguments. */
interface Proc {
  pid: number
  ppid: number
  args: string
}

/**
 * The browser bbl runs under `pid`: its main process (not a renderer, GPU or zygote
 * process: they carry --type=) and, when bbl started it through a script, that script.
 * Debian's /usr/bin/chromium-headless-shell is `sh -e` running the real browser as its
 * child (no exec): bbl's own child is the shell, and killing only the shell leaves the
 * browser running and connected (BrowserManager.launch watches for that too).
 */
function browserOf(pid: number): { main: number; wrapper?: number } {
  const procs: Proc[] = execFileSync('ps', ['-eo', 'pid=,ppid=,args=']).toString().trim().split('\n').map((l) => {
    const [p, pp, ...args] = l.trim().split(/\s+/)
    return { pid: Number(p), ppid: Number(pp), args: args.join(' ') }
  })
  const family = new Set([pid])
  for (let grew = true; grew; ) {
    grew = false
    for (const p of procs) {
      if (!family.has(p.ppid) || family.has(p.pid)) continue
      family.add(p.pid)
      grew = true
    }
  }
  const browser = procs.filter((p) => p.pid !== pid && family.has(p.pid) && !p.args.includes('--type='))
  const isShell = (p: Proc) => /^(\S*\/)?(ba|da)?sh\s/.test(p.args)
  const main = browser.filter((p) => !isShell(p))
  assert.equal(main.length, 1, `one browser main process under bbl: ${JSON.stringify(browser)}`)
  return { main: main[0]!.pid, wrapper: browser.find(isShell)?.pid }
}

const has = async (folder: string, re: RegExp) => (await readdir(folder, { recursive: true }).catch(() => [] as string[])).some((f) => re.test(f))

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-corpus-'))
  await writeCorpus(dir)
  await mkdir(path.join(dir, 'theirs'))
  await readFile(path.join(dir, 'index.html')).then((b) => import('node:fs/promises').then((fs) => fs.writeFile(path.join(dir, 'theirs', 'index.html'), b)))
  const good = await bbl(['build', 'good.adoc', '--out', 'out', '-q'])
  assert.equal(good.code, 0, good.stderr)
})

after(async () => {
  for (const d of [dir, ...tmps]) if (d) await rm(d, { recursive: true, force: true })
})

/** [what, args, exit code, message] — each must keep every earlier file as it was. */
const FAILURES: Array<[string, string[], number, RegExp]> = [
  ['a missing file', ['build', 'nope.adoc', '--out', 'out'], 3, /^bbl: nope\.adoc: no such file/],
  ['a directory', ['build', 'a-folder.adoc', '--out', 'out'], 3, /^bbl: a-folder\.adoc: is a directory/],
  ['a binary file', ['build', 'binary.adoc', '--out', 'out'], 3, /^bbl: binary\.adoc: is not a text file/],
  ['invalid UTF-8', ['build', 'latin1.adoc', '--out', 'out'], 3, /^bbl: latin1\.adoc: is not UTF-8 text; save the notes as UTF-8/],
  ['an unterminated block', ['build', 'unterminated.adoc', '--out', 'out'], 3, /^bbl: unterminated\.adoc:\d+: unterminated example block/],
  ['--out where the pictures are', ['build', 'good.adoc', '--out', 'images'], 2, /^bbl: good\.adoc: --out images holds pictures the notes use/],
  ['--out a folder bbl did not make', ['build', 'good.adoc', '--out', 'mine'], 2, /^bbl: good\.adoc: mine\/good exists and was not made by bbl/],
  ['--out the notes folder', ['build', 'good.adoc', '--out', '.'], 2, /^bbl: good\.adoc: --out \. holds the notes themselves/],
  ['--out over a landing page bbl did not write', ['build', 'good.adoc', '--out', 'theirs'], 2, /^bbl: theirs\/index\.html was not written by bbl/],
  ['--out a file', ['build', 'good.adoc', '--out', 'a-file'], 2, /^bbl: --out a-file is a file/],
  ['--out under a file', ['build', 'good.adoc', '--out', 'a-file/sub'], 2, /^bbl: --out a-file\/sub is under the file a-file/],
  ['--out not writable', ['build', 'good.adoc', '--out', '/sys/bbl-corpus'], 8, /^bbl: \/sys\/bbl-corpus cannot be written or read \((permission denied|operation not permitted)\)/],
  ['--strict with warnings', ['build', 'pictures.adoc', '--out', 'out', '--strict'], 4, /warning\(s\) and --strict is set/],
  ['--browser missing', ['build', 'long-word.adoc', '--out', 'out', '--browser', '/no/such/chrome'], 5, /^bbl: --browser points at \/no\/such\/chrome, which is not an executable browser/],
  ['--browser a folder', ['build', 'long-word.adoc', '--out', 'out', '--browser', 'images'], 5, /^bbl: --browser points at .*images, which is not an executable browser/],
  // The slide being measured is named, with the notes' line it starts at (the passthrough block).
  [
    'a page that hangs while measured',
    ['build', 'spin-measure.adoc', '--out', 'out', '--timeout', '5'],
    6,
    /^bbl: spin-measure\.adoc:11: fitting the slides of spin-measure \(recap and talk decks\) made no progress for 5 s \(at the slide "A talk about spinning while measured \/ Introduction", line 11\)/,
  ],
  // One page hangs while the other measures on: the hung one is named all the same, exit 6 (it was a raw protocol error, exit 1).
  [
    'a page that hangs while another measures on',
    ['build', 'spin-among-many.adoc', '--out', 'out', '--timeout', '5'],
    6,
    /^bbl: spin-among-many\.adoc:11: fitting the slides of spin-among-many \(recap and talk decks\) made no progress for 5 s \(at the slide "A talk about spinning among many \/ Introduction", line 11\)/,
  ],
  ['--browser not a browser', ['build', 'long-word.adoc', '--out', 'out', '--browser', '/bin/false'], 6, /^bbl: long-word\.adoc: the browser at \/bin\/false did not start/],
]

describe('bad input: exit code, one line, earlier output kept, nothing left', () => {
  for (const [what, args, code, message] of FAILURES) {
    it(`${what}: exit ${code}`, async () => {
      const before = await snapshot()
      const r = await bbl(args)
      assert.equal(r.code, code, `${what}\n${r.stderr}`)
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('bbl: '))
      assert.equal(errors.length, 1, `${what}: one error line\n${r.stderr}`)
      assert.match(errors[0]!, message)
      assert.deepEqual(await snapshot(), before, `${what}: earlier files changed`)
      await assertClean(r, what)
    })
  }
})

describe('faults: Ctrl-C and a browser that dies, during a build and a PDF export', () => {
  // spin-measure hangs while its slides are measured; spin-print while its deck is printed.
  const phases = [
    { name: 'build', args: ['build', 'spin-measure.adoc'], busy: /^\.bbl-tmp-[^/]+\/\.bbl-measure\.html$/ },
    { name: 'pdf', args: ['pdf', 'spin-print.adoc', '--no-handout', '--no-talks'], busy: /^\.bbl-tmp-[^/]+\/index\.html$/ },
  ]
  for (const p of phases) {
    const busy = async (tmp: string) => {
      await waitFor(async () => (await has(path.join(dir, 'out'), p.busy)) && (await has(tmp, /^bbl-chrome-[^/]+\/profile\/DevToolsActivePort$/)))
      // The browser is up (it wrote its port) and, a moment later, busy on the spinning page (which burns a core
      // while we wait: a second is enough to reach it, and the fault must be handled wherever it comes).
      await new Promise((res) => setTimeout(res, 1000))
    }
    const run = async (during: (pid: number, tmp: string) => Promise<void>) => {
      const before = await snapshot()
      const r = await bbl([...p.args, '--out', 'out', '--timeout', '120'], during)
      assert.deepEqual(await snapshot(), before, 'earlier files changed')
      return r
    }
    it(`Ctrl-C once during ${p.name}: exit 130, cleaned up`, async () => {
      const r = await run(async (pid, tmp) => {
        await busy(tmp)
        process.kill(pid, 'SIGINT')
      })
      assert.equal(r.code, 130, r.stderr)
      assert.match(r.stderr, /^bbl: interrupted$/m)
      await assertClean(r, 'Ctrl-C')
    })
    it(`Ctrl-C twice during ${p.name}: exit 130 at once, cleaned up`, async () => {
      const r = await run(async (pid, tmp) => {
        await busy(tmp)
        process.kill(pid, 'SIGINT')
        await new Promise((res) => setTimeout(res, 30))
        try {
          process.kill(pid, 'SIGINT')
        } catch (e) {
          // Cleaned up and gone within 30 ms of the first: nothing left to stop twice.
          if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e
        }
      })
      assert.equal(r.code, 130, r.stderr)
      assert.match(r.stderr, /^bbl: interrupted/m)
      await assertClean(r, 'Ctrl-C twice')
    })
    for (const victim of ['main', 'wrapper'] as const) {
      const who = victim === 'main' ? 'the browser' : "the browser's wrapper script"
      it(`${who} killed during ${p.name}: exit 6 with a message, long before --timeout`, async (t) => {
        let skipped = false
        const r = await run(async (pid, tmp) => {
          await busy(tmp)
          const b = browserOf(pid)
          const target = b[victim]
          // bbl started the browser itself (no script in between): the case above covers it; let the build end.
          if (target === undefined) {
            skipped = true
            process.kill(pid, 'SIGINT')
            return
          }
          process.kill(target, 'SIGKILL')
        })
        if (skipped) return t.skip('bbl started the browser directly, not through a script')
        assert.equal(r.code, 6, r.stderr)
        // On a loaded machine the kill may still land while puppeteer connects: "did not start", exit 6 too.
        assert.match(r.stderr, /^bbl: (the browser \(.*\) stopped unexpectedly: it crashed or was killed|.*the browser at .* did not start)/m)
        await assertClean(r, `${who} killed`)
      })
    }
  }
})

// 10 MB of notes and a 5,000-item list are the benchmark's (npm run bench, group scale): their time is its measure.
describe('deep notes: built, nothing left', () => {
  it('a list nested 13 levels deep: exit 0, every slide fitted, nothing left', async () => {
    const r = await bbl(['build', 'deep-13.adoc', '--out', 'large', '--timeout', '60'])
    assert.equal(r.code, 0, r.stderr)
    assert.doesNotMatch(r.stderr, /warning/, r.stderr)
    await assertClean(r, 'a list nested 13 levels deep')
  })
})

describe('Ctrl-C in bbl serve\'s first second', () => {
  // From the moment bbl serve has made its folder: before it listens, while the browser starts, while the first build runs.
  for (const ms of [0, 100, 250, 500, 1000]) {
    it(`after ${ms} ms: a normal stop (exit 0), at most one browser started, nothing left`, async () => {
      const r = await bbl(['serve', 'good.adoc', '--port', '0', '--debug'], async (pid, tmp) => {
        await waitFor(async () => (await readdir(tmp)).some((f) => f.startsWith('bbl-serve-')), 30_000)
        await new Promise((res) => setTimeout(res, ms))
        process.kill(pid, 'SIGINT')
      })
      assert.equal(r.code, 0, r.stderr)
      assert.doesNotMatch(r.stderr, /^bbl: |error/m)
      // --debug names the browser each time one is launched.
      const launched = r.stderr.match(/^\[debug\] browser: /gm)?.length ?? 0
      assert.ok(launched <= 1, `${launched} browsers started\n${r.stderr}`)
      await assertClean(r, `Ctrl-C ${ms} ms into bbl serve`)
    })
  }
})

describe('unusual file names under bbl serve', () => {
  it('serves every page the landing page links to, for notes named with # and %', async () => {
    const broken: string[] = []
    let links = 0
    const r = await bbl(['serve', 'DevoxxFR #2024.adoc', 'notes 100%.adoc', '--port', '0'], async (pid, _tmp, stderr) => {
      await waitFor(() => (stderr().match(/ → \//g)?.length ?? 0) === 2, 60_000)
      const base = /Serving (http:\/\/\S+)/.exec(stderr())![1]!
      const landing = await (await fetch(base)).text()
      for (const m of landing.matchAll(/href="([^"]+)"/g)) {
        const url = new URL(m[1]!.replace(/&amp;/g, '&'), base)
        if (url.origin !== new URL(base).origin) continue
        links++
        const res = await fetch(url)
        if (res.status !== 200) broken.push(`${url.pathname}: ${res.status}`)
      }
      process.kill(pid, 'SIGINT')
    })
    assert.equal(r.code, 0, r.stderr)
    assert.ok(links >= 4, `${links} links`)
    assert.deepEqual(broken, [])
    await assertClean(r, 'bbl serve of unusual names')
  })
})

describe('the browser killed under bbl serve', () => {
  it('is started again for the next build; Ctrl-C then stops bbl serve (exit 0), nothing left', async () => {
    const notes = path.join(dir, 'good.adoc')
    const text = await readFile(notes, 'utf8')
    try {
      const r = await bbl(['serve', 'good.adoc', '--port', '0', '--debug'], async (pid, _tmp, stderr) => {
        await waitFor(() => /good\.adoc → \/good\//.test(stderr()), 60_000)
        process.kill(browserOf(pid).main, 'SIGKILL')
        await new Promise((res) => setTimeout(res, 500))
        await writeFile(notes, `${text}\nA line added after the browser died.\n`)
        await waitFor(() => /good\.adoc rebuilt in \d+ ms/.test(stderr()), 60_000)
        process.kill(pid, 'SIGINT')
      })
      assert.equal(r.code, 0, r.stderr)
      assert.doesNotMatch(r.stderr, /^bbl: |error/m)
      assert.equal(r.stderr.match(/^\[debug\] browser: /gm)?.length, 2, r.stderr)
      await assertClean(r, 'bbl serve after the browser was killed')
    } finally {
      await writeFile(notes, text)
    }
  })
})

const CONTENT = ['pictures.adoc', 'hostile.adoc', 'traversal.adoc', 'DevoxxFR #2024.adoc', 'notes 100%.adoc', 'CON.adoc', 'long-word.adoc', 'utf16.adoc', 'empty.adoc']

describe('hostile content: built, then opened offline', () => {
  let browser: Browser
  let built: CorpusRun
  before(async () => {
    ;[built, browser] = await Promise.all([bbl(['build', ...CONTENT, '--theme', 'hostile.css', '--out', 'site']), launchBrowser()])
  })
  after(() => closeBrowser(browser))

  it('builds every notes file (exit 0), each warning with its code line, nothing left', async () => {
    assert.equal(built.code, 0, built.stderr)
    // Warnings, and what bbl understood of each file (its talks).
    for (const line of built.stderr.trim().split('\n')) assert.match(line, /^(.+\.adoc(:\d+)?: warning: |.+\.adoc → |.+\.adoc: (\d+ talks? found|no talk found))/, line)
    // Pictures bbl cannot decode are named, with their line, and shown as placeholders.
    for (const f of ['truncated.jpg', 'empty.jpg', 'fake.heic', 'etc-link.jpg', 'no-such.jpg']) assert.match(built.stderr, new RegExp(`pictures\\.adoc:\\d+: warning: image (cannot be read|not found): .*${f.replace('.', '\\.')}`))
    await assertClean(built, 'content build')
  })

  it('names the line of an include that leaves the notes\' folder (the included file\'s own line when it is in one)', () => {
    const outside = 'left out: it is outside the folder the notes may include from \\(\\.\\); run bbl with --root'
    assert.match(built.stderr, new RegExp(`^traversal\\.adoc:11: warning: include::\\.\\./\\.\\./\\.\\./\\.\\./\\.\\./etc/hostname\\[\\] ${outside}`, 'm'))
    assert.match(built.stderr, new RegExp(`^traversal\\.adoc:13: warning: include::/etc/hostname\\[\\] ${outside}`, 'm'))
    assert.match(built.stderr, new RegExp(`^traversal\\.adoc: warning: escaping-part\\.adoc:3: include::\\.\\./\\.\\./\\.\\./\\.\\./\\.\\./etc/hostname\\[\\] ${outside}`, 'm'))
    assert.doesNotMatch(built.stderr, /recovering automatically/)
  })

  it('breaks a 50,000-character word between characters: no slide is wider or taller than the screen, no character lost', async () => {
    assert.doesNotMatch(built.stderr, /long-word\.adoc.*taller than a slide/)
    for (const deck of ['index.html', 'a-talk-about-a-long-word.html']) {
      const r = await inspectDeck(browser, path.join(dir, 'site', 'long-word', deck))
      assert.deepEqual(r.slides.flatMap((s) => s.overflow.map((o) => `${deck} #/${s.h}/${s.v}: ${o}`)), [])
      if (deck !== 'index.html') assert.equal(r.slides.map((s) => s.text.match(/x/g)?.length ?? 0).reduce((a, b) => a + b), 50_000)
    }
  })

  it('reads UTF-16 notes with a byte-order mark: their text is on the slides', async () => {
    const deck = await readFile(path.join(dir, 'site', 'utf16', 'index.html'), 'utf8')
    assert.match(deck, /Écrit avec le Bloc-notes\./)
  })

  it('names folders safely and encodes every landing link', async () => {
    const folders = (await readdir(path.join(dir, 'site'))).sort()
    assert.ok(folders.includes('CON_') && folders.includes('DevoxxFR #2024') && folders.includes('notes 100%'), folders.join(', '))
    const landing = await readFile(path.join(dir, 'site', 'index.html'), 'utf8')
    const hrefs = [...landing.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))
    assert.ok(hrefs.length >= CONTENT.length, 'hrefs.length >= CONTENT.length')
    for (const h of hrefs) {
      assert.doesNotMatch(h, /[ #%](?![0-9A-F]{2})/, `unencoded: ${h}`)
      const file = fileURLToPath(new URL(h, pathToFileURL(path.join(dir, 'site', 'index.html'))))
      assert.ok(existsSync(file), `broken landing link: ${h}`)
    }
  })

  it('writes no picture with EXIF, XMP or IPTC (GPS, device), whichever way it was prepared', async () => {
    const pics = (await readdir(path.join(dir, 'site'), { recursive: true })).filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
    assert.ok(pics.length >= 5, pics.join(', '))
    for (const f of pics) assert.deepEqual(await metadataOf(path.join(dir, 'site', f)), [], f)
    // The sources do carry it: the check above can fail.
    assert.deepEqual(await metadataOf(path.join(dir, 'images', 'gps.jpg')), ['EXIF'])
  })

  it('opens every deck with no request outside its folder and no dialog', async () => {
    const decks = (await readdir(path.join(dir, 'site'), { recursive: true })).filter((f) => f.endsWith('.html') && f.includes(path.sep))
    assert.ok(decks.length >= 2 * CONTENT.length - 1, decks.join(', '))
    for (const d of decks) {
      const { page, log, sent, dialogs } = await open(browser, path.join(dir, 'site', d))
      await page.evaluate('Reveal.getSlides().forEach((s, i) => Reveal.slide(i)); Reveal.slide(0)')
      await new Promise((res) => setTimeout(res, 200))
      await page.close()
      // Chromium reports requests the Content-Security-Policy refused as requests that failed at once;
      // they never reach the network. Everything else outside the folder would.
      assert.deepEqual(log.outside.filter((u) => !sent.refused.has(u)), [], `${d}: requests outside the deck folder`)
      assert.deepEqual(dialogs, [], `${d}: dialogs`)
    }
  })

  it('keeps only web, mail and in-deck link targets in an inline SVG, as Chromium reads the deck', async () => {
    const decks = (await readdir(path.join(dir, 'site', 'hostile'))).filter((f) => f.endsWith('.html') && f !== 'index.html')
    let seen = 0
    for (const d of decks) {
      const { page } = await open(browser, path.join(dir, 'site', 'hostile', d))
      const links = (await page.evaluate(`[...document.querySelectorAll('svg a')].map((a) => ({
        text: a.textContent, href: a.getAttribute('href'), xlink: a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'),
        animated: [...a.querySelectorAll('set, animate')].map((s) => s.getAttribute('attributeName')) }))`)) as Array<{ text: string; href: string | null; xlink: string | null; animated: Array<string | null> }>
      await page.close()
      if (links.length === 0) continue
      seen++
      // Every link is still there (its text), and only the web's and the deck's keep a target.
      assert.deepEqual(links.map((l) => [l.text, l.href ?? l.xlink]), [['js', null], ['xlink', null], ['data', null], ['quoted', null], ['web', 'https://example.org/'], ['deck', '#hostile-content']], d)
      assert.deepEqual(links.flatMap((l) => l.animated), [null], `${d}: an animation of the target animates nothing`)
    }
    assert.ok(seen > 0, `a deck with the SVG: ${decks.join(', ')}`)
  })

  it('with --allow-remote, the same deck does reach out (so the check above can fail)', async () => {
    const r = await bbl(['build', 'hostile.adoc', '--allow-remote', '--out', 'remote', '-q'])
    assert.equal(r.code, 0, r.stderr)
    const deck = (await readdir(path.join(dir, 'remote', 'hostile'))).find((f) => f.endsWith('.html') && f !== 'index.html')!
    const { page, log } = await open(browser, path.join(dir, 'remote', 'hostile', deck))
    await page.close()
    assert.ok(log.outside.some((u) => u.startsWith('http://127.0.0.1:9/')), log.outside.join(', '))
  })

  it('embeds no picture with EXIF, XMP or IPTC in the PDFs', async () => {
    const r = await bbl(['pdf', 'pictures.adoc', '--out', 'pdfs'])
    assert.equal(r.code, 0, r.stderr)
    const out = path.join(dir, 'pdf-images')
    await mkdir(out)
    for (const pdf of (await readdir(path.join(dir, 'pdfs', 'pictures'))).filter((f) => f.endsWith('.pdf'))) {
      execFileSync('pdfimages', ['-all', path.join(dir, 'pdfs', 'pictures', pdf), path.join(out, pdf)])
    }
    const imgs = (await readdir(out)).filter((f) => /\.(jpg|png)$/.test(f))
    assert.ok(imgs.length >= 4, imgs.join(', '))
    for (const f of imgs) assert.deepEqual(await metadataOf(path.join(out, f)), [], f)
    await assertClean(r, 'pdf')
  })
})

describe('leftovers of a bbl that was killed', () => {
  it('are removed by the next run: temporary deck folders in --out, browser profiles in TMPDIR', async () => {
    // 999999 is no running process: what a `kill -9` or a power cut leaves.
    const dead = 999_999
    await mkdir(path.join(dir, 'out', `.bbl-tmp-good-${dead}`, 'assets'), { recursive: true })
    await mkdir(path.join(dir, 'out', `.bbl-tmp-good-${process.pid}`), { recursive: true })
    const r = await bbl(['build', 'long-word.adoc', '--out', 'out', '-q'], undefined, async (tmp) => {
      await mkdir(path.join(tmp, `bbl-chrome-${dead}-AbCdEf`, 'profile'), { recursive: true })
    })
    assert.equal(r.code, 0, r.stderr)
    const left = await readdir(path.join(dir, 'out'))
    assert.ok(!left.includes(`.bbl-tmp-good-${dead}`), left.join(', '))
    // A running process's folder is not touched.
    assert.ok(left.includes(`.bbl-tmp-good-${process.pid}`), left.join(', '))
    await rm(path.join(dir, 'out', `.bbl-tmp-good-${process.pid}`), { recursive: true })
    await assertClean(r, 'a later run')
  })
})
