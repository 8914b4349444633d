/*
 * bbl's drawing page (src/assets/diagrams.ts): Mermaid (mermaid.min.js, from
 * node_modules, injected before this script) draws each diagram into SVG markup,
 * which the build puts into the deck. The deck never loads Mermaid.
 *
 * Labels are SVG text, not HTML in a foreignObject: a PDF keeps them as text and
 * a picture of the SVG (PowerPoint) shows them. Text is measured in the deck's
 * font, loaded here first, so labels fit their boxes in the deck.
 */

/** @type {import('./contract.js').MermaidApi} */
const api = {
  async ready(fontFamily) {
    await document.fonts.load(`16px ${fontFamily}`)
    await document.fonts.load(`bold 16px ${fontFamily}`)
    window.mermaid?.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: 'default',
      fontFamily,
      htmlLabels: false,
      flowchart: { htmlLabels: false },
      // Mermaid's own "Syntax error" picture: bbl shows the source with a warning instead.
      suppressErrorRendering: true,
    })
  },

  async draw(jobs) {
    const mermaid = window.mermaid
    if (!mermaid) return jobs.map(() => ({ error: 'Mermaid did not load' }))
    /** @type {import('./contract.js').MermaidResult[]} */
    const out = []
    for (const job of jobs) {
      try {
        const { svg } = await mermaid.render(job.id, job.source)
        out.push({ svg })
      } catch (e) {
        out.push({ error: String(e instanceof Error ? e.message : e) })
      } finally {
        // What Mermaid left in the page to measure the diagram.
        document.getElementById(job.id)?.remove()
        document.getElementById(`d${job.id}`)?.remove()
      }
    }
    return out
  },
}

window.bblMermaid = api
