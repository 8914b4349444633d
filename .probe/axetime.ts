import { readdirSync } from 'node:fs'
import path from 'node:path'
import { axeDeck } from '../test/helpers/axe.js'
import { closeBrowser, launchBrowser } from '../test/helpers/deck.js'
const dir = '/tmp/conf-out'
const names = readdirSync(dir).filter((n) => !n.includes('.')).slice(0, 40)
const b = await launchBrowser()
const t0 = Date.now()
let slides = 0
const out: string[] = []
for (const n of names) { const r = await axeDeck(b, path.join(dir, n, 'index.html')); slides += r.slides; out.push(JSON.stringify([r.violations.map(v=>v.rule+v.targets.length), r.unsure.length])) }
console.log(`${names.length} decks ${slides} slides ${Date.now() - t0} ms`)
import { createHash } from 'node:crypto'
console.log(createHash('sha1').update(out.join('\n')).digest('hex'))
await closeBrowser(b)
