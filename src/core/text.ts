/** Small pure helpers for the HTML fragments the converter produces. */

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
}

/**
 * Characters XML 1.0 forbids: the C0 controls but tab, line feed and carriage return,
 * and U+FFFE, U+FFFF (text pasted from a PDF brings them). No XML bbl writes may hold one:
 * a PowerPoint file holding one is not well-formed.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
export const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

/** `s` without the characters XML forbids. */
export const withoutXmlForbidden = (s: string): string => s.replace(XML_FORBIDDEN, '')

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
      // Past U+10FFFF there is no character (fromCodePoint throws); a forbidden one is dropped.
      return Number.isFinite(n) && n <= 0x10ffff ? withoutXmlForbidden(String.fromCodePoint(n)) : m
    }
    return NAMED[e.toLowerCase()] ?? m
  })
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const INLINE_TAG = /<\/?(?:a|strong|em|b|i|u|s|code|span|mark|sup|sub|small|del|ins|kbd|abbr|q|cite|var|samp)\b[^>]*>/gi

/** Plain text of an HTML fragment: inline tags vanish, block tags become spaces, entities are decoded, blanks folded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(INLINE_TAG, '')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim()
}

/** ASCII slug for file names and anchors; '' when nothing is left (CJK, Arabic...). */
export function slugify(s: string, max = 60): string {
  const ascii = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (ascii.length <= max) return ascii
  const cut = ascii.slice(0, max)
  const dash = cut.lastIndexOf('-')
  return dash > max / 2 ? cut.slice(0, dash) : cut
}

/** Words for coverage checks: letters/digits runs, lower-cased. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}
