/* Starts a bbl deck: reveal.js 6 with the speaker view, all from the deck's own folder. */
/* global Reveal */
Reveal.initialize({
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
