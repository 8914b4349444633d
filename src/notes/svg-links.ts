/**
 * Links in inline SVG written in the notes (passthrough blocks) and in math
 * (`\href`): a deck's links lead only to the web, to mail or within the deck.
 * Any other target (`javascript:`, `data:`, `file:`, a relative path) is taken
 * off its `<a>` (`href`, `xlink:href`), as is an animation that would set one
 * (`<set attributeName="href" to="javascript:…">`). The link's content stays.
 *
 * Pure string work on HTML, with a tokenizer that reads tags as the browser
 * does (quoted values may hold `>`; unquoted ones end at a space or `>`), so
 * that no attribute hides inside another.
 */
import { decodeEntities } from '../core/text.js'

/** A link target that may stay: http(s), mailto, or a place in the deck (`#id`). */
export function isSafeLink(value: string): boolean {
  // As the browser reads a URL: entities decoded, tabs and newlines anywhere and control characters around dropped.
  const url = decodeEntities(value).replace(/[\t\n\r]/g, '')
  let start = 0
  while (start < url.length && url.charCodeAt(start) <= 0x20) start++
  return /^(?:https?:|mailto:|#)/i.test(url.slice(start))
}

interface Attr {
  name: string
  value: string
  /** The attribute as written, with the space before it. */
  raw: string
}

const ATTR = /([\s/]*)([^\s/>][^\s/>=]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?/y
const TAG = /<(\/?)([a-zA-Z][^\s/>]*)/g
const HREF = /^(?:xlink:)?href$/i
const ANIMATION = /^(?:set|animate)$/i

/** The attributes of the tag whose name ends at `from`, and where the tag ends (after its `>`). */
function readAttrs(html: string, from: number): { attrs: Attr[]; end: number } {
  const attrs: Attr[] = []
  let at = from
  for (;;) {
    ATTR.lastIndex = at
    const m = ATTR.exec(html)
    if (!m) break
    at = ATTR.lastIndex
    const quoted = m[3] ?? ''
    const value = /^["']/.test(quoted) ? quoted.slice(1, -1) : quoted
    attrs.push({ name: m[2]!, value, raw: m[0] })
  }
  const close = html.indexOf('>', at)
  return { attrs, end: close < 0 ? html.length : close + 1 }
}

/** Whether an attribute is a link target to take off this element. */
function unsafe(tag: string, a: Attr): boolean {
  if (/^a$/i.test(tag)) return HREF.test(a.name) && !isSafeLink(a.value)
  // An animation of a link's target (it could set any): without its attributeName it animates nothing.
  return ANIMATION.test(tag) && /^attributename$/i.test(a.name) && HREF.test(a.value.trim())
}

/** `html` with the unsafe link targets inside its `<svg>` elements taken off, and how many were. */
export function safeSvgLinks(html: string): { html: string; removed: number } {
  if (!/<svg\b/i.test(html)) return { html, removed: 0 }
  let out = ''
  let last = 0
  let depth = 0
  let removed = 0
  let read = 0
  for (const m of html.matchAll(TAG)) {
    if (m.index < read) continue // inside a tag already read (in a quoted value)
    const [closing, name] = [m[1] === '/', m[2]!]
    const { attrs, end } = readAttrs(html, m.index + m[0].length)
    read = end
    if (/^svg$/i.test(name)) depth = Math.max(0, depth + (closing ? -1 : 1))
    else if (depth > 0 && !closing) {
      const bad = attrs.filter((a) => unsafe(name, a))
      if (bad.length > 0) {
        removed += bad.length
        const kept = attrs.filter((a) => !bad.includes(a)).map((a) => a.raw).join('')
        out += `${html.slice(last, m.index)}${m[0]}${kept}${html.slice(m.index + m[0].length + attrs.map((a) => a.raw).join('').length, end)}`
        last = end
      }
    }
  }
  return { html: out + html.slice(last), removed }
}
