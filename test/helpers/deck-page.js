// @ts-check
/*
 * The in-page half of test/helpers/deck.ts: measures the slides of an open
 * reveal.js deck. Plain JS, injected as is (a transpiler's helpers would not
 * exist in the page).
 */
;(() => {
  /** @typedef {{left: number, top: number, right: number, bottom: number}} R */

  /** @param {R} a @param {R} b @returns {R} */
  const intersect = (a, b) => ({
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  })

  /** @param {Element} el */
  const describe = (el) => {
    const cls = [...el.classList].slice(0, 2).map((c) => `.${c}`).join('')
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60)
    return `<${el.tagName.toLowerCase()}${cls}> "${text}"`
  }

  /**
   * What the overflow:hidden/clip ancestors between `from` (inclusive) and the
   * slide let show, or null when nothing clips.
   * @param {Element | null} from @param {Element} slide @returns {R | null}
   */
  const clipOf = (from, slide) => {
    /** @type {R | null} */
    let clip = null
    for (let n = from; n && n !== slide; n = n.parentElement) {
      const cs = getComputedStyle(n)
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
        const r = n.getBoundingClientRect()
        clip = clip ? intersect(clip, r) : r
      }
    }
    return clip
  }

  /**
   * A computed colour as [r, g, b, a] (0-255, alpha 0-1): "rgb()", "rgba()" and
   * the "color(srgb …)" that color-mix() computes to.
   * @param {string} c @returns {number[] | null}
   */
  const parseColor = (c) => {
    let m = /^rgba?\(([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?\)$/.exec(c)
    if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]]
    m = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/.exec(c)
    if (m) return [+m[1] * 255, +m[2] * 255, +m[3] * 255, m[4] === undefined ? 1 : +m[4]]
    return null
  }
  /** @param {number[]} top @param {number[]} under */
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1)
  /** @param {number[]} c */
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const x = v / 255
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  /**
   * The colour behind `el`: background colours of it and its ancestors, composited; white under all.
   * A slide's own background (`data-background-color`) is drawn by reveal.js in a layer of its own
   * (.backgrounds .slide-background), not on the section: it counts right under the section.
   */
  const backdrop = (/** @type {Element} */ el) => {
    /** @type {number[][]} */ const layers = []
    /** Adds `e`'s background colour; true when it is opaque (nothing under it shows). @param {Element} e */
    const opaque = (e) => {
      const bg = parseColor(getComputedStyle(e).backgroundColor)
      if (bg && bg[3] > 0) layers.push(bg)
      return !!bg && bg[3] >= 1
    }
    /** @type {{ getSlideBackground?: (s: Element) => Element | undefined } | undefined} */
    const reveal = /** @type {any} */ (window).Reveal
    for (let n = /** @type {Element | null} */ (el); n; n = n.parentElement) {
      if (opaque(n)) break
      const own = n.matches('.reveal .slides section') ? reveal?.getSlideBackground?.(n) : undefined
      if (own && opaque(own)) break
    }
    return layers.reduceRight((under, top) => over(top, under), [255, 255, 255, 1])
  }
  /** WCAG contrast ratio of `el`'s text colour against what is behind it. */
  const contrastOf = (/** @type {Element} */ el) => {
    const fg = parseColor(getComputedStyle(el).color)
    if (!fg) return 21
    const bg = backdrop(el)
    const [a, b] = [luminance(over(fg, bg)), luminance(bg)]
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
  }

  /**
   * A picture whose box has other proportions than the picture and that fills the box
   * anyway (object-fit: fill, the default): squashed or stretched.
   * @param {HTMLImageElement} img
   */
  function distorted(img) {
    const r = img.getBoundingClientRect()
    const fit = getComputedStyle(img).objectFit
    if (r.width < 8 || r.height < 8 || img.naturalHeight === 0 || (fit && fit !== 'fill')) return ''
    const ratio = r.width / r.height / (img.naturalWidth / img.naturalHeight)
    return Math.abs(ratio - 1) > 0.03 ? `${Math.round(r.width)}×${Math.round(r.height)} for ${img.naturalWidth}×${img.naturalHeight}` : ''
  }

  /**
   * Measure the slide `section` shows now (it must be the current slide).
   * Boxes are compared in page px and reported in slide px (divided by the
   * scale reveal.js applies to fit the window).
   * @param {HTMLElement} section @param {number} minLine @param {number} tol
   */
  function measureOne(section, minLine, tol, minContrast) {
    /** @type {string[]} */ const overflow = []
    /** @type {string[]} */ const small = []
    /** @type {string[]} */ const broken = []
    /** @type {string[]} */ const overlap = []
    /** @type {string[]} */ const faint = []
    const slide = /** @type {HTMLElement | null} */ (section.querySelector(':scope > .bbl-slide'))
    if (!slide) return { title: '(no .bbl-slide)', overflow: ['the section has no .bbl-slide box'], small, broken, overlap, faint, tex: [], short: [], text: section.innerText }
    const box = slide.getBoundingClientRect()
    const scale = box.width / slide.offsetWidth
    /** @param {R} r */
    const outBy = (r) => Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom, 0) / scale
    /** @param {R} r @param {R | null} clip @param {() => string} what */
    const check = (r, clip, what) => {
      const vis = clip ? intersect(r, clip) : r
      if (vis.right - vis.left <= 0 || vis.bottom - vis.top <= 0) return
      const by = outBy(vis)
      if (by > tol) overflow.push(`${what()} leaves the slide by ${by.toFixed(1)} px`)
    }
    for (const el of slide.querySelectorAll('*')) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 && r.height === 0) continue
      check(r, clipOf(el.parentElement, slide), () => describe(el))
    }
    /** @type {Array<{node: Node, owner: Element, img: boolean, r: R, what: string}>} */
    const boxes = []
    for (const img of slide.querySelectorAll('img')) {
      const r = img.getBoundingClientRect()
      if (r.width > 0 && r.height > 0) boxes.push({ node: img, owner: img, img: true, r, what: `image ${img.getAttribute('src')}` })
    }
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT)
    const range = document.createRange()
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const content = (t.textContent ?? '').trim()
      if (!content) continue
      const el = /** @type {HTMLElement} */ (t.parentElement)
      range.selectNodeContents(t)
      const rects = [...range.getClientRects()]
      if (rects.length === 0) continue
      const clip = clipOf(el, slide)
      // Text not shown yet (a hidden fragment, such as the next step of a highlighted listing,
      // laid over the current one by design) cannot be drawn over anything.
      const shown = getComputedStyle(el).visibility !== 'hidden'
      for (const r of rects) {
        check(r, clip, () => `text "${content.slice(0, 60)}" in ${describe(el)}`)
        const vis = clip ? intersect(r, clip) : r
        if (shown && vis.right - vis.left > 0 && vis.bottom - vis.top > 0) boxes.push({ node: t, owner: el, img: false, r: vis, what: `text "${content.slice(0, 30)}"` })
      }
      // The line box this text sits in, in slide px: line-height (font-size × 1.2
      // when "normal") times any scaling inside the slide (transforms on the way up).
      const cs = getComputedStyle(el)
      const fontSize = parseFloat(cs.fontSize)
      const lineHeight = cs.lineHeight === 'normal' ? fontSize * 1.2 : parseFloat(cs.lineHeight)
      /** @type {HTMLElement | null} */
      let sized = el
      while (sized && !(sized.offsetWidth > 0)) sized = sized.parentElement
      const local = sized ? sized.getBoundingClientRect().width / sized.offsetWidth / scale : 1
      const lineBox = lineHeight * local
      if (lineBox < minLine - 0.01) {
        small.push(`text "${content.slice(0, 40)}" in ${describe(el)}: line box ${lineBox.toFixed(1)} px (font ${(fontSize * local).toFixed(1)} px)`)
      }
      // Hidden fragments are not "faint": they are not shown yet.
      if (cs.visibility !== 'hidden' && Number(cs.opacity) > 0 && !el.closest('.fragment')) {
        const ratio = contrastOf(el)
        if (ratio < minContrast) faint.push(`text "${content.slice(0, 40)}" in ${describe(el)}: contrast ${ratio.toFixed(2)}:1 (${cs.color} on ${backdrop(el).map((v) => Math.round(v)).slice(0, 3).join(',')})`)
      }
    }
    // Text drawn over other text (or over a picture) is unreadable even inside the box.
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]
        const b = boxes[j]
        if (a.node === b.node || (a.img && b.img)) continue
        const ox = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left)
        const oy = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top)
        const minH = Math.min(a.r.bottom - a.r.top, b.r.bottom - b.r.top)
        if (ox > 2 * scale && oy > 0.5 * minH) {
          overlap.push(`${a.what} overlaps ${b.what} (${(ox / scale).toFixed(0)}×${(oy / scale).toFixed(0)} px)`)
        }
      }
    }
    for (const img of slide.querySelectorAll('img')) {
      if (!img.complete || img.naturalWidth === 0) broken.push(img.getAttribute('src') ?? '(no src)')
      else if (distorted(img)) broken.push(`${img.getAttribute('src')} drawn out of proportion: ${distorted(img)}`)
    }
    const heading = ['.bbl-title-text', '.bbl-cover-title', '.bbl-kicker'].map((q) => slide.querySelector(q)).find(Boolean)
    const title = heading?.textContent?.trim().slice(0, 80) ?? ''
    return { title, overflow, small, broken, overlap, faint, tex: rawTex(slide), short: widows(slide, scale), text: slide.innerText }
  }

  /**
   * Paragraphs carried over from the slide before with fewer than three lines:
   * a part that short is avoidable (the cut moves back, or the paragraph starts
   * on the next slide whole).
   * @param {HTMLElement} slide @param {number} scale
   */
  function widows(slide, scale) {
    return [...slide.querySelectorAll('.bbl-body .paragraph.bbl-cont-block > p')].flatMap((p) => {
      const lines = Math.round(p.getBoundingClientRect().height / scale / (Number.parseFloat(getComputedStyle(p).lineHeight) || 1))
      return lines < 3 ? [`a paragraph carried over with ${lines} line(s): "${(p.textContent ?? '').trim().slice(0, 50)}"`] : []
    })
  }

  /**
   * Math left as TeX for a script (issue 7): text with `\(`, `\[` or `\$` outside code,
   * where an author may show them on purpose.
   * @param {HTMLElement} slide
   */
  function rawTex(slide) {
    /** @type {string[]} */ const found = []
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT)
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const text = t.textContent ?? ''
      if (/\\[([$]/.test(text) && !t.parentElement?.closest('pre, code, kbd')) found.push(`"${text.trim().slice(0, 60)}"`)
    }
    return found
  }

  /**
   * Show every slide in turn (no transition) and measure it.
   * @param {number} minLine @param {number} tol @param {number} minContrast
   */
  function measureAll(minLine, tol, minContrast) {
    const Reveal = /** @type {any} */ (window).Reveal
    Reveal.configure({ transition: 'none', backgroundTransition: 'none' })
    const out = []
    for (const section of /** @type {HTMLElement[]} */ (Reveal.getSlides())) {
      const { h, v } = Reveal.getIndices(section)
      Reveal.slide(h, v ?? 0)
      out.push({ h, v: v ?? 0, ...measureOne(section, minLine, tol, minContrast) })
    }
    Reveal.slide(0, 0)
    return out
  }

  /** Where the deck is, and the text of its current slide; undefined until reveal.js is ready. */
  function state() {
    const Reveal = /** @type {any} */ (window).Reveal
    if (!Reveal?.isReady?.()) return undefined
    const { h, v } = Reveal.getIndices()
    const slide = /** @type {HTMLElement | null} */ (Reveal.getCurrentSlide()?.querySelector('.bbl-slide'))
    return { h, v: v ?? 0, text: slide?.innerText ?? '' }
  }

  /** Fonts loaded and every image loaded or failed. */
  async function loaded() {
    await document.fonts.ready
    await Promise.all(
      [...document.images].map((img) =>
        img.complete
          ? undefined
          : new Promise((resolve) => {
              img.addEventListener('load', resolve, { once: true })
              img.addEventListener('error', resolve, { once: true })
            }),
      ),
    )
  }

  /** Indices of every slide, in order. */
  function slides() {
    const Reveal = /** @type {any} */ (window).Reveal
    return Reveal.getSlides().map((/** @type {Element} */ s) => {
      const { h, v } = Reveal.getIndices(s)
      return { h, v: v ?? 0 }
    })
  }

  /** @type {any} */ (window).bblTest = { measureAll, state, loaded, slides }
})()
