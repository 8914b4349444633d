// @ts-check
/*
 * bbl serve's live client. The server adds it to the pages it serves (never to
 * the files it builds): it reloads the page when a build changed it (reveal.js
 * keeps the slide in the URL hash, so the reload stays on it) and shows build
 * errors over the page until the next good build.
 */
;(() => {
  const version = document.currentScript?.dataset.bblVersion ?? ''
  const page = decodeURIComponent(location.pathname)
  /** @type {EventSource | null} */
  let source = null

  /** @param {string[]} errors */
  const show = (errors) => {
    let box = document.getElementById('bbl-live-error')
    if (errors.length === 0) return box?.remove()
    if (!box) {
      box = document.createElement('pre')
      box.id = 'bbl-live-error'
      box.setAttribute('role', 'alert')
      box.style.cssText =
        'position:fixed;z-index:2147483647;top:0;left:0;right:0;margin:0;max-height:60vh;overflow:auto;padding:1em 1.5em;' +
        'background:#8b1a1a;color:#fff;font:16px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;text-align:left'
      document.body.append(box)
    }
    box.textContent = `bbl serve: the build failed; fix the notes and save.\n\n${errors.join('\n')}`
  }

  const reload = () => {
    // reveal.js puts the slide in the URL at most once a second: put it there now,
    // so that the reload lands on the slide shown even right after a move.
    const deck = window.Reveal
    if (deck?.isReady?.()) {
      const { h, v, f } = deck.getIndices()
      const one = deck.getConfig().hashOneBasedIndex ? 1 : 0
      history.replaceState(history.state, '', `#/${h + one}/${v + one}${f !== undefined && f >= 0 ? `/${f}` : ''}`)
    }
    location.reload()
  }

  const connect = () => {
    source = new EventSource(`/__bbl/events?page=${encodeURIComponent(page)}&v=${encodeURIComponent(version)}`)
    // Tests (and the curious, in devtools) can see that the page is live.
    source.onopen = () => (document.documentElement.dataset.bblLive = 'on')
    source.addEventListener('reload', reload)
    source.addEventListener('errors', (e) => show(JSON.parse(e.data)))
  }

  // A browser keeps six connections per server: hidden tabs give theirs back, and
  // on reconnecting they are told to reload if they missed a build.
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      source?.close()
      source = null
    } else if (!source) connect()
  })
  if (!document.hidden) connect()
})()
