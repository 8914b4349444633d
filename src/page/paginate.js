// @ts-check
/*
 * bbl pagination, run inside headless Chromium at build time on the deck's own
 * CSS and fonts (src/slides/fit.ts loads it). Pure DOM work: it takes slide skeletons
 * and block HTML, and returns which blocks (or pieces of blocks) go on which
 * slide so that nothing leaves the 1280×720 box.
 *
 * Blocks are split only at natural boundaries: between blocks, between list
 * items (a continued item repeats its text as context), between table rows (the
 * header is kept), between lines of a listing, between sentences of a paragraph.
 * A single sentence taller than a whole slide is the only thing ever split
 * between words, and a single word taller than a slide (a pasted 50,000-character
 * token) between characters.
 *
 * The work per slide does not grow with the notes: a long list, table or
 * listing is laid out a window at a time (see park), so a 5,000-item list
 * costs ten times a 500-item one, not a hundred.
 */
;(function () {
  const SLACK = 0.5
  /** Fewest lines a piece of a split listing keeps. */
  const MIN_LINES = 3
  /** @type {HTMLElement} */
  let stage

  /** @param {HTMLElement} box */
  const fits = (box) => {
    showFootnotes(box)
    return box.scrollHeight <= box.clientHeight + SLACK && box.scrollWidth <= box.clientWidth + SLACK
  }

  /**
   * A flow's footnotes wait, hidden, at the foot of the slide (src/slides/render.ts):
   * those the body references are shown, so that they take their room from the body.
   * @param {HTMLElement} box
   */
  function showFootnotes(box) {
    const area = box.parentElement?.querySelector(':scope > .bbl-footnotes')
    if (!area) return
    const refs = new Set([...box.querySelectorAll('sup.footnote[data-footnote]')].map((s) => s.getAttribute('data-footnote')))
    let any = false
    for (const p of /** @type {HTMLElement[]} */ ([...area.children])) {
      p.hidden = !refs.has(p.getAttribute('data-footnote'))
      any ||= !p.hidden
    }
    /** @type {HTMLElement} */ (area).hidden = !any
  }

  const BLOCKY = /^(DIV|P|UL|OL|DL|TABLE|PRE|BLOCKQUOTE|FIGURE|HR|H[1-6]|SECTION|ASIDE)$/

  /** @param {Element} el */
  const inlineOnly = (el) => [...el.children].every((c) => !BLOCKY.test(c.tagName))

  /** The element whose inline content is split at sentence or line boundaries, if any. */
  function textHost(/** @type {Element} */ el) {
    // A listing's text is in its <code> when it has one: cutting inside it keeps the
    // element that names the language, so every piece is still highlighted.
    const listing = (/** @type {Element} */ pre) => pre.querySelector(':scope > code') ?? pre
    if (el.matches('pre')) return { host: listing(el), unit: 'line' }
    if (el.matches('.listingblock, .literalblock')) {
      const pre = el.querySelector('pre')
      return pre ? { host: listing(pre), unit: 'line' } : null
    }
    if (el.matches('p')) return { host: el, unit: 'sentence' }
    if (el.matches('.paragraph')) {
      const p = el.querySelector(':scope > p')
      return p ? { host: p, unit: 'sentence' } : null
    }
    if (el.matches('.admonitionblock')) {
      const td = el.querySelector(':scope > table > tbody > tr > td.content')
      return td && inlineOnly(td) ? { host: td, unit: 'sentence' } : null
    }
    if (el.matches('td.content') && inlineOnly(el)) return { host: el, unit: 'sentence' }
    return null
  }

  /** The element whose children are the units a block is split between. */
  function unitsParent(/** @type {Element} */ el) {
    if (el.matches('li')) return el
    if (el.matches('ul, ol, dl, tbody, blockquote')) return el
    if (el.matches('table')) return el.querySelector(':scope > tbody')
    if (el.matches('.ulist, .olist, .dlist, .colist, .bbl-group, .bbl-agenda'))
      return el.querySelector(':scope > ul, :scope > ol, :scope > dl, :scope > table > tbody') ?? (el.matches('.bbl-group') ? el : null)
    if (el.matches('.tableblock, .hdlist')) return el.querySelector(':scope > table > tbody, table > tbody')
    if (el.matches('.admonitionblock')) return el.querySelector(':scope > table > tbody > tr > td.content')
    if (el.matches('.exampleblock, .sidebarblock, .openblock')) return el.querySelector(':scope > .content')
    if (el.matches('.quoteblock, .verseblock')) return el.querySelector(':scope > blockquote')
    return null
  }

  /** Child index path from `root` down to `node`. */
  function pathTo(/** @type {Node} */ root, /** @type {Node} */ node) {
    /** @type {number[]} */
    const path = []
    for (let n = node; n !== root; n = /** @type {Node} */ (n.parentNode)) path.unshift([...(/** @type {Node} */ (n.parentNode).childNodes)].indexOf(/** @type {ChildNode} */ (n)))
    return path
  }
  /** @returns {any} */
  function follow(/** @type {Node} */ root, /** @type {number[]} */ path) {
    let n = root
    for (const i of path) n = n.childNodes[i]
    return n
  }

  const isUnit = (/** @type {Element} */ c) => !c.matches(':scope > .title, :scope > caption, :scope > colgroup, :scope > .attribution')

  /** Text boundaries (character offsets) where `host` may be cut. */
  function boundaries(/** @type {Element} */ host, /** @type {string} */ unit, /** @type {string} */ lang) {
    const text = host.textContent ?? ''
    /** @type {number[]} */
    const out = []
    if (unit === 'line') {
      for (let i = text.indexOf('\n'); i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) out.push(i + 1)
      return out
    }
    const seg = new Intl.Segmenter(lang || undefined, { granularity: unit === 'word' || unit === 'grapheme' ? unit : 'sentence' })
    for (const s of seg.segment(text)) {
      const end = s.index + s.segment.length
      if (end < text.length && (unit !== 'word' || /\s$/.test(s.segment) || /^\s/.test(text.slice(end)))) out.push(end)
    }
    return out
  }

  function rangeAt(/** @type {Element} */ host, /** @type {number} */ from, /** @type {number} */ to) {
    const r = document.createRange()
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT)
    let seen = 0
    let startSet = false
    r.setStart(host, 0)
    r.setEnd(host, host.childNodes.length)
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const len = (t.textContent ?? '').length
      if (!startSet && from <= seen + len) {
        r.setStart(t, from - seen)
        startSet = true
      }
      if (to <= seen + len) {
        r.setEnd(t, to - seen)
        break
      }
      seen += len
    }
    return r
  }

  /** Split inline text at the last boundary whose line ends above `limit`. */
  function splitText(/** @type {Element} */ el, /** @type {Element} */ host, /** @type {number} */ limit, /** @type {string} */ unit, /** @type {string} */ lang) {
    const cuts = boundaries(host, unit, lang)
    const total = (host.textContent ?? '').length
    let lo = 0
    let hi = cuts.length - 1
    let best = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const bottom = rangeAt(host, 0, cuts[mid]).getBoundingClientRect().bottom
      if (bottom <= limit) {
        best = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    if (best < 0) return null
    // A listing is cut so that each part keeps at least MIN_LINES lines (never a lone "}").
    if (unit === 'line') best = Math.min(best, cuts.length - MIN_LINES)
    if (unit === 'line' && best < MIN_LINES - 1) return null
    const cut = cuts[best]
    const path = pathTo(el, host)
    const head = /** @type {Element} */ (el.cloneNode(true))
    const tail = /** @type {Element} */ (el.cloneNode(true))
    const headHost = follow(head, path)
    const tailHost = follow(tail, path)
    headHost.replaceChildren(rangeAt(host, 0, cut).cloneContents())
    tailHost.replaceChildren(rangeAt(host, cut, total).cloneContents())
    if (unit !== 'line') trimStart(tailHost)
    tail.querySelector(':scope > .title')?.remove()
    tail.classList.add('bbl-cont-block')
    return { head, tail, units: Infinity }
  }

  function trimStart(/** @type {Element} */ host) {
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT)
    const first = walker.nextNode()
    if (first && first.textContent) first.textContent = first.textContent.replace(/^\s+/, '')
  }

  /**
   * Cut `el` (in the page, crossing `limit`) into a head that ends above `limit`
   * and a tail with the rest. Both are detached clones. Null when no head fits.
   * `units`: how many rows or items the head holds (Infinity for text).
   * @returns {{head: Element, tail: Element, units: number} | null}
   */
  function fragment(/** @type {Element} */ el, /** @type {number} */ limit, /** @type {string} */ mode, /** @type {string} */ lang) {
    const text = textHost(el)
    if (text) return splitText(el, text.host, limit, text.unit === 'line' ? 'line' : mode, lang)
    const parent = unitsParent(el)
    if (!parent) return null
    const units = [...parent.children].filter(isUnit)
    let i = units.findIndex((u) => u.getBoundingClientRect().bottom > limit + SLACK)
    if (i < 0) return null
    let sub = fragment(units[i], limit, mode, lang)
    // A term stays with its description.
    if (!sub && i > 0 && units[i].matches('dd') && units[i - 1].matches('dt')) i -= 1
    if (!sub && i === 0) return null
    // A continued item's first unit repeats its text: a head holding only that places nothing.
    if (el.matches('li.bbl-cont') && (i === 0 || (i === 1 && !sub))) return null
    const path = pathTo(el, parent)
    const head = /** @type {Element} */ (el.cloneNode(true))
    const tail = /** @type {Element} */ (el.cloneNode(true))
    const hUnits = [.../** @type {Element} */ (follow(head, path)).children].filter(isUnit)
    const tUnits = [.../** @type {Element} */ (follow(tail, path)).children].filter(isUnit)
    for (let k = hUnits.length - 1; k > i; k--) hUnits[k].remove()
    if (sub) hUnits[i].replaceWith(sub.head)
    else hUnits[i].remove()
    for (let k = 0; k < i; k++) tUnits[k].remove()
    if (sub) tUnits[i].replaceWith(sub.tail)
    if (el.matches('li')) {
      if (i > 0) {
        // The item's nested content goes on: it repeats the item's own text as context.
        follow(tail, path).prepend(units[0].cloneNode(true))
        tail.classList.add('bbl-cont')
      } else {
        // The item's own text goes on mid-item: no new bullet.
        tail.classList.add('bbl-cont-text')
      }
    }
    const list = follow(tail, path)
    if (list instanceof HTMLOListElement) list.start = (/** @type {HTMLOListElement} */ (parent).start || 1) + i
    if (!el.matches('table, .tableblock')) tail.querySelector(':scope > .title')?.remove()
    tail.classList.add('bbl-cont-block')
    return { head, tail, units: i + (sub ? 1 : 0) }
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
      // No lone row or item at the foot of a slide: the block starts on the next one.
      if (pieces && pieces.units < 2 && body.children.length > 0) pieces = null
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
    section.querySelectorAll('h1, p, li').forEach((n) => n.setAttribute('dir', 'auto'))
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
