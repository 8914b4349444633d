/**
 * The bad-input and fault corpus: notes, pictures and themes a careless or a
 * hostile user would hand bbl, written into a fresh folder. Small cases are
 * literal; large ones (a 12,000×9,000 picture, a 50,000-character word) are
 * generated. Photos carry EXIF GPS and device data, as a phone's do.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'

/** Where beacons point: refused at once, so a request that escapes shows up without waiting. */
export const BEACON = 'http://127.0.0.1:9'

const GPS = {
  IFD0: { Make: 'PhoneCo', Model: 'Pocket X1', Software: 'cam 1.2' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
}

const talk = (title: string, body: string) => `= ${title}\nAda Lovelace\n:imagesdir: images\n\n== Talks\n\n=== A talk about ${title}\n\nPrésenté par *Grace Hopper*\n\n${body}\n`

async function pictures(dir: string): Promise<void> {
  const img = path.join(dir, 'images')
  await mkdir(img, { recursive: true })
  const solid = (w: number, h: number, c: string) => sharp({ create: { width: w, height: h, channels: 3, background: c } })
  // Small and upright: copied, not re-encoded; the path that used to keep GPS.
  await solid(640, 480, '#c33').jpeg().withExif(GPS).toFile(path.join(img, 'gps.jpg'))
  await solid(640, 480, '#3c3').jpeg().withExif({ IFD0: { ...GPS.IFD0, Orientation: '6' }, IFD3: GPS.IFD3 }).toFile(path.join(img, 'phone-rotated.jpg'))
  await solid(640, 480, '#33c').png().withExif(GPS).toFile(path.join(img, 'gps.png'))
  await solid(640, 480, '#cc3').webp().withExif(GPS).toFile(path.join(img, 'gps.webp'))
  await solid(12_000, 9_000, '#888').jpeg({ quality: 50 }).withExif(GPS).toFile(path.join(img, 'huge.jpg'))
  const whole = await solid(800, 600, '#3cc').jpeg().toBuffer()
  await writeFile(path.join(img, 'truncated.jpg'), whole.subarray(0, Math.floor(whole.length / 2)))
  await writeFile(path.join(img, 'empty.jpg'), '')
  await writeFile(path.join(img, 'fake.heic'), 'this is not a picture\n')
  await writeFile(path.join(img, 'script.svg'), `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><script>fetch("${BEACON}/svg")</script><image href="${BEACON}/svg.png" width="10" height="10"/><rect width="200" height="100" fill="#c3c"/></svg>\n`)
  await symlink('gps.jpg', path.join(img, 'link.jpg'))
  await symlink('/etc/hostname', path.join(img, 'etc-link.jpg'))
}

export const PICTURES = talk(
  'pictures',
  ['gps.jpg', 'phone-rotated.jpg', 'gps.png', 'gps.webp', 'huge.jpg', 'truncated.jpg', 'empty.jpg', 'fake.heic', 'script.svg', 'link.jpg', 'etc-link.jpg', 'no-such.jpg']
    .map((f) => `.${f}\nimage::${f}[${f}]\n`)
    .join('\n'),
)

/** An inline SVG with links to scripts and data (to lose their targets) and to the web and the deck (to keep them). */
export const HOSTILE_SVG = [
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="480" height="40">',
  `<a href="javascript:alert('svg')"><text x="0" y="20">js</text></a>`,
  '<a xlink:href="JaVa&#x53;cript:alert(2)"><text x="60" y="20">xlink</text></a>',
  '<a href="data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;"><text x="120" y="20">data</text></a>',
  '<a title="x>y" href=" java\tscript:alert(4)"><text x="180" y="20">quoted</text></a>',
  '<a href="https://example.org/"><text x="240" y="20">web</text></a>',
  '<a xlink:href="#hostile-content"><text x="300" y="20">deck</text><set attributeName="href" to="javascript:alert(5)" begin="0s"/></a>',
  '</svg>',
].join('')

export const HOSTILE = talk(
  'hostile content',
  [
    'A paragraph before the passthroughs.',
    `++++\n<script>fetch("${BEACON}/fetch"); new Image().src = "${BEACON}/img"; navigator.sendBeacon("${BEACON}/beacon"); alert("hi"); confirm("sure?")</script>\n++++`,
    `++++\n<img src="${BEACON}/onerror.png" alt="beacon" onerror="this.src='${BEACON}/again.png'">\n++++`,
    `++++\n<iframe src="${BEACON}/embed" width="560" height="315"></iframe>\n++++`,
    `video::${BEACON}/talk.mp4[]`,
    `audio::${BEACON}/talk.mp3[]`,
    `++++\n<video src="${BEACON}/v.mp4" poster="${BEACON}/poster.jpg"></video><link rel="stylesheet" href="${BEACON}/x.css"><object data="${BEACON}/o.swf"></object>\n++++`,
    `++++\n<div style="background-image: url(${BEACON}/inline-bg.png)">styled</div>\n++++`,
    `image::${BEACON}/remote.png[remote]`,
    // Links in an inline SVG: only the web, mail and the deck keep their target, however the others are written.
    `++++\n${HOSTILE_SVG}\n++++`,
  ].join('\n\n'),
)

export const TRAVERSAL = talk(
  'traversal',
  ['include::../../../../../etc/hostname[]', 'include::/etc/hostname[]', 'include::missing-part.adoc[]', 'image::../../../../../etc/passwd[]', 'image::/etc/hostname[]', 'include::escaping-part.adoc[]'].join('\n\n'),
)

export const THEME = [
  `@import url("${BEACON}/font.css");`,
  `@import "\\68ttp://127.0.0.1:9/escaped.css";`,
  `.reveal { background-image: image-set("${BEACON}/set.png" 1x); }`,
  `.reveal h2 { background-image: -webkit-image-set(url(${BEACON}/wset.png) 1x); }`,
  `.reveal p { background: url(\\68ttp://127.0.0.1:9/escaped.png); }`,
  `@font-face { font-family: Evil; src: url(${BEACON}/evil.woff2); }`,
  ':root { --bbl-accent: #a0322d; }',
].join('\n')

/** Write the whole corpus into `dir`. */
export async function writeCorpus(dir: string): Promise<void> {
  await pictures(dir)
  const files: Record<string, string | Buffer> = {
    'good.adoc': talk('good notes', 'Some words.\n\nimage::gps.jpg[A photo]\n'),
    'pictures.adoc': PICTURES,
    'hostile.adoc': HOSTILE,
    'traversal.adoc': TRAVERSAL,
    // Included by traversal.adoc: its own include leaves the folder from its line 3.
    'escaping-part.adoc': 'A part of the notes.\n\ninclude::../../../../../etc/hostname[]\n',
    'DevoxxFR #2024.adoc': talk('a hash', 'Words.'),
    'notes 100%.adoc': talk('a percent', 'Words.'),
    'CON.adoc': talk('a Windows-reserved name', 'Words.'),
    'long-word.adoc': talk('a long word', `${'x'.repeat(50_000)}\n\nAfter the word.`),
    'utf16.adoc': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(talk('UTF-16 notes', 'Écrit avec le Bloc-notes.'), 'utf16le')]),
    'empty.adoc': '',
    'binary.adoc': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x3e, 0]),
    'latin1.adoc': Buffer.from('= Caf\xe9\n\nCaf\xe9 cr\xe8me.\n', 'latin1'),
    'unterminated.adoc': talk('unterminated', '====\nan example block never closed\n'),
    'hostile.css': THEME,
    // Measuring runs no script of the notes, but an event handler of their HTML does: an iframe's
    // load event fires as soon as the paginator places it (about:blank loads at once), and spins forever.
    // (A <details ontoggle> or an <img onload> fires later, after the page has measured and closed.)
    'spin-measure.adoc': talk('spinning while measured', '++++\n<iframe title="spins" onload="for(;;){}"></iframe>\n++++\n'),
    // The same among 300 other talks: two pages measure, and the other one keeps going while this one hangs.
    'spin-among-many.adoc': `${talk('spinning among many', '++++\n<iframe title="spins" onload="for(;;){}"></iframe>\n++++\n')}\n${Array.from({ length: 300 }, (_, i) => `=== Talk ${i + 2}\n\nPrésenté par Ada\n\nWords of talk ${i + 2}.\n`).join('\n')}`,
    // A deck whose own script spins forever when opened: printing it never finishes.
    'spin-print.adoc': talk('spinning while printed', '++++\n<script>for(;;){}</script>\n++++\n\nWords.'),
    // A list nested 13 levels deep (each level a few items): the 5,000-item list is in the benchmark (bench/scale.mjs).
    'deep-13.adoc': talk('a deep list', Array.from({ length: 13 }, (_, d) => [1, 2, 3].map((k) => `${'*'.repeat(d + 1)} level ${d + 1}, item ${k}`).join('\n')).join('\n')),
    'index.html': '<!doctype html><title>my own page</title>\n',
    'a-file': 'not a folder\n',
  }
  for (const [name, body] of Object.entries(files)) await writeFile(path.join(dir, name), body)
  await mkdir(path.join(dir, 'a-folder.adoc'))
  await mkdir(path.join(dir, 'mine', 'good'), { recursive: true })
  await writeFile(path.join(dir, 'mine', 'good', 'holiday.txt'), 'my own file\n')
}
