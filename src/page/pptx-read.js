// @ts-check
/*
 * bbl pptx, what pptx-page.js reads of an element, loaded before it: colours as
 * the browser paints them, fonts, text runs, list markers and levels, roles,
 * alt text, speaker notes. Exposed as `window.bblPptxRead`.
 */
;(() => {
  const ctx2d = /** @type {CanvasRenderingContext2D} */ (document.createElement('canvas').getContext('2d', { willReadFrequently: true }))
  /** @type {Map<string, { hex: string; alpha: number }>} */
  const colours = new Map()
  /**
   * Any CSS colour (rgb(), color(srgb …), oklch() from color-mix…) as RRGGBB and
   * opacity, the way the browser paints it: through a 1-pixel canvas.
   * @param {string} css
   */
  function colour(css) {
    let c = colours.get(css)
    if (!c) {
      ctx2d.clearRect(0, 0, 1, 1)
      ctx2d.fillStyle = '#000'
      ctx2d.fillStyle = css
      ctx2d.fillRect(0, 0, 1, 1)
      const [r, g, b, a] = ctx2d.getImageData(0, 0, 1, 1).data
      const hex = [r, g, b].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('').toUpperCase()
      c = { hex, alpha: (a ?? 0) / 255 }
      colours.set(css, c)
    }
    return c
  }

  /** @type {WeakMap<Element, boolean>} */
  const seen = new WeakMap()
  /** @param {Element} el */
  function visible(el) {
    let v = seen.get(el)
    if (v === undefined) {
      v = el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
      seen.set(el, v)
    }
    return v
  }

  /** @param {CSSStyleDeclaration} cs */
  const blockish = (cs) => !cs.display.startsWith('inline') && cs.display !== 'contents' && cs.display !== 'none'

  /** @param {string} stack */
  function family(stack) {
    const names = stack.split(',').map((f) => f.trim().replace(/^["']|["']$/g, ''))
    return { font: names[0] || 'Arial', mono: names.includes('monospace') || /mono|courier|consolas/i.test(names[0] ?? '') }
  }

  /**
   * The text a pseudo-element's computed `content` shows: its strings and the
   * attributes it takes with `attr()` (bbl.css labels an admonition's icon
   * with its title, NOTE, TIP, WARNING, that way); '' for anything else.
   * @param {string} content
   * @param {Element} [el] the element whose attributes `attr()` reads
   */
  function pseudoText(content, el) {
    const parts = [...content.matchAll(/\s*(?:"((?:[^"\\]|\\.)*)"|attr\(\s*([\w-]+)\s*\))/gy)]
    if (parts.length === 0 || parts.reduce((n, m) => n + m[0].length, 0) !== content.length) return ''
    return parts.map((m) => (m[2] !== undefined ? (el?.getAttribute(m[2]) ?? '') : (m[1] ?? '').replace(/\\(.)/g, '$1'))).join('')
  }

  /**
   * @param {CSSStyleDeclaration} cs
   * @param {string} text
   * @param {import('./contract.js').Deco} deco
   * @param {{ link?: string; slide?: number }} [target] where a link leads
   * @returns {import('./contract.js').TextRun | undefined}
   */
  function run(cs, text, deco, target) {
    const c = colour(cs.color)
    if (c.alpha < 0.05 || text === '') return undefined
    const f = family(cs.fontFamily)
    const spacing = Number.parseFloat(cs.letterSpacing)
    return {
      text: transformed(text, cs.textTransform),
      font: f.font,
      mono: f.mono,
      size: Number.parseFloat(cs.fontSize),
      color: c.hex,
      bold: Number.parseInt(cs.fontWeight, 10) >= 600,
      italic: cs.fontStyle !== 'normal',
      ...(spacing ? { spacing } : {}),
      ...deco,
      ...target,
    }
  }

  /**
   * Text as CSS shows it (text-transform): PowerPoint's caps are a run property
   * LibreOffice and Google Slides read unevenly, so the letters themselves change.
   * @param {string} text
   * @param {string} transform
   */
  function transformed(text, transform) {
    if (transform === 'uppercase') return text.toUpperCase()
    if (transform === 'lowercase') return text.toLowerCase()
    if (transform === 'capitalize') return text.replace(/(^|\s)(\p{L})/gu, (_, a, b) => a + b.toUpperCase())
    return text
  }

  /**
   * A number hanging left of its block (text-indent < 0: the agenda's "1."),
   * taken out of the runs as a PowerPoint number, whose hanging indent
   * PowerPoint keeps; inline, it would push every line of the block.
   * @param {CSSStyleDeclaration} cs
   * @param {import('./contract.js').TextRun[]} runs
   * @returns {import('./contract.js').Bullet | undefined}
   */
  function hangingNumber(cs, runs) {
    const m = /^(\d+)[.)]$/.exec(runs[0]?.text ?? '')
    if (!m || !(Number.parseFloat(cs.textIndent) < 0) || runs.length < 2) return undefined
    runs.shift()
    while (runs[0] && runs[0].text.trim() === '' && !runs[0].br) runs.shift()
    if (runs[0]) runs[0].text = runs[0].text.replace(/^\s+/, '')
    return { type: 'number', level: 0, n: Number(m[1]), style: 'decimal' }
  }

  /**
   * How many characters of a text node the reader sees left of `right` (a
   * one-line block cut with an ellipsis: text-overflow).
   * @param {Text} node
   * @param {number} right
   */
  function shownLength(node, right) {
    const range = document.createRange()
    let lo = 0
    let hi = node.data.length
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2)
      range.setStart(node, 0)
      range.setEnd(node, mid)
      if (range.getBoundingClientRect().right <= right + 0.5) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /**
   * What a replaced element says, for the alt text of its picture.
   * @param {Element} el
   */
  function altOf(el) {
    const label = el.getAttribute('aria-label') || el.getAttribute('title') || el.querySelector('title')?.textContent || ''
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim()
    const src = el.getAttribute('src') ?? ''
    return label || text || src.split('/').pop() || el.localName
  }

  /**
   * The list marker of a block that starts a list item.
   * @param {Element} el
   * @param {Element} section
   * @returns {import('./contract.js').Bullet | undefined}
   */
  function bulletOf(el, section) {
    const li = el.closest('li')
    if (!li || !section.contains(li)) return undefined
    // The block is the item's own text: the item itself, or its first block.
    let first = /** @type {Element | null} */ (el)
    while (first && first !== li) {
      if (first.parentElement?.firstElementChild !== first) return undefined
      first = first.parentElement
    }
    const cs = getComputedStyle(li)
    if (cs.display !== 'list-item' || cs.listStyleType === 'none') return undefined
    let level = -1
    for (let p = li.parentElement; p && p !== section; p = p.parentElement) if (p.localName === 'ul' || p.localName === 'ol') level++
    level = Math.max(0, level)
    const type = cs.listStyleType
    if (type === 'disc' || type === 'circle' || type === 'square') return { type: 'char', level, char: type === 'disc' ? '•' : type === 'circle' ? '◦' : '▪' }
    if (type === 'decimal' || type === 'lower-alpha' || type === 'upper-alpha' || type === 'lower-roman' || type === 'upper-roman' || type === 'lower-latin' || type === 'upper-latin') {
      const list = li.parentElement
      const items = list ? [...list.children].filter((c) => c.localName === 'li') : [li]
      const ol = list?.localName === 'ol' ? /** @type {HTMLOListElement} */ (list) : undefined
      const i = items.indexOf(li)
      const n = ol?.reversed ? (ol.start || items.length) - i : (ol?.start ?? 1) + i
      const style = type === 'lower-latin' ? 'lower-alpha' : type === 'upper-latin' ? 'upper-alpha' : type
      return { type: 'number', level, n, style }
    }
    const custom = pseudoText(type)
    return { type: 'char', level, char: custom.trim() || '•' }
  }

  /**
   * @param {Element} el
   * @returns {import('./contract.js').TextItem['role']}
   */
  function roleOf(el) {
    if (el.closest('pre')) return 'code'
    if (el.closest('td, th')) return 'cell'
    if (el.closest('li')) return 'item'
    if (el.matches('h1, h2, h3, h4, h5, h6, .bbl-title, .bbl-cover-title') || el.closest('h1, h2, h3, h4, h5, h6')) return 'title'
    if (el.matches('figcaption, .title, .bbl-caption, caption') || el.closest('figcaption')) return 'caption'
    return 'paragraph'
  }

  /**
   * Speaker notes as lines: paragraphs, list items (• and indented by level), listings' lines.
   * @param {Element} section
   */
  function notesOf(section) {
    /** @type {string[]} */
    const out = []
    /**
     * @param {Element} el
     * @param {number} depth
     */
    const walk = (el, depth) => {
      for (const c of el.children) {
        if (c.localName === 'ul' || c.localName === 'ol') {
          ;[...c.children].forEach((li, i) => {
            const own = [...li.childNodes].filter((n) => !(n instanceof Element && /^(ul|ol|div)$/.test(n.localName) && !n.matches('.paragraph')))
            const text = own.map((n) => n.textContent ?? '').join(' ').replace(/\s+/g, ' ').trim()
            const mark = c.localName === 'ol' ? `${i + 1}.` : '•'
            if (text) out.push(`${'  '.repeat(depth)}${mark} ${text}`)
            walk(li, depth + 1)
          })
        } else if (c.matches('p, pre, h1, h2, h3, h4, h5, h6, dt, dd, td, th, .title, blockquote > :not(div)')) {
          const text = c.localName === 'pre' ? (c.textContent ?? '').replace(/\s+$/, '') : (c.textContent ?? '').replace(/\s+/g, ' ').trim()
          if (text) out.push(...text.split('\n'))
        } else {
          walk(c, depth)
        }
      }
    }
    for (const aside of section.querySelectorAll('aside.notes')) walk(aside, 0)
    return out
  }

  /**
   * Whether a block's own lines flow around something a PowerPoint text box
   * cannot hold: a float (the text wraps beside it), or an inline box or picture
   * taller than one and a half lines (its line is taller than the others). A text
   * box would run its text under it, with even lines.
   * @param {Element} el
   * @param {CSSStyleDeclaration} cs
   * @param {{ skip: Set<string>; replaced: Set<string> }} kinds elements not drawn, and those drawn as pictures
   */
  function flowsAround(el, cs, kinds) {
    const box = el.getBoundingClientRect()
    const scale = /** @type {HTMLElement} */ (el).offsetWidth ? box.width / /** @type {HTMLElement} */ (el).offsetWidth : 1
    const size = Number.parseFloat(cs.fontSize)
    const tall = 1.5 * (cs.lineHeight === 'normal' ? size * 1.2 : Number.parseFloat(cs.lineHeight)) * scale
    /** @param {Element} node @returns {boolean} */
    const within = (node) =>
      [...node.children].some((c) => {
        const ccs = getComputedStyle(c)
        if (ccs.display === 'none' || kinds.skip.has(c.localName)) return false
        if (ccs.float !== 'none') return true
        if (blockish(ccs)) return false
        const boxed = /^inline-/.test(ccs.display) || c.localName === 'img' || kinds.replaced.has(c.localName)
        return (boxed && c.getBoundingClientRect().height > tall) || (!boxed && within(c))
      })
    return within(el)
  }

  /**
   * What a block's background picture says in PowerPoint's alternate text: the
   * file's name, or that it is a background (a gradient says nothing more).
   * @param {CSSStyleDeclaration} cs
   */
  function backgroundAlt(cs) {
    const name = (/url\(["']?([^"')]+)/.exec(cs.backgroundImage)?.[1] ?? '').split(/[?#]/)[0]?.split('/').pop() ?? ''
    try {
      return decodeURIComponent(name) || 'background'
    } catch {
      return name
    }
  }

  /**
   * Adds a run to a block's runs, white space collapsed across elements.
   * @param {import('./contract.js').TextRun[]} runs
   * @param {import('./contract.js').TextRun | undefined} r
   */
  function push(runs, r) {
    if (!r) return
    const last = runs[runs.length - 1]
    // Collapsed white space across elements: one space between words.
    if (last && !last.br && last.text.endsWith(' ') && r.text.startsWith(' ')) r.text = r.text.slice(1)
    if (r.text !== '' || r.br) runs.push(r)
  }

  /**
   * A block's runs without the spaces at their ends.
   * @param {import('./contract.js').TextRun[]} runs
   */
  function trim(runs) {
    const first = runs[0]
    if (first) first.text = first.text.replace(/^ +/, '')
    const last = runs[runs.length - 1]
    if (last && !last.br) last.text = last.text.replace(/ +$/, '')
    return runs.filter((r) => r.text !== '' || r.br)
  }

  /** @type {import('./contract.js').PptxReadApi} */
  const api = { colour, visible, blockish, family, pseudoText, run, altOf, bulletOf, roleOf, notesOf, shownLength, hangingNumber, flowsAround, backgroundAlt, push, trim }
  window.bblPptxRead = api
})()
