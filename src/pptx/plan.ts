/**
 * Measured slides → what to ask pptxgenjs for, slide by slide: text boxes with
 * their runs, pictures, screenshots, filled rectangles, backgrounds and speaker
 * notes, in inches and points at the places the browser drew them. Pure: data
 * in, data out (src/pptx/export.ts makes the calls and the I/O).
 *
 * A deck slide is 1280×720 CSS pixels; PowerPoint's 16:9 slide is 13.333×7.5
 * inches: a CSS pixel is 1/96 inch, and a point 4/3 of a pixel.
 */
import type Pptx from 'pptxgenjs'
import type { Box, Bullet, MeasuredDeck, MeasuredSlide, SlideItem, TextItem, TextRun } from '../page/contract.js'

// pptxgenjs's types describe a CommonJS module: its class and types are under `default`.
type TextProps = Pptx.default.TextProps
type TextPropsOptions = Pptx.default.TextPropsOptions

export interface Placed {
  x: number
  y: number
  w: number
  h: number
}

export type PlannedObject =
  | { kind: 'text'; runs: TextProps[]; options: TextPropsOptions & Placed }
  | { kind: 'picture'; src: string; options: Placed & { altText: string } }
  | { kind: 'shot'; shot: number; options: Placed & { altText: string } }
  | { kind: 'shape'; shape: 'rect' | 'roundRect'; options: Placed & { fill: { color: string; transparency: number }; rectRadius?: number; line: { type: 'none' } } }

export type PlannedText = Extract<PlannedObject, { kind: 'text' }>

export interface PlannedSlide {
  /** A colour, and over it, when there is one, a picture of the deck's background (a gradient, a photo). */
  background: { color: string; shot?: number }
  objects: PlannedObject[]
  notes: string
}

export interface PptxPlan {
  /** The slide size, inches. */
  layout: { name: string; width: number; height: number }
  slides: PlannedSlide[]
}

/**
 * What a run's font is called in the PowerPoint file: fonts every client has
 * (or maps to a font of the same widths), the deck having been measured in
 * those widths (src/pptx/fonts.ts).
 */
export const OFFICE_FONT = { text: 'Calibri', mono: 'Courier New' } as const

/** CSS pixels per inch. */
const PX_PER_IN = 96
/** CSS pixels → inches, rounded to 1/1000 inch (a PowerPoint EMU is 1/914400). */
export const inches = (px: number): number => Math.round((px / PX_PER_IN) * 1000) / 1000
/** CSS pixels → points, to 1/100 point (PowerPoint's font size unit). */
export const points = (px: number): number => Math.round(px * 75) / 100

/**
 * How much wider than the browser's text a text box is made, when the slide
 * has room: the deck's fonts are named, not embedded, and a font PowerPoint
 * substitutes may be a little wider; without room to spare, a line's last word
 * would wrap onto a line the slide has no room for.
 */
export const SLACK = 0.04

export function planDeck(deck: MeasuredDeck, name = 'BBL'): PptxPlan {
  return {
    // Not rounded: 1280 px is exactly PowerPoint's 16:9 width (12,192,000 EMU).
    layout: { name, width: deck.width / PX_PER_IN, height: deck.height / PX_PER_IN },
    slides: deck.slides.map((s) => planSlide(s, deck)),
  }
}

export function planSlide(slide: MeasuredSlide, deck: Pick<MeasuredDeck, 'width' | 'height'>): PlannedSlide {
  return {
    background: { color: slide.background.color, ...(slide.background.shot !== undefined ? { shot: slide.background.shot } : {}) },
    objects: slide.items.flatMap((item) => planItem(item, deck)),
    notes: slide.notes.join('\n'),
  }
}

function planItem(item: SlideItem, deck: Pick<MeasuredDeck, 'width' | 'height'>): PlannedObject[] {
  switch (item.kind) {
    case 'text':
      return [planText(item, deck)]
    case 'picture': {
      const b = inside(item, deck)
      return b ? [{ kind: 'picture', src: item.src, options: { ...placed(b), altText: item.alt } }] : []
    }
    case 'shot': {
      const b = inside(item, deck)
      return b ? [{ kind: 'shot', shot: item.shot, options: { ...placed(b), altText: item.alt } }] : []
    }
    case 'shape': {
      const b = inside(item, deck)
      if (!b) return []
      const round = item.radius > 0.5 && Math.min(b.w, b.h) > 2 * item.radius
      return [
        {
          kind: 'shape',
          shape: round ? 'roundRect' : 'rect',
          options: {
            ...placed(b),
            fill: { color: item.fill, transparency: Math.round(item.alpha * 100) },
            ...(round ? { rectRadius: inches(item.radius) } : {}),
            line: { type: 'none' },
          },
        },
      ]
    }
  }
}

/** The part of a box on the slide, or nothing when none of it is. */
export function inside(b: Box, deck: Pick<MeasuredDeck, 'width' | 'height'>): Box | undefined {
  const x = Math.max(0, b.x)
  const y = Math.max(0, b.y)
  const w = Math.min(b.x + b.w, deck.width) - x
  const h = Math.min(b.y + b.h, deck.height) - y
  return w >= 0.5 && h >= 0.5 ? { x, y, w, h } : undefined
}

