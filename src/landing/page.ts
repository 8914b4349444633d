/**
 * dist/index.html: every conference built into the output folder, newest first,
 * each deck as a card with its title slide, speakers, company, language, slide
 * count and links to the deck and its PDFs; a filter box that works offline.
 * In the notes' language, in bbl's bundled fonts and colours. Pure string work.
 */
import { talkMeta } from '../notes/conference.js'
import { isRtlLang } from '../notes/lang.js'
import { escapeHtml } from '../core/text.js'

export interface LandingDeck {
  kind: string
  file: string
  title: string
  speakers: string[]
  company?: string
  lang?: string
  highlight?: boolean
  slides: number
  /** `<deck>.thumb.webp` next to the deck (made by `bbl images`), when there is one. */
  thumb?: string
  /** The deck's slide pictures on disk (made by `bbl images`), in slide order. */
  pictures?: string[]
}

export interface LandingEntry {
  folder: string
  title: string
  author?: string
  date?: string
  lang?: string
  decks: LandingDeck[]
  pdfs?: Array<{ kind: string; file: string; pages: number; title?: string }>
  /** The PowerPoint files bbl pptx made, by deck. */
  pptx?: Array<{ kind: string; file: string }>
  /** The folder's bundled fonts stylesheet (relative to the folder), when it has one. */
  fonts?: string
}

interface LandingLabels {
  heading: string
  filter: string
  noMatch: string
  recap: string
  slides: (n: number) => string
  pages: (n: number) => string
  slidesPdf: string
  handout: string
  pictures: string
}

const LABELS: Record<string, LandingLabels> = {
  en: { heading: 'Conference decks', filter: 'Filter: talk, speaker, company…', noMatch: 'No deck matches.', recap: 'Recap', slides: (n) => `${n} slide${n === 1 ? '' : 's'}`, pages: (n) => `${n} page${n === 1 ? '' : 's'}`, slidesPdf: 'Slides PDF', handout: 'Handout', pictures: 'Slide pictures' },
  fr: { heading: 'Présentations des conférences', filter: 'Filtrer : talk, speaker, société…', noMatch: 'Aucune présentation ne correspond.', recap: 'Récapitulatif', slides: (n) => `${n} diapositive${n > 1 ? 's' : ''}`, pages: (n) => `${n} page${n > 1 ? 's' : ''}`, slidesPdf: 'PDF des diapositives', handout: 'Support (PDF)', pictures: 'Images des diapositives' },
  de: { heading: 'Konferenz-Folien', filter: 'Filtern: Vortrag, Sprecher, Firma…', noMatch: 'Keine Folien passen.', recap: 'Rückblick', slides: (n) => `${n} Folie${n === 1 ? '' : 'n'}`, pages: (n) => `${n} Seite${n === 1 ? '' : 'n'}`, slidesPdf: 'Folien als PDF', handout: 'Handout', pictures: 'Folienbilder' },
  es: { heading: 'Presentaciones de conferencias', filter: 'Filtrar: charla, ponente, empresa…', noMatch: 'Ninguna presentación coincide.', recap: 'Resumen', slides: (n) => `${n} diapositiva${n === 1 ? '' : 's'}`, pages: (n) => `${n} página${n === 1 ? '' : 's'}`, slidesPdf: 'PDF de diapositivas', handout: 'Apuntes (PDF)', pictures: 'Imágenes de diapositivas' },
}

const labelsOf = (lang: string): LandingLabels => LABELS[lang.toLowerCase().split('-')[0]!] ?? LABELS['en']!

/** The page's language: the one most conferences are in (the newest wins a tie). */
export function landingLang(entries: LandingEntry[]): string {
  const counts = new Map<string, number>()
  for (const e of entries) if (e.lang) counts.set(e.lang, (counts.get(e.lang) ?? 0) + 1)
  let best = 'en'
  let most = 0
  for (const [lang, n] of counts) if (n > most) [best, most] = [lang, n]
  return best
}

/** A date's sort key (ms), when the text is one Date can read or holds a year-month-day. */
export function dateKey(date: string | undefined): number | undefined {
  if (!date) return undefined
  const iso = /(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date)
  if (iso) return Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3] ?? 1))
  const t = Date.parse(date)
  return Number.isNaN(t) ? undefined : t
}

