#!/usr/bin/env node
// Before/after contact sheet of bbl's slide-photo correction (--photos auto) on
// a folder of photos: each photo as taken, with the slide bbl found outlined,
// next to the straightened slide bbl shows (or "left alone" and why).
//
//   npx tsc && node scripts/photos-contact-sheet.mjs [images/dataxday-2018] [docs/photos-contact-sheet.jpg]

import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { analyse, decodePhoto, straighten } from '../lib/assets/photos/photo.js'

const [dir = 'images/dataxday-2018', out = 'docs/photos-contact-sheet.jpg'] = process.argv.slice(2)
const TW = 200 // each half of a pair
const TH = 150
const PAIRS_PER_ROW = 3
const GAP = 8

const xml = (s) => String(s).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c])

async function pair(file) {
  const bytes = await readFile(path.join(dir, file))
  const decoded = await decodePhoto(bytes)
  const a = analyse(decoded)
  const { data, info } = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true })
  const line = a.quad ? `<polygon points="${a.quad.map((p) => p.join(',')).join(' ')}" fill="none" stroke="#3f3" stroke-width="${info.width / 150}"/>` : ''
  const outlined = await sharp(data)
    .composite([{ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${info.width}" height="${info.height}">${line}</svg>`) }])
    .toBuffer()
  const before = await sharp(outlined).resize(TW, TH, { fit: 'contain', background: '#111' }).toBuffer()
  const fixed = a.quad ? (await straighten(decoded, a, 'jpeg')).data : undefined
  const after = fixed
    ? await sharp(fixed).resize(TW, TH, { fit: 'contain', background: '#111' }).toBuffer()
    : await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${TW}" height="${TH}"><rect width="100%" height="100%" fill="#111"/><text x="50%" y="45%" fill="#ccc" font-family="DejaVu Sans" font-size="14" text-anchor="middle">left alone:</text><text x="50%" y="58%" fill="#ccc" font-family="DejaVu Sans" font-size="11" text-anchor="middle">${xml(a.detection.reason)}</text></svg>`)).toBuffer()
  const label = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${2 * TW}" height="16"><text x="2" y="12" fill="#ddd" font-family="DejaVu Sans" font-size="11">${xml(file)}${a.quad ? ` · confidence ${a.detection.confidence}` : ''}</text></svg>`)
  return sharp({ create: { width: 2 * TW + 2, height: TH + 16, channels: 3, background: '#000' } })
    .composite([
      { input: label, left: 0, top: 0 },
      { input: before, left: 0, top: 16 },
      { input: after, left: TW + 2, top: 16 },
    ])
    .png()
    .toBuffer()
}

const files = (await readdir(dir)).filter((f) => /\.(jpe?g|png|webp)$/i.test(f) && !f.includes('.original.')).sort()
const cellW = 2 * TW + 2 + GAP
const cellH = TH + 16 + GAP
const tiles = []
for (const [i, f] of files.entries()) {
  tiles.push({ input: await pair(f), left: (i % PAIRS_PER_ROW) * cellW, top: Math.floor(i / PAIRS_PER_ROW) * cellH })
}
await sharp({ create: { width: PAIRS_PER_ROW * cellW - GAP, height: Math.ceil(files.length / PAIRS_PER_ROW) * cellH - GAP, channels: 3, background: '#000' } })
  .composite(tiles)
  .jpeg({ quality: 62 })
  .toFile(out)
console.log(`${files.length} photos → ${out}`)
