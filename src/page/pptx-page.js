// @ts-check
/** @typedef {import('./contract.js').MeasuredDeck} MeasuredDeck */
/** @typedef {import('./contract.js').MeasuredSlide} MeasuredSlide */
/** @typedef {import('./contract.js').SlideItem} SlideItem */
/** @typedef {import('./contract.js').TextRun} TextRun */
/** @typedef {import('./contract.js').TextItem} TextItem */
/** @typedef {import('./contract.js').Bullet} Bullet */
/** @typedef {import('./contract.js').ShotSpec} ShotSpec */
/** @typedef {import('./contract.js').Deco} Deco */
/** @typedef {{ x: number; y: number }} Origin */
/*
 * bbl pptx, the part that runs in the page (src/pptx/export.ts adds it to a
 * deck opened with ?print-pdf, once reveal.js has laid out every slide as a
 * page of its own, fragments shown): reads, slide by slide, what the browser
 * drew and where — each block of text with its runs' fonts, sizes and colours,
 * list markers and levels, pictures, filled boxes — for src/pptx/plan.ts to
 * redraw in PowerPoint. What PowerPoint cannot draw (SVG, math, iframes,
 * gradients) is listed as a screenshot for Node to take. Nothing is fitted
 * again: the boxes are the fitted deck's.
 */
