// @ts-check
/*
 * Where a block may be cut, run inside headless Chromium before paginate.js
 * (src/slides/fit.ts loads both): between list items (a continued item repeats
 * its text as context), table rows (the header is kept), lines of a listing
 * (never fewer than MIN_LINES on a piece), sentences of a paragraph, and, for a
 * sentence taller than a slide, words, and for a word taller than a slide (a
 * pasted 50,000-character token), characters. `fragment` cuts a block laid out in the
 * page into a head that fits above a limit and a tail; paginate.js decides
 * which limit and where the pieces go. Exposed as `window.bblCut`.
 */
;(() => {
  const SLACK = 0.5
  /** Fewest lines a piece of a split listing, or a paragraph's part carried over, keeps. */
  const MIN_LINES = 3

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
    if (unit !== 'sentence') return out
    const kept = literals(host)
    return out.filter((cut) => !endsInLiteral(text, cut, kept))
  }

  /** Inline code, links, keys, math: text whose `!`, `?` or `.` ends no sentence. */
  const LITERAL = 'code, kbd, samp, var, tt, a, .bbl-math, .bbl-math-nb'

  /** The text ranges ([start, end) offsets in `host`'s text) of the literals inside it. */
  function literals(/** @type {Element} */ host) {
    /** @type {Array<[number, number]>} */
    const ranges = []
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT)
    let seen = 0
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const len = (t.textContent ?? '').length
      if (len && t.parentElement?.closest(LITERAL) && host.contains(t.parentElement.closest(LITERAL))) ranges.push([seen, seen + len])
      seen += len
    }
    return ranges
  }

  /** Whether the cut falls inside a literal, or right after the punctuation a literal ends with (spaces aside). */
  function endsInLiteral(/** @type {string} */ text, /** @type {number} */ cut, /** @type {Array<[number, number]>} */ ranges) {
    let last = cut - 1
    while (last > 0 && /\s/.test(text[last] ?? '')) last--
    return ranges.some(([s, e]) => (s < cut && cut < e) || (s <= last && last < e))
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

  /**
   * How many lines the text between two offsets of `host` would take in a piece of its
   * own (starting a line): the width it covers on each line it is on now, added up.
   */
  function linesOf(/** @type {Element} */ host, /** @type {number} */ from, /** @type {number} */ to) {
    const { spans, box } = rowsOf(host, from, to)
    const covered = [...spans.values()].reduce((sum, [left, right]) => sum + (right - left), 0)
    return Math.ceil(covered / (box.width || 1) - 0.02)
  }

  /** The lines the text between two offsets of `host` is on now, each with its left and right ends. */
  function rowsOf(/** @type {Element} */ host, /** @type {number} */ from, /** @type {number} */ to) {
    const box = host.getBoundingClientRect()
    // Client rects are in the page's scale (reveal.js scales slides); the line height is in CSS px.
    const scale = host.clientWidth ? box.width / host.clientWidth : 1
    const line = (Number.parseFloat(getComputedStyle(host).lineHeight) || 1) * scale
    /** @type {Map<number, [number, number]>} */
    const spans = new Map()
    for (const r of rangeAt(host, from, to).getClientRects()) {
      if (r.width === 0) continue
      const at = Math.floor((r.top + r.height / 2 - box.top) / line)
      const [left, right] = spans.get(at) ?? [r.left, r.right]
      spans.set(at, [Math.min(left, r.left), Math.max(right, r.right)])
    }
    return { spans, box }
  }

  /**
   * No widow: the part carried over keeps at least MIN_LINES lines, the cut moved back a
   * sentence or more when that leaves MIN_LINES above it too (as typesetting does); else
   * the cut stays where it was.
   */
  function withoutWidow(/** @type {Element} */ host, /** @type {number[]} */ cuts, /** @type {number} */ best, /** @type {number} */ total) {
    if (linesOf(host, cuts[best], total) >= MIN_LINES) return best
    for (let i = best - 1; i >= 0; i--) {
      if (linesOf(host, 0, cuts[i]) < MIN_LINES) break
      if (linesOf(host, cuts[i], total) >= MIN_LINES) return i
    }
    return best
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
    if (unit === 'sentence') best = withoutWidow(host, cuts, best, total)
    // A part of fewer than MIN_LINES lines (a head on the lines it has now, a tail as it will flow) says so:
    // the paragraph then starts on the next slide, whole, when the slide holds something else (as typesetting does).
    const short = unit === 'sentence' && (rowsOf(host, 0, cuts[best]).spans.size < MIN_LINES || linesOf(host, cuts[best], total) < MIN_LINES)
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
    else renumber(host, headHost, tailHost, ((host.textContent ?? '').slice(0, cut).match(/\n/g) ?? []).length)
    tail.querySelector(':scope > .title')?.remove()
    tail.classList.add('bbl-cont-block')
    return { head, tail, units: Infinity, ...(short ? { short } : {}) }
  }

  /**
   * Step-by-step line highlights (`data-line-numbers="1|2,3"`) of a listing cut after `lines` lines:
   * reveal.js's highlight plugin counts lines from the top of the code it is given, so each piece
   * keeps the steps that fall on its own lines, counted from its first, and numbers its lines from
   * where it starts in the listing (`data-ln-start-from`). A piece no step falls on shows its lines
   * numbered, with no highlight.
   */
  function renumber(/** @type {Element} */ host, /** @type {Element} */ head, /** @type {Element} */ tail, /** @type {number} */ lines) {
    const spec = host.getAttribute('data-line-numbers')
    if (spec === null) return
    const start = Number(host.getAttribute('data-ln-start-from') ?? 1) || 1
    const steps = spec.split('|').map((step) =>
      step.split(',').flatMap((item) => {
        const [a, b] = item.split(/-|\.\./).map(Number)
        if (!Number.isInteger(a)) return []
        const end = Number.isInteger(b) ? /** @type {number} */ (b) : a
        return Array.from({ length: Math.max(0, end - a + 1) }, (_, i) => a + i)
      }),
    )
    const part = (/** @type {number} */ from, /** @type {number} */ to) =>
      steps
        .map((step) => step.filter((n) => n >= from && n <= to).map((n) => n - from + 1))
        .filter((step) => step.length > 0)
        .map((step) => step.join(','))
        .join('|')
    head.setAttribute('data-line-numbers', part(1, lines))
    tail.setAttribute('data-line-numbers', part(lines + 1, Infinity))
    tail.setAttribute('data-ln-start-from', String(start + lines))
  }

  function trimStart(/** @type {Element} */ host) {
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT)
    const first = walker.nextNode()
    if (first?.textContent) first.textContent = first.textContent.replace(/^\s+/, '')
  }

  /**
   * Cut `el` (in the page, crossing `limit`) into a head that ends above `limit`
   * and a tail with the rest. Both are detached clones. Null when no head fits.
   * `units`: how many rows or items the head holds (Infinity for text).
   * @returns {{head: Element, tail: Element, units: number, short?: boolean} | null}
   */
  function fragment(/** @type {Element} */ el, /** @type {number} */ limit, /** @type {string} */ mode, /** @type {string} */ lang) {
    const text = textHost(el)
    if (text) return splitText(el, text.host, limit, text.unit === 'line' ? 'line' : mode, lang)
    const parent = unitsParent(el)
    if (!parent) return null
    const units = [...parent.children].filter(isUnit)
    let i = units.findIndex((u) => u.getBoundingClientRect().bottom > limit + SLACK)
    if (i < 0) return null
    // An item whose text would be cut leaving a part of one or two lines is not cut: it goes on whole.
    const cutItem = fragment(units[i], limit, mode, lang)
    const sub = cutItem?.short ? null : cutItem
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

  /** @type {import('./contract').CutApi} */
  const api = { SLACK, textHost, unitsParent, isUnit, fragment }
  window.bblCut = api
})()
