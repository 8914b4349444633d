import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { BblError } from '../../src/core/error.js'
import { cleanCss, resolveTheme } from '../../src/assets/theme.js'

describe('themes', () => {
  it('removes network imports and urls, with a warning', async () => {
    const { css, warnings } = await cleanCss(
      `@import url("https://fonts.example.com/css?family=Lato");\n@import "//cdn.example.com/x.css";\nbody { background: url(https://x.example.com/bg.png); color: red }`,
      't.css',
    )
    assert.doesNotMatch(css, /https?:|\/\/cdn/)
    assert.match(css, /color:\s*red/)
    assert.equal(warnings.length, 1)
    assert.equal(warnings[0]!.code, 'THEME')
  })
  it('sees through image-set(), -webkit-image-set() and CSS escapes (a real parser, not patterns)', async () => {
    const hostile = [
      'a { background-image: image-set("https://t.example/a.png" 1x, "b.png" 2x) }',
      'b { background-image: -webkit-image-set(url(//t.example/b.png) 1x) }',
      'c { background: url(\\68ttps://t.example/c.png) }',
      'd { background: url("\\68 ttps://t.example/d.png") }',
      '@import url("\\68ttps://t.example/e.css");',
      '@font-face { font-family: X; src: url(HTTPS://t.example/f.woff2) }',
      'e { content: "https://text.invalid"; color: blue }',
      // Escaped function and at-rule names, which css-tree keeps as written (Chromium requests all four).
      'f { background: \\75rl(https://t.example/g.png) }',
      'g { background: u\\rl(https://t.example/h.png) }',
      '@\\69mport "https://t.example/i.css";',
      'h { background-image: \\69mage-set("https://t.example/j.png" 1x) }',
    ].join('\n')
    const { css, warnings } = await cleanCss(hostile, 't.css')
    assert.doesNotMatch(css, /t\.example|\\68/)
    assert.match(css, /text\.invalid/, 'a string in content: is text, not a request')
    assert.match(css, /color:\s*blue/)
    assert.match(warnings[0]!.message, /10 reference/)
  })
  it('removes from the CSS written what leaves the theme\'s folder: absolute paths, ../ climbing out, escaped or encoded', async () => {
    const hostile = [
      'a { background: url(../../../etc/passwd) }',
      'b { background: url("/etc/hostname") }',
      '@import "../../../../home/x/secret.css";',
      'c { background: url(%2e%2e/%2e%2e/etc/passwd) }',
      'd { background: url("..\\\\..\\\\etc\\\\passwd") }',
      'e { background: url(img/../../../x.png) }',
      '@font-face { font-family: Y; src: url(fonts/y.woff2) }',
      'f { background: url(img/../bg.png); color: green }',
    ].join('\n')
    const { css, warnings } = await cleanCss(hostile, 't.css')
    assert.doesNotMatch(css, /passwd|hostname|secret|x\.png/)
    assert.match(css, /fonts\/y\.woff2/)
    assert.match(css, /img\/\.\.\/bg\.png/)
    assert.match(css, /color:\s*green/)
    assert.match(warnings[0]!.message, /6 reference\(s\) to the network or outside the theme's folder removed/)
  })
  it('refuses a theme over 2 MB with exit 2 and what to do', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-theme-'))
    try {
      await writeFile(path.join(dir, 'big.css'), `a { color: red }\n${'/* padding */'.repeat(200_000)}`)
      await assert.rejects(resolveTheme('big.css', dir), (e: unknown) => e instanceof BblError && e.exitCode === 2 && /at most 2 MB/.test(e.message))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
  it('keeps local urls', async () => {
    const { css, warnings } = await cleanCss('@font-face { src: url(fonts/a.woff2) }', 't.css')
    assert.match(css, /fonts\/a\.woff2/)
    assert.equal((await cleanCss('a { background: url(data:image/png;base64,AAAA) }', 't.css')).warnings.length, 0)
    assert.equal(warnings.length, 0)
  })
  it('finds the default theme, reveal.js themes, and rejects unknown names', async () => {
    assert.equal((await resolveTheme('bbl', process.cwd())).reveal, false)
    const white = await resolveTheme('white', process.cwd())
    assert.equal(white.reveal, true)
    assert.doesNotMatch(white.css, /@import\s+["']?https?:/)
    await assert.rejects(resolveTheme('no-such-theme', process.cwd()), (e: unknown) => e instanceof BblError && e.exitCode === 2)
  })
  it('reads a theme folder\'s branding: logo.svg|png and the first line of footer.txt; none for bbl\'s', async () => {
    const acme = await resolveTheme('acme', process.cwd())
    assert.match(acme.logo ?? '', /themes\/acme\/logo\.svg$/)
    assert.equal(acme.footer, 'Acme Analytics · internal · brown bag lunch')
    const bbl = await resolveTheme('bbl', process.cwd())
    assert.equal(bbl.logo, undefined)
    assert.equal(bbl.footer, undefined)
  })
})