;(() => {
  /** Picture files PowerPoint shows as they are; others (SVG, WebP...) become screenshots. */
  const PICTURE = /\.(jpe?g|png|gif)$/i
  /** Elements drawn as a picture of themselves. */
  const REPLACED = new Set(['svg', 'iframe', 'video', 'audio', 'canvas', 'object', 'embed', 'math'])
  const SKIP = new Set(['script', 'style', 'template', 'noscript', 'aside'])
  // What an element reads as: src/page/pptx-read.js, loaded first.
  const read = window.bblPptxRead
  if (!read) throw new Error('pptx-read.js must be loaded before pptx-page.js')
  const { colour, visible, blockish, pseudoText, run, altOf, bulletOf, roleOf, notesOf, shownLength, hangingNumber, flowsAround, backgroundAlt, push, trim } = read

  /** @type {Map<Element, number>} each print page's index */
  let pageIndex = new Map()
  /** @type {{ right: number; done: boolean } | undefined} the one-line block being read is cut with an ellipsis there */
  let clip

  /**
   * Where a link leads: the web or a mail address, or a slide of the deck (the
   * agenda's links to the talks: `#/slug` or `#id`, as reveal.js routes them).
   * Links to local files lead nowhere once the file is mailed: not kept.
   * @param {Element} el
   * @returns {{ link?: string; slide?: number }}
   */
  function linkOf(el) {
    const a = el.closest('a[href]')
    if (!a) return {}
    const href = a.getAttribute('href') ?? ''
    if (href.startsWith('#')) {
      const id = decodeURIComponent(href.startsWith('#/') ? (href.slice(2).split('/')[0] ?? '') : href.slice(1))
      const page = id ? document.getElementById(id)?.closest('.pdf-page') : null
      const n = page ? pageIndex.get(page) : undefined
      return n === undefined ? {} : { slide: n + 1 }
    }
    const url = /** @type {HTMLAnchorElement} */ (a).href
    return /^(https?|mailto):/i.test(url) ? { link: url } : {}
  }

  /**
   * The slide being measured: where its items go, its origin in the page, the
   * shots it asks for.
   * @typedef {{ items: SlideItem[]; origin: Origin; page: DOMRect; lang: string }} Slide
   */

  /** @type {ShotSpec[]} */
  let shots = []
  /** @type {Map<number, HTMLElement[]>} what a bare shot hides */
  let hides = new Map()
  /** @type {Map<string, number>} shots already asked for, by what they show */
  let shotKeys = new Map()

  /**
   * @param {Element} el
   * @param {boolean} bare
   * @param {'png' | 'jpeg'} format
   * @param {string} [key] the same key gives the same shot (every cover's gradient)
   * @param {HTMLElement[]} [hide]
   */
  function shotOf(el, bare, format, key, hide) {
    return shotAt(el.getBoundingClientRect(), bare, format, key, hide)
  }

  /**
   * A shot of what the page draws in `r` (see shotOf).
   * @param {DOMRect} r
   * @param {boolean} bare
   * @param {'png' | 'jpeg'} format
   * @param {string} [key]
   * @param {HTMLElement[]} [hide]
   */
  function shotAt(r, bare, format, key, hide) {
    if (key !== undefined && shotKeys.has(key)) return /** @type {number} */ (shotKeys.get(key))
    const id = shots.length
    shots.push({ id, clip: { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height }, bare, format, ...(key !== undefined ? { key } : {}) })
    if (hide) hides.set(id, hide)
    if (key !== undefined) shotKeys.set(key, id)
    return id
  }

  /**
   * @param {Slide} s
   * @param {DOMRect} r
   */
  const box = (s, r) => ({ x: r.left - s.origin.x, y: r.top - s.origin.y, w: r.width, h: r.height })

  /**
   * Filled boxes and border sides of a block, as rectangles behind its text.
   * A gradient or a picture as a block's background becomes a screenshot of
   * the block with its content hidden; covering the whole slide, the slide's background.
   * @param {Element} el
   * @param {CSSStyleDeclaration} cs
   * @param {Slide} s
   * @param {MeasuredSlide} slide
   */
  function paint(el, cs, s, slide) {
    const r = el.getBoundingClientRect()
    if (r.width < 0.5 || r.height < 0.5) return
    const whole = Math.abs(r.width - s.page.width) < 2 && Math.abs(r.height - s.page.height) < 2
    if (cs.backgroundImage !== 'none') {
      const key = `${cs.backgroundImage}|${cs.backgroundSize}|${cs.backgroundPosition}|${cs.backgroundColor}|${r.width}x${r.height}`
      const hide = /** @type {HTMLElement[]} */ ([...el.children])
      // JPEG: a gradient or a photo, with nothing sharp on it; PowerPoint keeps one copy per slide that shows it.
      const id = shotOf(el, true, 'jpeg', key, hide)
      if (whole) slide.background.shot = id
      else s.items.push({ kind: 'shot', shot: id, alt: backgroundAlt(cs), ...box(s, r) })
      return
    }
    const bg = colour(cs.backgroundColor)
    if (bg.alpha > 0.02) {
      if (whole) slide.background.color = bg.hex
      else s.items.push({ kind: 'shape', fill: bg.hex, alpha: 1 - bg.alpha, radius: Number.parseFloat(cs.borderTopLeftRadius) || 0, ...box(s, r) })
    }
    for (const side of /** @type {const} */ (['Top', 'Right', 'Bottom', 'Left'])) {
      const w = Number.parseFloat(cs.getPropertyValue(`border-${side.toLowerCase()}-width`))
      const style = cs.getPropertyValue(`border-${side.toLowerCase()}-style`)
      if (!(w > 0) || style === 'none' || style === 'hidden') continue
      const c = colour(cs.getPropertyValue(`border-${side.toLowerCase()}-color`))
      if (c.alpha < 0.02) continue
      const b = box(s, r)
      const edge = side === 'Top' ? { ...b, h: w } : side === 'Bottom' ? { ...b, y: b.y + b.h - w, h: w } : side === 'Left' ? { ...b, w } : { ...b, x: b.x + b.w - w, w }
      s.items.push({ kind: 'shape', fill: c.hex, alpha: 1 - c.alpha, radius: 0, ...edge })
    }
  }

  /**
   * A picture: its file as it is when PowerPoint can show it, else a screenshot.
   * @param {HTMLImageElement} img
   * @param {CSSStyleDeclaration} cs
   * @param {Slide} s
   */
  function picture(img, cs, s) {
    const r = img.getBoundingClientRect()
    if (r.width < 1 || r.height < 1) return
    const src = img.currentSrc || img.src
    const fit = cs.objectFit
    const file = /^(file:|data:image\/(png|jpe?g|gif))/i.test(src) && (src.startsWith('data:') || PICTURE.test(new URL(src).pathname))
    if (!file || !img.complete || img.naturalWidth === 0 || fit === 'cover' || fit === 'none') {
      s.items.push({ kind: 'shot', shot: shotOf(img, false, 'png'), alt: img.alt || altOf(img), ...box(s, r) })
      return
    }
    // object-fit: contain (photos): the picture is drawn centred in its content box.
    const pl = Number.parseFloat(cs.paddingLeft) + Number.parseFloat(cs.borderLeftWidth)
    const pt = Number.parseFloat(cs.paddingTop) + Number.parseFloat(cs.borderTopWidth)
    const cw = r.width - pl - Number.parseFloat(cs.paddingRight) - Number.parseFloat(cs.borderRightWidth)
    const ch = r.height - pt - Number.parseFloat(cs.paddingBottom) - Number.parseFloat(cs.borderBottomWidth)
    let w = cw
    let h = ch
    if (fit === 'contain' || fit === 'scale-down') {
      const k = Math.min(cw / img.naturalWidth, ch / img.naturalHeight, fit === 'scale-down' ? 1 : Number.POSITIVE_INFINITY)
      w = img.naturalWidth * k
      h = img.naturalHeight * k
    }
    const b = box(s, r)
    s.items.push({ kind: 'picture', src, alt: img.alt || altOf(img), x: b.x + pl + (cw - w) / 2, y: b.y + pt + (ch - h) / 2, w, h })
  }

  /**
   * A block's own text (not its block children's) as runs, in order; its
   * block children are returned to be measured on their own.
   * @param {Element} el
   * @param {Slide} s
   * @param {MeasuredSlide} slide
   * @param {Deco} deco
   * @param {TextRun[]} runs
   * @param {Element[]} blocks
   * @param {DOMRect[]} rects
   */
  function inline(el, s, slide, deco, runs, blocks, rects) {
    const cs = getComputedStyle(el)
    const before = pseudoText(getComputedStyle(el, '::before').content, el)
    if (before && visible(el)) push(runs, run(cs, before, deco, linkOf(el)))
    const pre = /^(pre|pre-wrap|pre-line|break-spaces)$/.test(cs.whiteSpace)
    for (const node of el.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        const data = /** @type {Text} */ (node).data
        if (!visible(el) || data === '') continue
        const range = document.createRange()
        range.selectNodeContents(node)
        for (const r of range.getClientRects()) if (r.width > 0 || r.height > 0) rects.push(r)
        if (pre) {
          const lines = data.split('\n')
          lines.forEach((line, i) => {
            const r = run(cs, line, deco, linkOf(el)) ?? (i < lines.length - 1 ? run(cs, ' ', deco) : undefined)
            if (r && i < lines.length - 1) r.br = true
            push(runs, r)
          })
        } else if (!clip?.done) {
          const n = clip ? shownLength(/** @type {Text} */ (node), clip.right) : data.length
          if (clip && n < data.length) clip.done = true
          push(runs, run(cs, data.slice(0, n).replace(/\s+/g, ' ') + (n < data.length ? '…' : ''), deco, linkOf(el)))
        }
        continue
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue
      const child = /** @type {Element} */ (node)
      const name = child.localName
      if (SKIP.has(name)) continue
      const ccs = getComputedStyle(child)
      if (ccs.display === 'none') continue
      if (name === 'br') {
        const last = runs[runs.length - 1]
        if (last) last.br = true
        continue
      }
      // An inline block (a number, a badge) is set apart by its box: keep a space there.
      const boxed = ccs.display === 'inline-block' || ccs.display === 'inline-flex'
      if (boxed) push(runs, run(cs, ' ', deco))
      if (name === 'img' || REPLACED.has(name) || blockish(ccs)) {
        if (blockish(ccs) && !REPLACED.has(name) && name !== 'img') blocks.push(child)
        else visit(child, s, slide)
        continue
      }
      const line = ccs.textDecorationLine
      inline(child, s, slide, {
        underline: deco.underline || line.includes('underline'),
        strike: deco.strike || line.includes('line-through'),
        sup: deco.sup || ccs.verticalAlign === 'super',
        sub: deco.sub || ccs.verticalAlign === 'sub',
      }, runs, blocks, rects)
      if (boxed) push(runs, run(cs, ' ', deco))
    }
    const after = pseudoText(getComputedStyle(el, '::after').content, el)
    if (after && visible(el)) push(runs, run(cs, after, deco, linkOf(el)))
  }

  /**
   * One element of a slide: its background, then its own text, then its blocks.
   * @param {Element} el
   * @param {Slide} s
   * @param {MeasuredSlide} slide
   */
  function visit(el, s, slide) {
    const name = el.localName
    if (SKIP.has(name) || el.matches('.slide-number, .slide-number-pdf, .speaker-notes-pdf')) return
    const cs = getComputedStyle(el)
    if (cs.display === 'none' || !visible(el)) {
      // Hidden, but what it holds may be shown (visibility: visible inside).
      if (cs.display !== 'none' && cs.visibility === 'hidden') for (const c of el.children) visit(c, s, slide)
      return
    }
    if (name === 'img') return picture(/** @type {HTMLImageElement} */ (el), cs, s)
    if (REPLACED.has(name)) {
      const r = el.getBoundingClientRect()
      if (r.width >= 1 && r.height >= 1) s.items.push({ kind: 'shot', shot: shotOf(el, false, 'png'), alt: altOf(el), ...box(s, r) })
      return
    }
    if (el.localName !== 'section' && blockish(cs) && flowsAround(el, cs, { skip: SKIP, replaced: REPLACED })) return flowShot(el, s)
    if (el.localName !== 'section' && blockish(cs)) paint(el, cs, s, slide)
    /** @type {TextRun[]} */
    const runs = []
    /** @type {Element[]} */
    const blocks = []
    /** @type {DOMRect[]} */
    const rects = []
    // What an ellipsis cuts is not shown: the PowerPoint text stops where the ellipsis begins.
    const outer = clip
    const cut = cs.textOverflow === 'ellipsis' && cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1
    clip = cut ? { right: el.getBoundingClientRect().right - Number.parseFloat(cs.paddingRight) - Number.parseFloat(cs.fontSize), done: false } : undefined
    inline(el, s, slide, { underline: false, strike: false, sup: false, sub: false }, runs, blocks, rects)
    clip = outer
    const text = trim(runs)
    // Text only a pseudo-element draws (an admonition's label) has no text node to measure: the block's box is its line.
    if (rects.length === 0 && text.some((r) => r.text.trim() !== '')) rects.push(el.getBoundingClientRect())
    if (text.some((r) => r.text.trim() !== '') && rects.length > 0) s.items.push(textItem(el, cs, text, rects, s))
    for (const b of blocks) visit(b, s, slide)
  }

  /**
   * A block's text item: across the block's content box, from its first line's
   * top to its last line's bottom (line boxes, not glyph boxes).
   * @param {Element} el
   * @param {CSSStyleDeclaration} cs
   * @param {TextRun[]} runs
   * @param {DOMRect[]} rects
   * @param {Slide} s
   * @returns {TextItem}
   */
  function textItem(el, cs, runs, rects, s) {
    const r = el.getBoundingClientRect()
    const left = r.left + Number.parseFloat(cs.borderLeftWidth) + Number.parseFloat(cs.paddingLeft)
    const right = r.right - Number.parseFloat(cs.borderRightWidth) - Number.parseFloat(cs.paddingRight)
    const size = Number.parseFloat(cs.fontSize)
    const lineHeight = cs.lineHeight === 'normal' ? size * 1.2 : Number.parseFloat(cs.lineHeight)
    const top = Math.min(...rects.map((x) => x.top))
    const bottom = Math.max(...rects.map((x) => x.bottom))
    const glyphs = rects[0]?.height ?? size
    const half = Math.max(0, (lineHeight - glyphs) / 2)
    const align = cs.textAlign
    const rtl = cs.direction === 'rtl'
    const bullet = bulletOf(el, /** @type {Element} */ (el.closest('section'))) ?? hangingNumber(cs, runs)
    return {
      kind: 'text',
      role: roleOf(el),
      runs,
      align: align === 'center' ? 'center' : align === 'justify' ? 'justify' : align === 'right' || (align === 'end' && !rtl) || (align === 'start' && rtl) ? 'right' : 'left',
      lineHeight,
      rtl,
      ...(bullet ? { bullet } : {}),
      lang: el.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang,
      x: left - s.origin.x,
      y: top - half - s.origin.y,
      w: Math.max(1, right - left),
      h: bottom - top + 2 * half,
    }
  }

  /**
   * Such a block as a picture of itself (its text as the alternate text), with
   * its list marker when it starts a list item: it then looks as in the deck.
   * @param {Element} el
   * @param {Slide} s
   */
  function flowShot(el, s) {
    // Floats reach past their block (a paragraph of only a float is 0 px tall): the picture holds them too.
    const rects = [el, ...el.querySelectorAll('*')].filter((e) => e === el || getComputedStyle(e).float !== 'none').map((e) => e.getBoundingClientRect())
    const list = bulletOf(el, /** @type {Element} */ (el.closest('section'))) ? el.closest('li')?.parentElement : null
    if (list) rects.push(new DOMRect(list.getBoundingClientRect().left, rects[0]?.top ?? 0, 0, 0))
    const left = Math.min(...rects.map((r) => r.left))
    const top = Math.min(...rects.map((r) => r.top))
    const rect = new DOMRect(left, top, Math.max(...rects.map((r) => r.right)) - left, Math.max(...rects.map((r) => r.bottom)) - top)
    if (rect.width >= 1 && rect.height >= 1) s.items.push({ kind: 'shot', shot: shotAt(rect, false, 'png'), alt: altOf(el), ...box(s, rect) })
  }

  /** @returns {MeasuredDeck} */
  function measure() {
    shots = []
    hides = new Map()
    shotKeys = new Map()
    const pages = [...document.querySelectorAll('.reveal .slides .pdf-page')]
    pageIndex = new Map(pages.map((p, i) => [p, i]))
    const bodyBg = colour(getComputedStyle(document.body).backgroundColor)
    /** @type {MeasuredSlide[]} */
    const slides = pages.map((pageEl) => {
      const page = pageEl.getBoundingClientRect()
      const section = pageEl.querySelector(':scope > section')
      const pageBg = colour(getComputedStyle(pageEl).backgroundColor)
      /** @type {MeasuredSlide} */
      const slide = { background: { color: pageBg.alpha > 0 ? pageBg.hex : bodyBg.alpha > 0 ? bodyBg.hex : 'FFFFFF' }, items: [], notes: [] }
      const backdrop = pageEl.querySelector(':scope > .slide-background')
      if (backdrop) {
        const bcs = getComputedStyle(backdrop)
        const c = colour(bcs.backgroundColor)
        if (c.alpha > 0.5) slide.background.color = c.hex
        const content = backdrop.querySelector('.slide-background-content')
        const ccs = content ? getComputedStyle(content) : undefined
        const drawn = (ccs && ccs.backgroundImage !== 'none') || backdrop.querySelector('video, iframe, img')
        if (drawn && section instanceof HTMLElement) {
          const key = `page|${ccs?.backgroundImage}|${ccs?.backgroundSize}|${ccs?.backgroundPosition}|${bcs.backgroundColor}`
          slide.background.shot = shotOf(pageEl, true, 'jpeg', key, [section])
        }
      }
      if (!section) return slide
      const s = { items: slide.items, origin: { x: page.left, y: page.top }, page, lang: document.documentElement.lang }
      visit(section, s, slide)
      slide.notes = notesOf(section)
      return slide
    })
    // The configured size: reveal.js makes each print page a pixel shorter than the slide.
    const config = window.Reveal?.getConfig()
    const width = Number(config?.width) || 1280
    const height = Number(config?.height) || 720
    return { width, height, lang: document.documentElement.lang || 'en', slides, shots }
  }

  /**
   * @param {number} id
   * @param {boolean} on
   */
  function bare(id, on) {
    for (const el of hides.get(id) ?? []) el.style.visibility = on ? 'hidden' : ''
  }

  window.bblPptx = { measure, bare }
})()
