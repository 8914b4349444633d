/* Starts a bbl deck: reveal.js 6 with the speaker view, all from the deck's own folder. */
/* global Reveal */
// Two kinds of Asciidoctor markup name nothing for a screen reader: an interactive
// checklist's box (its item's text is beside it, not its label) and an interactive
// SVG's <object> (its alt text is fallback content, read only when the SVG is not shown).
for (const box of document.querySelectorAll('.reveal li input[type="checkbox"]:not([aria-label])')) {
  box.setAttribute('aria-label', (box.parentElement?.textContent ?? '').trim())
}
for (const obj of document.querySelectorAll('.reveal object:not([aria-label])')) {
  const alt = obj.querySelector(':scope > .alt')?.textContent?.trim()
  if (alt) {
    obj.setAttribute('role', 'img')
    obj.setAttribute('aria-label', alt)
  }
}
// A page that must prepare the deck before reveal.js lays it out (bbl pptx puts its metric fonts in
// first: reveal.js's print layout detaches every slide while it builds the pages) sets
// window.bblHoldDeck, a promise, before the deck's scripts run; reveal.js starts once it settles.
const start = () => Reveal.initialize({
  width: 1280,
  height: 720,
  margin: 0.04,
  minScale: 0.1,
  maxScale: 2,
  center: false,
  hash: true,
  slideNumber: 'c/t',
  controls: true,
  progress: true,
  transition: 'slide',
  backgroundTransition: 'fade',
  pdfMaxPagesPerSlide: 1,
  pdfSeparateFragments: false,
  plugins: [window.RevealNotes, window.RevealHighlight].filter(Boolean),
})
if (window.bblHoldDeck) window.bblHoldDeck.then(start, start)
else start()
