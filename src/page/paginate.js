// @ts-check
/*
 * bbl pagination, run inside headless Chromium at build time on the deck's own
 * CSS and fonts (src/slides/fit.ts loads it). Pure DOM work: it takes slide skeletons
 * and block HTML, and returns which blocks (or pieces of blocks) go on which
 * slide so that nothing leaves the 1280×720 box.
 *
 * Blocks are split only at natural boundaries: between blocks, and within a
 * block where src/page/cut.js says it may be cut.
 *
 * The work per slide does not grow with the notes: a long list, table or
 * listing is laid out a window at a time (see park), so a 5,000-item list
 * costs ten times a 500-item one, not a hundred.
 */
;(() => {
  // Where blocks may be cut: src/page/cut.js, loaded first.
  const cut = window.bblCut
  if (!cut) throw new Error('cut.js must be loaded before paginate.js')
  const { SLACK, textHost, unitsParent, isUnit, fragment } = cut
  /** @type {HTMLElement} */
  let stage

  /** @param {HTMLElement} box */
  const fits = (box) => {
    showFootnotes(box)
    return box.scrollHeight <= box.clientHeight + SLACK && box.scrollWidth <= box.clientWidth + SLACK
  }

  /**
   * A flow's footnotes wait, hidden, at the foot of the slide (src/slides/render.ts):
   * those the title and the body reference are shown, so that they take their room from the body.
   * @param {HTMLElement} box
   */
  function showFootnotes(box) {
    const area = box.parentElement?.querySelector(':scope > .bbl-footnotes')
    if (!area) return
    const sups = box.parentElement?.querySelectorAll(':scope > .bbl-head sup.footnote[data-footnote], :scope > .bbl-body sup.footnote[data-footnote]') ?? []
    const refs = new Set([...sups].map((s) => s.getAttribute('data-footnote')))
    let any = false
    for (const p of /** @type {HTMLElement[]} */ ([...area.children])) {
      p.hidden = !refs.has(p.getAttribute('data-footnote'))
      any ||= !p.hidden
    }
    /** @type {HTMLElement} */ (area).hidden = !any
  }

  /*
   * Windows: a block with more rows, items or lines than a slide could hold is
   * laid out a window at a time. What lies beyond the window waits, detached, in
   * `rest` (keyed by the block in the queue; a block's tail inherits it) and is
   * added while the window fits. Without it every slide laid out and cloned the
   * whole rest of the block: a 5,000-item list took minutes (quadratic).
   */
  const WINDOW = 16
  /** @type {WeakMap<Element, Node[][]>} */
  const rest = new WeakMap()

  /** Where a block's rest goes back: its units' parent, or its text host for a listing. */
  function restHost(/** @type {Element} */ el) {
    const text = textHost(el)
    if (text) return text.unit === 'line' ? text.host : null
    return unitsParent(el)
  }

  /** Detach what lies beyond the first WINDOW units or lines of `el`, in pieces of WINDOW. */
  function park(/** @type {Element} */ el) {
    const host = restHost(el)
    if (!host) return
    const pieces = textHost(el) ? lineChunks(host) : unitChunks(host)
    if (pieces.length > 1) rest.set(el, pieces.slice(1))
  }

  /** The host's children cut after every WINDOW-th unit; all but the first are detached. */
  function unitChunks(/** @type {Element} */ host) {
    /** @type {Node[][]} */
    const pieces = [[]]
    let n = 0
    for (const c of [...host.childNodes]) {
      if (n === WINDOW) {
        pieces.push([])
        n = 0
      }
      if (c instanceof Element && isUnit(c)) n++
      pieces[pieces.length - 1].push(c)
    }
    for (const piece of pieces.slice(1)) for (const c of piece) host.removeChild(c)
    return pieces
  }

  /**
   * The host's content cut after every WINDOW-th line, one pass over its text;
   * inline elements crossing a cut (highlighting) are repeated on both sides.
   * All but the first piece are detached.
   */
  function lineChunks(/** @type {Element} */ host) {
    if (((host.textContent ?? '').match(/\n/g)?.length ?? 0) <= WINDOW) return [[...host.childNodes]]
    const frags = [document.createDocumentFragment()]
    /** @type {Element[]} open elements of the source; `built` of them have a copy in the current piece */
    const open = []
    /** @type {Node[]} */
    let chain = [frags[0]]
    let built = 0
    let lines = 0
    const out = () => {
      for (; built < open.length; built++) chain.push(chain[chain.length - 1].appendChild(open[built].cloneNode(false)))
      return chain[chain.length - 1]
    }
    const walk = (/** @type {Node} */ node) => {
      for (const c of node.childNodes) {
        if (c instanceof Element && !c.hasChildNodes()) {
          out().appendChild(c.cloneNode(false))
          continue
        }
        if (c instanceof Element) {
          open.push(c)
          walk(c)
          open.pop()
          if (built > open.length) {
            built--
            chain.pop()
          }
          continue
        }
        if (c.nodeType !== Node.TEXT_NODE) {
          out().appendChild(c.cloneNode(true))
          continue
        }
        const data = c.textContent ?? ''
        let from = 0
        for (let i = data.indexOf('\n'); i !== -1; i = data.indexOf('\n', i + 1)) {
          if (++lines < WINDOW || i === data.length - 1) continue
          out().appendChild(document.createTextNode(data.slice(from, i + 1)))
          from = i + 1
          lines = 0
          frags.push(document.createDocumentFragment())
          chain = [frags[frags.length - 1]]
          built = 0
        }
        if (from < data.length) out().appendChild(document.createTextNode(from === 0 ? data : data.slice(from)))
      }
    }
    walk(host)
    host.replaceChildren(frags[0])
    return frags.map((f) => [...f.childNodes])
  }

  /** Add the next piece of `el`'s rest; false when there is none. */
  function grow(/** @type {Element} */ el) {
    const pieces = rest.get(el)
    const host = restHost(el)
    if (!pieces || !host) return false
    host.append(.../** @type {Node[]} */ (pieces.shift()))
    if (pieces.length === 0) rest.delete(el)
    return true
  }

  /** The rest of `from` goes on with `to`, a tail cut from it. */
  function handOn(/** @type {Element} */ from, /** @type {Element} */ to) {
    const r = rest.get(from)
    if (r) rest.set(to, r)
    rest.delete(from)
  }

  /** Find a head of `node` that fits in what is left of `body`. */
  function splitToFit(/** @type {HTMLElement} */ body, /** @type {Element} */ node, /** @type {string} */ mode, /** @type {string} */ lang) {
    body.appendChild(node)
    let limit = body.getBoundingClientRect().bottom
    for (let attempt = 0; attempt < 8; attempt++) {
      const pieces = fragment(node, limit, mode, lang)
      if (!pieces) break
      node.replaceWith(pieces.head)
      const ok = fits(body)
      const over = body.scrollHeight - body.clientHeight
      pieces.head.replaceWith(node)
      if (ok) {
        node.remove()
        return pieces
      }
      limit -= Math.max(over, 4)
    }
    node.remove()
    return null
  }

  function toElement(/** @type {string} */ html) {
    const t = document.createElement('template')
    t.innerHTML = html.trim()
    const els = [...t.content.children]
    if (els.length === 1 && t.content.childNodes.length === 1) return els[0]
    const group = document.createElement('div')
    group.className = 'bbl-group'
    group.append(t.content)
    return group
  }

  /** The first letter of the text is in a right-to-left script. */
  const RTL_FIRST = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u
  const HAS_LETTER = /\p{L}/u

  /**
   * Text direction per block, for notes that mix scripts (Arabic, Hebrew...):
   * each block, list, item, cell and paragraph takes the direction of its
   * first letter, written out (dir="rtl"/"ltr") where it differs from its
   * parent's. Not dir="auto": it skips descendants that have a dir of their
   * own, so an item holding a <p dir="auto"> stayed left-to-right (bullet on
   * the left of an Arabic line) and so did a list of Arabic items.
   */
  function markDirection(/** @type {Element} */ el) {
    // A direction given by the plan (the agenda's) holds for its whole subtree.
    const given = [el, ...el.querySelectorAll('[dir]')].filter((n) => n.hasAttribute('dir'))
    const nodes = [el, ...el.querySelectorAll('div, ul, ol, dl, table, blockquote, li, td, th, dt, dd, p, pre, caption')]
    for (const n of nodes) {
      if (given.some((g) => g.contains(n))) continue
      const text = n.textContent ?? ''
      if (!HAS_LETTER.test(text)) continue
      const inherited = n.parentElement?.closest('[dir]')?.getAttribute('dir') ?? 'ltr'
      const own = RTL_FIRST.test(text) ? 'rtl' : 'ltr'
      if (own !== inherited) n.setAttribute('dir', own)
    }
  }

  /** Drop the texts that continued items repeat as context; false when there are none. */
  function dropContext(/** @type {Element} */ node) {
    const items = [...(node.matches('li.bbl-cont') ? [node] : []), ...node.querySelectorAll('li.bbl-cont')]
    for (const li of items) {
      li.firstElementChild?.remove()
      li.classList.replace('bbl-cont', 'bbl-cont-text')
    }
    return items.length > 0
  }

  /** A paragraph that introduces what follows ("Kafka Streams :") moves with it. */
  const introduces = (/** @type {Element | null} */ el) => !!el && el.matches('.paragraph') && /[:：]\s*$/.test(el.textContent ?? '') && (el.textContent ?? '').length < 200

  /**
   * @param {{skeleton: string, blocks: string[], lang?: string}} job
   * @returns {import('./contract.js').FlowResult}
   */
  function paginateFlow(job) {
    stage.innerHTML = job.skeleton
    const body = /** @type {HTMLElement} */ (stage.querySelector('.bbl-body'))
    /** @type {string[][]} */
    const pages = []
    /** @type {number[]} */
    const overflow = []
    const queue = job.blocks.map(toElement)
    queue.forEach(markDirection)
    queue.forEach(park)
    const commit = () => {
      pages.push([...body.children].map((c) => c.outerHTML))
      body.replaceChildren()
    }
    const lang = job.lang ?? ''
    let guard = 0
    // Every block is placed at least once, and split or moved on a few times: the bound grows
    // with the blocks (10 MB of notes are 80,000 paragraphs in one flow), a loop does not stop.
    const bound = 20000 + 8 * job.blocks.length
    while (queue.length) {
      if (++guard > bound) throw new Error('bbl pagination did not converge')
      const node = /** @type {Element} */ (queue.shift())
      body.appendChild(node)
      let fit = fits(body)
      while (fit && grow(node)) fit = fits(body)
      if (fit) continue
      node.remove()
      // Between sentences; between words only for a sentence taller than a whole slide, between characters for such a word.
      let pieces = splitToFit(body, node, 'sentence', lang) ?? (body.children.length === 0 ? (splitToFit(body, node, 'word', lang) ?? splitToFit(body, node, 'grapheme', lang)) : null)
      // No lone row or item, no paragraph's first or last line or two alone: the block starts on the next slide.
      if (pieces && (pieces.units < 2 || pieces.short) && body.children.length > 0) pieces = null
      if (pieces) {
        handOn(node, pieces.tail)
        body.appendChild(pieces.head)
        commit()
        queue.unshift(pieces.tail)
        continue
      }
      if (body.children.length > 0) {
        const last = body.lastElementChild
        const carry = body.children.length > 1 && introduces(last) ? last : null
        carry?.remove()
        commit()
        queue.unshift(node)
        if (carry) queue.unshift(carry)
        continue
      }
      // Items nested so deep that their repeated texts fill the slide go on without them.
      if (dropContext(node)) {
        queue.unshift(node)
        continue
      }
      while (grow(node));
      body.appendChild(node)
      overflow.push(pages.length)
      commit()
    }
    if (body.children.length > 0 || pages.length === 0) commit()
    return { pages, overflow }
  }

  /**
   * Covers and photo slides have a fixed shape: shrink the title a step at a
   * time (bbl-fit-1..4) until the slide fits. Returns the step, or -1.
   * @param {{html: string}} job
   */
  function fitFixed(job) {
    stage.innerHTML = job.html
    const section = /** @type {HTMLElement} */ (stage.firstElementChild)
    const slide = /** @type {HTMLElement} */ (section.querySelector('.bbl-slide'))
    for (const n of section.querySelectorAll('h1, p, li')) n.setAttribute('dir', 'auto')
    for (let step = 0; step <= 4; step++) {
      if (step > 0) section.classList.add(`bbl-fit-${step}`)
      if (fits(slide)) return { step, html: section.outerHTML }
      if (step > 0) section.classList.remove(`bbl-fit-${step}`)
    }
    return { step: -1, html: section.outerHTML }
  }

  async function ready() {
    stage = /** @type {HTMLElement} */ (document.getElementById('bbl-stage'))
    await Promise.all([...document.fonts].map((f) => f.load().catch(() => undefined)))
    await document.fonts.ready
  }

  window.bbl = { ready, paginateFlow, fitFixed }
})()
