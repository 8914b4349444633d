/**
 * The tone of each background picture (src/slides/contrast.ts): its mean colour
 * and its darkest and lightest cells, measured on the copy in the deck folder,
 * scaled to a 32×18 grid as reveal.js covers the 16:9 slide with it. A picture
 * that cannot be read gets no tone: its slide keeps the theme's colours.
 */
import path from 'node:path'
import type { NotesDoc, Section } from '../notes/model.js'
import { luminance, type Rgb, type Tone } from '../slides/contrast.js'
import type { ImageTable } from '../slides/spec.js'

/** The `background-image` targets of the notes (sections and title slide), as written. */
export function backgroundTargets(doc: Pick<NotesDoc, 'sections' | 'titleSlide'>): Set<string> {
  const out = new Set<string>()
  const visit = (s: Section) => {
    if (s.slideAttributes['background-image']) out.add(s.slideAttributes['background-image'])
    s.sections.forEach(visit)
  }
  if (doc.titleSlide.attributes['background-image']) out.add(doc.titleSlide.attributes['background-image'])
  doc.sections.forEach(visit)
  return out
}

/** Tones of the background pictures copied into `dir`, by their path in the deck folder. */
export async function backgroundTones(doc: Pick<NotesDoc, 'sections' | 'titleSlide'>, images: ImageTable, dir: string): Promise<Map<string, Tone>> {
  const targets = backgroundTargets(doc)
  const outputs = [...images.values()].filter((i) => targets.has(i.target) && i.status === 'ok' && i.output).map((i) => i.output!)
  const tones = new Map<string, Tone>()
  if (outputs.length === 0) return tones
  const { default: sharp } = await import('sharp')
  await Promise.all(
    [...new Set(outputs)].map(async (output) => {
      try {
        const { data, info } = await sharp(path.join(dir, output)).flatten().resize(32, 18, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
        tones.set(output, toneOf(data, info.channels))
      } catch {
        // Unreadable here (it was checked when copied): the slide keeps the theme's colours.
      }
    }),
  )
  return tones
}

/** Mean colour and extreme luminances of raw RGB pixels. */
export function toneOf(data: Uint8Array, channels: number): Tone {
  const sum: Rgb = [0, 0, 0]
  let darkest = 1
  let lightest = 0
  const n = data.length / channels
  for (let i = 0; i < data.length; i += channels) {
    const px: Rgb = [data[i]!, data[i + 1]!, data[i + 2]!]
    for (let c = 0; c < 3; c++) sum[c]! += px[c]!
    const l = luminance(px)
    darkest = Math.min(darkest, l)
    lightest = Math.max(lightest, l)
  }
  return { mean: sum.map((v) => Math.round(v / n)) as Rgb, darkest, lightest }
}
