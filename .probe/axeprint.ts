import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { axeDeck } from '../test/helpers/axe.js'
import { closeBrowser, launchBrowser } from '../test/helpers/deck.js'
const require = createRequire(import.meta.url)
const src = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const dir = '/tmp/conf-out'
const names = readdirSync(dir).filter((n) => !n.includes('.')).slice(0, 40)
const b = await launchBrowser()
const OPTS = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }
let t0 = Date.now(); let found = 0
for (const n of names) {
  const p = await b.newPage(); await p.setViewport({ width: 1280, height: 720 })
  await p.goto(pathToFileURL(path.join(dir, n, 'index.html')).href + '?print-pdf', { waitUntil: 'load' })
  await p.waitForFunction('window.Reveal && Reveal.isReady()')
  await p.evaluate(src)
  const r = await p.evaluate(`axe.run(document, ${JSON.stringify(OPTS)}).then(r => ({v: r.violations.map(v => v.id + ':' + v.impact + ':' + v.nodes.length), i: r.incomplete.filter(v => v.id === 'color-contrast').flatMap(v => v.nodes).length}))`) as any
  if (r.v.length) console.log(n, JSON.stringify(r))
  found += r.v.length
  await p.close()
}
console.log('print', Date.now() - t0, 'ms', found)
t0 = Date.now()
for (const n of names) { const r = await axeDeck(b, path.join(dir, n, 'index.html')); if (r.violations.length) console.log(n, r.violations.map(v => v.rule + ':' + v.impact + ':' + v.targets.length).join(' '), r.unsure.length) }
console.log('stepper', Date.now() - t0, 'ms')
await closeBrowser(b)
