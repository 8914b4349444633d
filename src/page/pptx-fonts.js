// @ts-check
/*
 * bbl pptx, in the page before reveal.js lays the slides out: every font a
 * slide's text is set in becomes its metric-compatible stand-in for the fonts
 * the PowerPoint file names (src/pptx/fonts.ts): Carlito (Calibri's widths)
 * for text, Cousine (Courier New's) for code. The stand-ins are added under the
 * deck's own family names, so the page's CSS is untouched and only the glyphs'
 * widths change; characters they lack (CJK, Arabic…) fall back as before.
 * Exposed as `window.bblPptxFonts`.
 */
;(() => {
  /** @param {string} data base64 */
  const bytes = (data) => Uint8Array.from(atob(data), (c) => c.charCodeAt(0)).buffer

  /** @type {Map<string, boolean>} the first family of each font stack on the slides → a code font */
  let families = new Map()

  /**
   * Which faces the slides need: of the kinds their fonts are (text, code),
   * with characters they show (most decks need the Latin ones alone). Node
   * then sends only those: each face is bytes to copy and parse.
   * @param {Array<Pick<import('./contract.js').MetricFaceData, 'kind' | 'unicodeRange'>>} faces
   * @returns {number[]} their indices
   */
  function facesNeeded(faces) {
    const read = window.bblPptxRead
    if (!read) throw new Error('pptx-read.js must be loaded before pptx-fonts.js')
    families = new Map()
    for (const el of document.querySelectorAll('.reveal .slides, .reveal .slides *')) {
      const f = read.family(getComputedStyle(el).fontFamily)
      const generic = /^(serif|sans-serif|monospace|system-ui|cursive|fantasy)$/.test(f.font)
      if (!generic && !families.has(f.font)) families.set(f.font, f.mono)
    }
    const kinds = new Set([...families.values()].map((mono) => (mono ? 'mono' : 'text')))
    const shown = new Set([...(document.querySelector('.reveal .slides')?.textContent ?? '')].map((c) => /** @type {number} */ (c.codePointAt(0))))
    return faces.flatMap((f, i) => (kinds.has(f.kind) && covers(f.unicodeRange, shown) ? [i] : []))
  }

  /**
   * Adds the faces under the deck's family names (facesNeeded found them).
   * @param {import('./contract.js').MetricFaceData[]} faces
   * @returns {Promise<string[]>} the deck families replaced
   */
  async function useMetricFonts(faces) {
    /** @type {Map<string, ArrayBuffer>} */
    const decoded = new Map()
    const added = []
    for (const [family, mono] of families) {
      for (const face of faces) {
        if ((face.kind === 'mono') !== mono) continue
        let data = decoded.get(face.data)
        if (!data) {
          data = bytes(face.data)
          decoded.set(face.data, data)
        }
        // Bytes, not a URL: the deck's Content-Security-Policy and the browser jail stay as they are.
        const ff = new FontFace(family, data, { style: face.style, weight: face.weight, unicodeRange: face.unicodeRange })
        document.fonts.add(ff)
        added.push(ff.load())
      }
    }
    await Promise.all(added)
    await document.fonts.ready
    return [...families.keys()]
  }

  /**
   * Whether a CSS unicode-range (`U+0000-00FF,U+0131`) holds one of `codes`.
   * @param {string} range
   * @param {Set<number>} codes
   */
  function covers(range, codes) {
    const spans = range.split(',').map((r) => {
      const [lo, hi] = r.trim().replace(/^U\+/i, '').split('-')
      return [Number.parseInt(lo ?? '0', 16), Number.parseInt(hi ?? lo ?? '0', 16)]
    })
    for (const c of codes) for (const [lo, hi] of spans) if (c >= /** @type {number} */ (lo) && c <= /** @type {number} */ (hi)) return true
    return false
  }

  window.bblPptxFonts = { facesNeeded, useMetricFonts }
})()