/** Newest first; conferences without a readable date after, by title. */
export function sortEntries(entries: LandingEntry[]): LandingEntry[] {
  return [...entries].sort((a, b) => {
    const da = dateKey(a.date)
    const db = dateKey(b.date)
    if (da !== undefined && db !== undefined && da !== db) return db - da
    if ((da === undefined) !== (db === undefined)) return da === undefined ? 1 : -1
    return a.title.localeCompare(b.title)
  })
}

/** A link into a notes folder: folder and file names may hold #, %, ? or spaces, so each part is URL-encoded. */
const urlOf = (folder: string, file: string): string => [folder, ...file.split('/')].map(encodeURIComponent).join('/')

function card(e: LandingEntry, d: LandingDeck, l: LandingLabels): string {
  const href = (f: string) => escapeHtml(urlOf(e.folder, f))
  const pdf = e.pdfs?.find((p) => (d.kind === 'recap' ? p.kind === 'slides' : p.kind === 'talk' && p.file === d.file.replace(/\.html$/, '.pdf')))
  const handout = d.kind === 'recap' ? e.pdfs?.find((p) => p.kind === 'handout') : undefined
  const pptx = e.pptx?.find((p) => (d.kind === 'recap' ? p.kind === 'recap' : p.kind === 'talk' && p.file === d.file.replace(/\.html$/, '.pptx')))
  const meta = d.kind === 'recap' ? [l.recap, e.author ?? ''].filter(Boolean) : talkMeta(d)
  const who = d.kind === 'recap' ? '' : d.speakers.join(', ')
  // The picture repeats the title link beside it: one link for a screen reader, not two (it is out of the tab order too).
  const thumb = d.thumb
    ? `<img src="${href(d.thumb)}" alt="" width="320" height="180">`
    : `<span class="drawn" aria-hidden="true"><span class="drawn-title">${escapeHtml(d.title)}</span>${who ? `<span class="drawn-who">${escapeHtml(who)}</span>` : ''}</span>`
  const links = [
    `<span>${escapeHtml(l.slides(d.slides))}</span>`,
    ...(pdf ? [`<a href="${href(pdf.file)}">${escapeHtml(d.kind === 'recap' ? l.slidesPdf : 'PDF')}</a>`] : []),
    ...(handout ? [`<a href="${href(handout.file)}">${escapeHtml(l.handout)}</a>`] : []),
    ...(pptx ? [`<a href="${href(pptx.file)}">PowerPoint</a>`] : []),
  ]
  const search = [d.title, ...d.speakers, d.company ?? '', d.lang ?? ''].join(' ')
  return `<li class="card ${escapeHtml(d.kind)}" data-search="${escapeHtml(search)}">
<a class="thumb" href="${href(d.file)}" tabindex="-1" aria-hidden="true">${thumb}</a>
<h3 dir="auto">${d.highlight ? '<span class="star" aria-hidden="true">★</span> ' : ''}<a href="${href(d.file)}">${escapeHtml(d.title)}</a></h3>
${meta.length ? `<p class="meta" dir="auto">${escapeHtml(meta.join(' · '))}</p>` : ''}
<p class="links">${links.join(' · ')}</p>
${d.pictures?.length ? picturesList(d.pictures, href, l) : ''}</li>`
}

/** A deck's slide pictures, folded: one link per slide, numbered. */
function picturesList(files: string[], href: (f: string) => string, l: LandingLabels): string {
  const links = files.map((f, i) => `<a href="${href(f)}">${i + 1}</a>`).join(' ')
  return `<details class="pictures"><summary>${escapeHtml(l.pictures)} (${files.length})</summary><p>${links}</p></details>\n`
}

function conference(e: LandingEntry, l: LandingLabels): string {
  const recap = e.decks.filter((d) => d.kind === 'recap')
  const talks = e.decks.filter((d) => d.kind !== 'recap')
  const who = [e.author, e.date].filter(Boolean).join(' · ')
  return `<section class="conf" data-search="${escapeHtml([e.title, e.author ?? ''].join(' '))}"${e.lang ? ` lang="${escapeHtml(e.lang)}"` : ''}>
<h2 dir="auto">${escapeHtml(e.title)}</h2>
${who ? `<p class="meta">${escapeHtml(who)}</p>` : ''}
<ul class="cards">
${[...recap, ...talks].map((d) => card(e, d, l)).join('\n')}
</ul>
</section>`
}

