// @ts-check
/** @typedef {import('./contract.js').SlideMark} SlideMark */
/** @typedef {import('./contract.js').Measures} Measures */
/*
 * bbl PDF export, the part that runs in the page (src/pdf/slides.ts and
 * src/pdf/handout/print.ts add it with page.addScriptTag). Plain DOM work: wait
 * until a deck is ready to print, fix its links for paper, and measure and
 * show the handout's pages. Kept as a file of its own so that what runs in
 * the browser is exactly this text, whatever compiles the TypeScript.
 */
;(() => {
  /** @param {Element | null | undefined} el */
  const text = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim()

  /**
   * Fonts and pictures loaded: what a print must not start without. Loaded,
   * not decoded: Chrome puts JPEG files in the PDF as they are, and decoding
   * them here would only cost time.
   */
  async function settle() {
    void document.body.offsetHeight
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

  /**
   * A deck opened with ?print-pdf: wait for reveal.js's print layout (it adds
   * the .pdf-page boxes and sends `pdf-ready` in the same task), then say what
   * each page holds, for the outline.
   * @returns {Promise<SlideMark[]>}
   */
  async function deckReady() {
    const reveal = window.Reveal
    if (!reveal) throw new Error('reveal.js did not load')
    await new Promise((resolve) => {
      if (document.querySelector('.reveal .slides .pdf-page')) resolve(undefined)
      else reveal.on('pdf-ready', () => resolve(undefined))
    })
    await settle()
    showToReaders()
    return [...document.querySelectorAll('.reveal .slides .pdf-page')].map((p) => {
      const s = p.querySelector('section')
      const title = s?.querySelector('.bbl-title-text')
      let label = text(s?.querySelector('.bbl-cover-title')) || (title ? `${text(title)} ${text(s?.querySelector('.bbl-count'))}`.trim() : '')
      if (!label && s) {
        // A photo slide: its kicker says "talk · part", its caption what the picture is.
        const where = text(s.querySelector('.bbl-kicker')).split(' · ').pop() ?? ''
        label = [where, text(s.querySelector('figcaption'))].filter(Boolean).join(' — ') || text(s).slice(0, 60)
      }
      return { id: s?.classList.contains('bbl-mark') ? s.id : '', label }
    })
  }

  /**
   * Every slide of the print layout is on paper, but reveal.js still marks all
   * but the current one as hidden from assistive technology (aria-hidden,
   * hidden, inert), as it does on screen. Chrome tags the PDF from the
   * accessibility tree, so those slides would lose their headings, lists and
   * figures (the PDF's structure tree would be a few hundred NonStruct).
   */
  function showToReaders() {
    for (const s of document.querySelectorAll('.reveal .slides section')) {
      for (const a of ['aria-hidden', 'hidden', 'inert']) s.removeAttribute(a)
    }
  }

  /**
   * Links must work away from the deck: reveal.js routes (#/slug) become
   * anchors Chrome turns into links inside the PDF (to prefix + slug, when it
   * exists), and links to local files lose their target (a PDF link into the
   * build's temporary folder would lead nowhere).
   * @param {string} prefix
   */
  function fixLinks(prefix) {
    for (const a of document.querySelectorAll('a[href]')) {
      const href = a.getAttribute('href') ?? ''
      if (href.startsWith('#')) {
        const id = href.startsWith('#/') ? prefix + href.slice(2).split('/')[0] : href.slice(1)
        if (id && document.getElementById(decodeURIComponent(id))) a.setAttribute('href', `#${id}`)
        else a.removeAttribute('href')
      } else if (isFile(href)) {
        a.removeAttribute('href')
      }
    }
  }

  /**
   * Whether a link leads to a local file, read from its attribute: an SVG <a> (a formula's
   * \href, a passthrough's inline SVG) has no string `href` property, an HTML one does.
   * @param {string} href
   */
  function isFile(href) {
    try {
      return new URL(href, document.baseURI).protocol === 'file:'
    } catch {
      return false
    }
  }

  /**
   * One piece of notes per top-level block; a list gives one piece per item
   * (numbering kept), so that long notes can go on over a page break.
   * @param {Element} el
   * @param {string[]} out
   */
  function cut(el, out) {
    const list = el.matches('.ulist, .olist') ? el.querySelector(':scope > ul, :scope > ol') : null
    if (!list || list.children.length < 2) {
      out.push(el.outerHTML)
      return
    }
    const start = Number(list.getAttribute('start') ?? '1')
    ;[...list.children].forEach((li, i) => {
      const wrap = /** @type {Element} */ (el.cloneNode(false))
      wrap.classList.add('h-part')
      if (i === 0) for (const t of el.querySelectorAll(':scope > .title')) wrap.appendChild(t.cloneNode(true))
      const part = /** @type {Element} */ (list.cloneNode(false))
      if (part.tagName === 'OL') part.setAttribute('start', String(start + i))
      part.appendChild(li.cloneNode(true))
      wrap.appendChild(part)
      out.push(wrap.outerHTML)
    })
  }

  /**
   * Lay out what src/pdf/handout/render.ts measureHtml() describes and return the heights
   * the pagination needs.
   * @param {string} html
   * @returns {Promise<Measures>}
   */
  async function measureHandout(html) {
    document.body.innerHTML = html
    /** @type {string[][]} */
    const pieces = []
    for (const box of document.querySelectorAll('[data-m="notes"]')) {
      /** @type {string[]} */
      const out = []
      for (const child of [...box.children]) {
        if (child.matches('aside.notes')) for (const c of [...child.children]) cut(c, out)
        else cut(child, out)
      }
      box.innerHTML = out.map((p) => `<div class="h-chunk">${p}</div>`).join('')
      pieces.push(out)
    }
    await settle()
    /** @param {Element | null} el */
    const h = (el) => (el ? el.getBoundingClientRect().height : 0)
    const m = {
      coverHead: h(document.querySelector('[data-m="cover"]')),
      toc: [...document.querySelectorAll('[data-m="toc"]')].map(h),
      heads: [...document.querySelectorAll('[data-m="head"]')].map(h),
      chunks: [...document.querySelectorAll('[data-m="notes"]')].map((box, i) =>
        [...box.children].map((c, k) => ({ html: pieces[i]?.[k] ?? '', h: h(c) })),
      ),
    }
    document.body.innerHTML = ''
    return m
  }

  /** @param {string} html */
  async function showHandout(html) {
    document.body.innerHTML = html
    fixLinks('h-')
    // Code on the slides, coloured as reveal.js's highlight plugin does in the deck.
    const hljs = window.RevealHighlight?.().hljs
    if (hljs) for (const code of document.querySelectorAll('.h-slide pre code')) hljs.highlightElement(code)
    await settle()
  }

  window.bblPdf = { deckReady, fixLinks, measureHandout, showHandout }
})()