/** Edges rounded, not sizes: a box that ends at the slide's edge ends there in PowerPoint too. */
function placed(b: Box): Placed {
  const x = inches(b.x)
  const y = inches(b.y)
  return { x, y, w: round3(inches(b.x + b.w) - x), h: round3(inches(b.y + b.h) - y) }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000

/**
 * Room for a list marker, left of the text (pixels): about what the browser
 * gives an outside marker, less when the slide's edge is nearer.
 */
export function markerRoom(bullet: Bullet, size: number, textX: number): number {
  const want = size * (bullet.type === 'number' ? 1.6 : 1.1)
  // PowerPoint puts a level-n paragraph's text at (n + 1) × the indent.
  return Math.max(0, Math.min(want, textX / (bullet.level + 1)))
}

/** A text box from a measured block: its runs, the marker's room, the slack, all within the slide. */
export function planText(item: TextItem, deck: Pick<MeasuredDeck, 'width' | 'height'>): PlannedText {
  const size = item.runs.find((r) => r.text.trim() !== '')?.size ?? item.runs[0]?.size ?? 16
  const room = item.bullet ? markerRoom(item.bullet, size, item.x) : 0
  let x = item.x - room * (item.bullet ? item.bullet.level + 1 : 0)
  let w = item.w + (x === item.x ? 0 : item.x - x)
  // Slack on the side the text grows to: right of left-aligned text, both sides of centred text.
  // A short box (a title's word, a number) gets at least one em: a word wider than its box is split by PowerPoint.
  const extra = Math.min(Math.max(item.w * SLACK, size), 64)
  if (item.align === 'center') {
    const d = Math.max(0, Math.min(extra / 2, x, deck.width - (x + w)))
    x -= d
    w += 2 * d
  } else if (item.align === 'right' || (item.rtl && item.align !== 'justify')) {
    const d = Math.max(0, Math.min(extra, x))
    x -= d
    w += d
  } else {
    w += Math.max(0, Math.min(extra, deck.width - (x + w)))
  }
  const b = inside({ x, y: item.y, w, h: item.h }, deck) ?? { x: 0, y: 0, w: Math.min(w, deck.width), h: Math.min(item.h, deck.height) }
  const options: TextPropsOptions & Placed = {
    ...placed(b),
    margin: 0,
    valign: 'top',
    // Shrink on overflow: text that fits is drawn as measured; in a client that
    // substitutes a wider font, a box's text is made smaller rather than run into the next.
    fit: 'shrink',
    wrap: true,
    align: item.align,
    lineSpacing: points(item.lineHeight),
    paraSpaceBefore: 0,
    paraSpaceAfter: 0,
    lang: item.lang,
    ...(item.rtl ? { rtlMode: true } : {}),
    ...(item.bullet ? bulletOptions(item.bullet, room) : {}),
  }
  return { kind: 'text', runs: runsOf(item.runs), options }
}

const NUMBER_STYLE = {
  decimal: 'arabicPeriod',
  'lower-alpha': 'alphaLcPeriod',
  'upper-alpha': 'alphaUcPeriod',
  'lower-roman': 'romanLcPeriod',
  'upper-roman': 'romanUcPeriod',
} as const

function bulletOptions(b: Bullet, room: number): Partial<Pick<TextPropsOptions, 'bullet' | 'indentLevel'>> {
  const indent = points(room)
  const bullet: TextPropsOptions['bullet'] =
    b.type === 'number'
      ? { type: 'number', style: NUMBER_STYLE[b.style], numberStartAt: b.n, indent }
      : { characterCode: b.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0').slice(-4), indent }
  return { bullet, ...(b.level > 0 ? { indentLevel: b.level } : {}) }
}

/**
 * A link as a run per word: LibreOffice shows a link as one field, which it
 * cuts anywhere, inside a word, when the field is longer than the line.
 */
export function wordRuns(r: TextRun): TextRun[] {
  if ((r.link === undefined && r.slide === undefined) || !/\S\s+\S/.test(r.text)) return [r]
  const words = r.text.match(/\s*\S+\s*/g) ?? [r.text]
  return words.map((text, i) => (i < words.length - 1 ? { ...r, text, br: false } : { ...r, text }))
}

/** Runs as pptxgenjs takes them: a line break ends a paragraph. */
export function runsOf(runs: TextRun[]): TextProps[] {
  return runs.flatMap(wordRuns).map((r) => ({
    text: r.text,
    options: {
      fontFace: r.mono ? OFFICE_FONT.mono : OFFICE_FONT.text,
      fontSize: points(r.size),
      color: r.color,
      ...(r.bold ? { bold: true } : {}),
      ...(r.italic ? { italic: true } : {}),
      ...(r.underline ? { underline: { style: 'sng' as const } } : {}),
      ...(r.strike ? { strike: 'sngStrike' as const } : {}),
      ...(r.sup ? { superscript: true } : {}),
      ...(r.sub ? { subscript: true } : {}),
      ...(r.link ? { hyperlink: { url: r.link } } : r.slide ? { hyperlink: { slide: r.slide } } : {}),
      ...(r.spacing ? { charSpacing: points(r.spacing) } : {}),
      ...(r.br ? { breakLine: true } : {}),
    },
  }))
}
