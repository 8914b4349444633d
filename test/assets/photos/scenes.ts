/** Scenes with no projected slide in them, for testset.ts: people, a venue, a whiteboard at a slant, dark photos, outdoors. */

export type Rnd = () => number

export const hsl = (h: number, s: number, l: number) => `hsl(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%)`
export const svg = (W: number, H: number, body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${body}</svg>`

export function peopleSvg(rnd: Rnd, W: number, H: number): string {
  const wall = 70 + rnd() * 90
  const p = [`<rect width="${W}" height="${H}" fill="rgb(${wall},${wall * 0.95},${wall * 0.9})"/>`]
  const n = 3 + Math.floor(rnd() * 3)
  for (let i = 0; i < n; i++) {
    const x = W * (0.1 + 0.8 * rnd())
    const r = H * (0.08 + rnd() * 0.05)
    const y = H * (0.3 + rnd() * 0.25)
    const shirt = rnd() < 0.4 ? 'rgb(240,240,236)' : hsl(rnd() * 360, 50, 30 + rnd() * 40)
    p.push(`<path d="M${x - 2.6 * r} ${H + 10} L${x - 2.4 * r} ${y + 2 * r} Q${x} ${y + 0.9 * r} ${x + 2.4 * r} ${y + 2 * r} L${x + 2.6 * r} ${H + 10} Z" fill="${shirt}"/>`)
    p.push(`<ellipse cx="${x}" cy="${y}" rx="${0.8 * r}" ry="${r}" fill="${hsl(25, 40, 45 + rnd() * 30)}"/>`)
  }
  return svg(W, H, p.join(''))
}

export function venueSvg(rnd: Rnd, W: number, H: number): string {
  const p = [`<rect width="${W}" height="${H}" fill="rgb(60,58,62)"/>`, `<rect y="${H * 0.6}" width="${W}" height="${H * 0.4}" fill="rgb(40,30,30)"/>`]
  for (let i = 0; i < 8; i++) p.push(`<ellipse cx="${W * (0.06 + i * 0.125)}" cy="${H * 0.08}" rx="${W * 0.025}" ry="${H * 0.012}" fill="#fffbe8"/>`)
  // Windows by daylight, in panes: no single pane is a large bright quadrilateral.
  const wx = W * (0.05 + rnd() * 0.3)
  const ww = W * (0.3 + rnd() * 0.25)
  const wy = H * 0.18
  const wh = H * 0.35
  p.push(`<rect x="${wx}" y="${wy}" width="${ww}" height="${wh}" fill="rgb(235,240,248)"/>`)
  for (let c = 1; c < 4; c++) p.push(`<rect x="${wx + (ww * c) / 4 - 4}" y="${wy}" width="8" height="${wh}" fill="rgb(50,50,55)"/>`)
  p.push(`<rect x="${wx}" y="${wy + wh / 2 - 4}" width="${ww}" height="8" fill="rgb(50,50,55)"/>`)
  for (let r = 0; r < 5; r++) {
    for (let s = 0; s < 12; s++) p.push(`<rect x="${s * W * 0.085 + (r % 2) * 20}" y="${H * (0.62 + r * 0.08)}" width="${W * 0.07}" height="${H * 0.06}" rx="6" fill="rgb(${120 + rnd() * 40},30,35)"/>`)
  }
  return svg(W, H, p.join(''))
}

export function whiteboardSvg(rnd: Rnd, W: number, H: number): string {
  const wall = 40 + rnd() * 150
  // Seen from far to the side: one edge far shorter than the other.
  const x0 = W * (0.1 + rnd() * 0.1)
  const x1 = W * (0.75 + rnd() * 0.15)
  const far = 0.3 + rnd() * 0.25
  const q = [[x0, H * 0.12], [x1, H * 0.5 - H * 0.38 * far], [x1, H * 0.5 + H * 0.38 * far], [x0, H * 0.88]]
  const pts = q.map((v) => v.join(',')).join(' ')
  const p = [`<rect width="${W}" height="${H}" fill="rgb(${wall},${wall},${wall * 0.96})"/>`, `<polygon points="${pts}" fill="rgb(245,246,248)" stroke="rgb(120,120,125)" stroke-width="8"/>`]
  for (let i = 0; i < 4; i++) p.push(`<path d="M${x0 + 60} ${H * (0.3 + i * 0.1)} q 60 -20 120 0 t 120 0" stroke="${hsl(rnd() * 360, 70, 35)}" stroke-width="5" fill="none"/>`)
  return svg(W, H, p.join(''))
}

export function darkSvg(rnd: Rnd, W: number, H: number): string {
  const p = [`<rect width="${W}" height="${H}" fill="rgb(${8 + rnd() * 10},${8 + rnd() * 10},${10 + rnd() * 10})"/>`]
  p.push(`<ellipse cx="${W * rnd()}" cy="${H * 0.2}" rx="${W * 0.05}" ry="${H * 0.05}" fill="rgb(70,65,60)"/>`)
  p.push(`<rect x="${W * 0.3}" y="${H * 0.3}" width="${W * 0.4}" height="${H * 0.3}" fill="rgb(34,32,36)"/>`)
  return svg(W, H, p.join(''))
}

export function outdoorSvg(rnd: Rnd, W: number, H: number): string {
  const p = [`<defs><linearGradient id="s" x2="0" y2="1"><stop offset="0" stop-color="rgb(150,190,240)"/><stop offset="1" stop-color="rgb(225,235,245)"/></linearGradient></defs>`]
  p.push(`<rect width="${W}" height="${H}" fill="url(#s)"/>`, `<rect y="${H * 0.75}" width="${W}" height="${H * 0.25}" fill="rgb(80,90,70)"/>`)
  for (let i = 0; i < 6; i++) {
    const h = H * (0.2 + rnd() * 0.4)
    p.push(`<rect x="${i * W * 0.17}" y="${H * 0.75 - h}" width="${W * 0.14}" height="${h}" fill="rgb(${90 + rnd() * 60},${80 + rnd() * 50},${70 + rnd() * 40})"/>`)
  }
  return svg(W, H, p.join(''))
}