/** Hides the cards the filter does not match (accents and case ignored); a matching conference title keeps all its cards. */
const FILTER_SCRIPT = `(() => {
  const fold = (s) => s.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase()
  const box = document.getElementById('bbl-filter')
  const none = document.getElementById('bbl-none')
  const apply = () => {
    const words = fold(box.value).split(/\\s+/).filter(Boolean)
    const hit = (el) => { const t = fold(el.dataset.search || ''); return words.every((w) => t.includes(w)) }
    let shown = 0
    for (const conf of document.querySelectorAll('section.conf')) {
      const all = hit(conf)
      let any = false
      for (const c of conf.querySelectorAll('li.card')) { const ok = all || hit(c); c.hidden = !ok; any ||= ok }
      conf.hidden = !any
      if (any) shown++
    }
    none.hidden = shown > 0
  }
  box.addEventListener('input', apply)
  apply()
})()`

const STYLE = `:root { --bg: #fff; --fg: #1b2230; --muted: #5a6478; --accent: #0b5cd5; --accent-2: #d9480f; --soft: #eef2f8; --rule: #d5dbe6;
  --font: 'Source Sans 3', 'Noto Sans', 'DejaVu Sans', system-ui, sans-serif; }
body { font: 18px/1.45 var(--font); color: var(--fg); background: var(--bg); max-width: 76rem; margin: 2rem auto; padding: 0 1rem; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; justify-content: space-between; }
h1 { font-size: 1.8rem; margin: 0; } h2 { margin: 0 0 .1rem; font-size: 1.4rem; } h3 { font-size: 1.02rem; margin: .5rem 0 .1rem; line-height: 1.25; }
#bbl-filter { font: inherit; padding: .35rem .6rem; border: 1px solid var(--rule); border-radius: .4rem; min-width: 18rem; }
.meta { color: var(--muted); font-size: .9em; margin: 0; } a { color: var(--accent); } .star { color: var(--accent-2); }
section.conf { border-top: 3px solid var(--accent); padding-top: .6rem; margin-top: 2rem; }
.cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1.2rem; }
.card { min-width: 0; } .card .links { font-size: .9em; margin: .2rem 0 0; }
.card .pictures { font-size: .9em; margin: .2rem 0 0; } .card .pictures p { margin: .2rem 0 0; line-height: 1.8; word-spacing: .3em; }
.thumb { display: block; aspect-ratio: 16 / 9; border: 1px solid var(--rule); border-radius: .3rem; overflow: hidden; text-decoration: none; background: var(--soft); }
.thumb img { width: 100%; height: 100%; object-fit: cover; display: block; }
.drawn { display: flex; flex-direction: column; justify-content: center; height: 100%; box-sizing: border-box; padding: 8% 9%; border-left: 6px solid var(--accent); background: var(--bg); }
.drawn-title { color: var(--fg); font-weight: 700; font-size: .95rem; line-height: 1.2; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 4; -webkit-box-orient: vertical; }
.drawn-who { color: var(--muted); font-size: .75rem; margin-top: .4rem; }
.recap .drawn { background: var(--accent); border-left-color: var(--accent-2); } .recap .drawn-title { color: #fff; font-size: 1.2rem; }`

export function landingPage(input: LandingEntry[]): string {
  const entries = sortEntries(input)
  const lang = landingLang(entries)
  const l = labelsOf(lang)
  const fonts = entries.find((e) => e.fonts)
  const fontLink = fonts ? `<link rel="stylesheet" href="${escapeHtml(urlOf(fonts.folder, fonts.fonts ?? ''))}">\n` : ''
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}"${isRtlLang(lang) ? ' dir="rtl"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bbl">
<title>${escapeHtml(l.heading)}</title>
${fontLink}<style>
${STYLE}
</style>
</head>
<body>
<header><h1>${escapeHtml(l.heading)}</h1><input type="search" id="bbl-filter" placeholder="${escapeHtml(l.filter)}" aria-label="${escapeHtml(l.filter)}"></header>
<main>
<p id="bbl-none" class="meta" hidden>${escapeHtml(l.noMatch)}</p>
${entries.map((e) => conference(e, l)).join('\n')}
</main>
<script>
${FILTER_SCRIPT}
</script>
</body>
</html>
`
}
