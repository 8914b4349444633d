/**
 * Text colours that follow a slide's own background. A section's
 * `background-color` (or the tone of its background picture) replaces the
 * theme's background behind its text, so its text colours are chosen for it:
 * black or white ink, whichever contrasts more (never under 4.58:1, WCAG 2.2's
 * formula), and the theme's secondary colours (muted text, code and table
 * backgrounds) mixed from that ink and that background so that every text run
 * keeps at least 4.5:1 (AA for body text). Pure: colours in, CSS out.
 */
import colorNames from 'color-name'

export type Rgb = [number, number, number]

/** What a background picture looks like where text may sit: its mean colour and its darkest and lightest cells' luminance. */
export interface Tone {
  mean: Rgb
  darkest: number
  lightest: number
}

/** WCAG 2.2 AA for body text. */
export const AA = 4.5

const channel = (c: number) => {
  const s = c / 255
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

/** WCAG relative luminance (0 black, 1 white). */
export const luminance = ([r, g, b]: Rgb): number => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

/** WCAG contrast ratio of two luminances (1 to 21). */
export const ratio = (a: number, b: number): number => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)

export const contrast = (a: Rgb, b: Rgb): number => ratio(luminance(a), luminance(b))

/** `a` over `b`, `t` of the way from `b` to `a`. */
export const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! * t + b[i]! * (1 - t))) as Rgb

export const hex = (c: Rgb): string => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`

/** hsl(h s l) → RGB (CSS Color 4's conversion). */
function hslRgb(h: number, s: number, l: number): Rgb {
  const f = (n: number) => {
    const k = (n + h / 30) % 12
    return l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))
  }
  return [f(0), f(8), f(4)].map((v) => Math.round(v * 255)) as Rgb
}

const NUMBER = /^(-?[\d.]+)(%?)$/

/** The numbers of `rgb(…)`/`hsl(…)`, commas or spaces, alpha ignored (a translucent background is taken as opaque). */
function args(body: string): Array<{ n: number; pct: boolean }> | undefined {
  const parts = body.split(/[\s,/]+/).filter(Boolean).slice(0, 3)
  const out = parts.map((p) => NUMBER.exec(p.replace(/deg$/, ''))).map((m) => (m ? { n: Number(m[1]), pct: m[2] === '%' } : undefined))
  return out.length === 3 && out.every(Boolean) ? (out as Array<{ n: number; pct: boolean }>) : undefined
}

/** A CSS colour as authors write a background: `#0b3d2e`, `#fff`, `rgb(…)`, `hsl(…)`, a named colour; undefined for anything else. */
export function parseColour(css: string): Rgb | undefined {
  const s = css.trim().toLowerCase()
  const named = (colorNames as Record<string, Rgb>)[s]
  if (named) return [...named] as Rgb
  const h = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/.exec(s)?.[1]
  if (h) {
    const full = h.length <= 4 ? [...h.slice(0, 3)].map((c) => c + c).join('') : h.slice(0, 6)
    return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as Rgb
  }
  const f = /^(rgba?|hsla?)\((.*)\)$/.exec(s)
  const a = f && args(f[2]!)
  if (!f || !a) return undefined
  if (f[1]!.startsWith('rgb')) return a.map(({ n, pct }) => Math.max(0, Math.min(255, Math.round(pct ? n * 2.55 : n)))) as Rgb
  return hslRgb(((a[0]!.n % 360) + 360) % 360, Math.min(1, a[1]!.n / 100), Math.min(1, a[2]!.n / 100))
}

const WHITE: Rgb = [255, 255, 255]
const BLACK: Rgb = [0, 0, 0]

/** Black or white, whichever contrasts more with a background of luminance `l`. */
export const inkFor = (l: number): Rgb => (ratio(l, 1) >= ratio(l, 0) ? WHITE : BLACK)

/** The most of `bg` that can be mixed into `ink` (up to `most`) while `ink`'s mix keeps `AA` against every one of `against`. */
function furthest(ink: Rgb, bg: Rgb, against: Rgb[], most: number): Rgb {
  for (let t = most; t > 0; t -= 0.02) {
    const c = mix(bg, ink, t)
    if (against.every((b) => contrast(c, b) >= AA)) return c
  }
  return ink
}

/** The CSS custom properties (bbl's and reveal.js themes') that make a slide's text legible on `bg`. */
export function paletteFor(bg: Rgb): Record<string, string> {
  const ink = inkFor(luminance(bg))
  // Boxes behind text (code, table headers, sidebars): a little ink over the background, never so much that ink on them drops under AA.
  const soft = furthest(bg, ink, [ink], 0.1)
  const muted = furthest(ink, bg, [bg, soft], 0.45)
  const fg = hex(ink)
  return {
    '--bbl-bg': hex(bg),
    '--bbl-fg': fg,
    '--bbl-muted': hex(muted),
    '--bbl-accent': fg,
    '--bbl-accent-2': fg,
    '--bbl-soft': hex(soft),
    '--bbl-code-bg': hex(soft),
    '--bbl-rule': hex(mix(ink, bg, 0.35)),
    '--r-main-color': fg,
    '--r-heading-color': fg,
    '--r-link-color': fg,
    color: fg,
  }
}

/**
 * A background picture's ink: the one whose worst contrast over the picture's
 * cells is higher, and, when even that is under AA (a picture both dark and
 * light), a scrim behind the text: the picture's mean colour, opaque enough
 * that the ink reaches AA over the picture's extreme cell.
 */
export function pictureBackdrop(t: Tone): { bg: Rgb; scrim?: string } {
  const white = ratio(t.lightest, 1)
  const black = ratio(t.darkest, 0)
  const ink = white >= black ? WHITE : BLACK
  if (Math.max(white, black) >= AA) return { bg: t.mean }
  // Text sits on the scrim: its colour is one the chosen ink reads on, at the worst cell.
  const base = ink === WHITE ? BLACK : WHITE
  const worst = ink === WHITE ? t.lightest : t.darkest
  for (let a = 0.5; a <= 0.95; a += 0.05) {
    const l = luminance(mix(base, [1, 1, 1].map(() => Math.round(255 * worst ** (1 / 2.2))) as Rgb, a))
    if (ratio(l, luminance(ink)) >= AA) return { bg: mix(base, t.mean, a), scrim: `rgba(${base.join(', ')}, ${a.toFixed(2)})` }
  }
  return { bg: base, scrim: `rgb(${base.join(', ')})` }
}

/** The inline style a section with its own background gets. */
export function backgroundStyle(bg: Rgb, scrim?: string): string {
  const vars = { ...paletteFor(bg), ...(scrim ? { '--bbl-scrim': scrim } : {}) }
  return Object.entries(vars)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ')
}
