import puppeteer from 'puppeteer-core'
const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium-headless-shell', args: ['--no-sandbox'] })
const p = await b.newPage()
await p.setViewport({ width: 1280, height: 720 })
await p.goto('file:///tmp/ob/dataxday-2018/index.html?margin=0&controls=false&progress=false&slideNumber=false&transition=none&backgroundTransition=none&fragments=false&hash=false', { waitUntil: 'load' })
await p.waitForFunction('window.Reveal && Reveal.isReady()')
const idx = await p.evaluate('Reveal.getSlides().map((s) => Reveal.getIndices(s))')
for (const [fmt, q] of [['png'], ['jpeg', 90], ['jpeg', 30], ['webp', 90]]) {
  let t = 0, takes = 0, bytes = 0
  for (const at of idx.slice(0, 40)) {
    await p.evaluate(`new Promise((done) => { Reveal.slide(${at.h}, ${at.v ?? 0}); requestAnimationFrame(() => requestAnimationFrame(done)) })`)
    const t0 = performance.now()
    let last = await p.screenshot({ type: fmt, ...(q ? { quality: q } : {}), optimizeForSpeed: true, captureBeyondViewport: false }); takes++
    for (let n = 0; n < 4; n++) { const next = await p.screenshot({ type: fmt, ...(q ? { quality: q } : {}), optimizeForSpeed: true, captureBeyondViewport: false }); takes++; if (Buffer.from(next).equals(Buffer.from(last))) break; last = next }
    t += performance.now() - t0; bytes += last.length
  }
  console.log(fmt, q, 'ms/slide', (t / 40).toFixed(1), 'takes/slide', (takes / 40).toFixed(2), 'kB', (bytes / 40 / 1024).toFixed(0))
}
await b.close()
