/**
 * How much of the notes a reader can find in a PDF: the notes' words, counted
 * with repetition, that `pdftotext` gets back from the PDF. A word missing from
 * the PDF's text layer is lost to search, copy and screen readers, whether it
 * was cut off, rasterised or dropped.
 */
import { execFileSync } from 'node:child_process'

/** The words of AsciiDoc notes as a reader sees them: markup, comments, attributes and URLs dropped. */
export function notesText(adoc) {
  const out = []
  for (let line of adoc.split('\n')) {
    const t = line.trim()
    if (/^\/\//.test(t)) continue // comments
    if (/^:[\w-]+!?:/.test(t)) continue // attribute entries
    if (/^(ifn?def|endif|ifeval|include|toc|image|video|audio)::/.test(t)) continue // directives and block macros
    if (/^\[.*\]$/.test(t)) continue // block attribute lines
    if (/^([=\-*_.+|/])\1{3,}$/.test(t) || t === '--' || t === '+') continue // delimiters, list continuations
    line = line
      .replace(/^\s*(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s/, '')
      .replace(/pass:\[[^\]]*\]/g, ' ')
      .replace(/\{[\w-]+\}/g, ' ') // attribute references
      .replace(/\b(?:https?|mailto):[^\s[]+\[([^\]]*)\]/g, '$1') // link text replaces the URL
      .replace(/<https?:[^>]*>/g, ' ')
      .replace(/\[[\w.#-]*\](?=[*_#`])/g, '') // [role]*text*
    out.push(line)
  }
  return out.join('\n')
}

/** Lower-case words of two or more characters with at least one letter, counted. */
export function wordCounts(text) {
  const counts = new Map()
  const norm = text.normalize('NFKC').replace(/\u00ad/g, '').toLowerCase()
  for (const w of norm.split(/[^\p{L}\p{N}]+/u)) {
    if (w.length < 2 || !/\p{L}/u.test(w)) continue
    counts.set(w, (counts.get(w) ?? 0) + 1)
  }
  return counts
}

export function pdfText(pdf) {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
}

export function pdfPages(pdf) {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN)
}

/**
 * Share of the notes' words (with repetition) found in the PDF's text. A word
 * the browser hyphenated across two lines counts both as its halves and as
 * the joined word, so hyphenation costs nothing.
 */
export function wordCoverage(adoc, pdf) {
  const want = wordCounts(notesText(adoc))
  const text = pdfText(pdf)
  const have = wordCounts(text)
  for (const [w, n] of wordCounts((text.match(/\p{L}+-\n\p{L}+/gu) ?? []).map((m) => m.replace('-\n', '')).join(' '))) {
    have.set(w, (have.get(w) ?? 0) + n)
  }
  let total = 0
  let found = 0
  const missing = new Map()
  for (const [w, n] of want) {
    total += n
    const got = Math.min(n, have.get(w) ?? 0)
    found += got
    if (got < n) missing.set(w, n - got)
  }
  return { total, found, share: total ? found / total : NaN, missing }
}
