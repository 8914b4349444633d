/**
 * Font icons (`:icons: font`): the converter writes `<i class="fa fa-heart fa-2x">`
 * for `icon:heart[2x]` and for admonition icons, which would need Font Awesome's
 * stylesheet and web font at run time. bbl inlines each icon instead as the SVG
 * of Font Awesome Free (the set the converter documents), read from the
 * @fortawesome/fontawesome-free package at build time: only the icons used reach
 * a deck, and nothing is fetched. Font Awesome 4 names the converter uses
 * (`info-circle`, `lightbulb-o`) are found through the package's own shims and
 * aliases. An unknown name is a warning with its line; the icon's text stays.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Block, NotesDoc, Section, Warning } from '../notes/model.js'
import { escapeHtml } from '../core/text.js'

const require = createRequire(import.meta.url)
const faRoot = path.dirname(require.resolve('@fortawesome/fontawesome-free/package.json'))

const SETS: Record<string, string[]> = {
  fas: ['solid'], 'fa-solid': ['solid'],
  far: ['regular'], 'fa-regular': ['regular'],
  fab: ['brands'], 'fa-brands': ['brands'],
}
const ANY = ['solid', 'regular', 'brands']
/** The converter's markup for a font icon (an admonition's icon is left to bbl.css, which shows its label). */
const ICON = /(?<!<td class="icon">)<i class="((?:fa|fas|far|fab|fa-solid|fa-regular|fa-brands) fa-[\w-]+(?: [\w-]+)*)"(?: title="([^"]*)")?><\/i>/g
/** Classes that style an icon rather than name it (sizes, width, rotation, flip...). */
const MODIFIER = /^fa-(\d+x|xs|sm|lg|xl|2xs|2xl|fw|rotate-\d+|flip-\w+|spin|pulse|border|li|pull-\w+|inverse|stack-\dx)$/

let shims: Promise<Map<string, { set?: string; name: string }>> | undefined
let aliases: Map<string, string> | undefined

/** metadata/shims.yml: Font Awesome 4 names → today's (a flat list of `old:` / `  prefix:` / `  name:` lines). */
async function loadShims(): Promise<Map<string, { set?: string; name: string }>> {
  const out = new Map<string, { set?: string; name: string }>()
  let key = ''
  for (const line of (await readFile(path.join(faRoot, 'metadata', 'shims.yml'), 'utf8')).split('\n')) {
    const top = /^([\w-]+):\s*$/.exec(line)
    if (top) key = top[1]!
    const field = /^\s+(prefix|name):\s*([\w-]+)/.exec(line)
    if (!field || !key) continue
    const entry = out.get(key) ?? { name: key }
    if (field[1] === 'name') entry.name = field[2]!
    else entry.set = field[2]
    out.set(key, entry)
  }
  return out
}

async function loadAliases(): Promise<Map<string, string>> {
  const families = JSON.parse(await readFile(path.join(faRoot, 'metadata', 'icon-families.json'), 'utf8')) as Record<string, { aliases?: { names?: string[] } }>
  const out = new Map<string, string>()
  for (const [name, icon] of Object.entries(families)) for (const alias of icon.aliases?.names ?? []) out.set(alias, name)
  return out
}

async function svgFile(set: string, name: string): Promise<string | undefined> {
  if (!/^[a-z0-9-]+$/.test(name)) return undefined
  return readFile(path.join(faRoot, 'svgs', set, `${name}.svg`), 'utf8').catch(() => undefined)
}

/** The SVG of an icon by the name and classes the converter wrote, or undefined. */
export async function findIcon(name: string, prefix: string): Promise<string | undefined> {
  const sets = SETS[prefix] ?? ANY
  for (const s of sets) {
    const svg = await svgFile(s, name)
    if (svg) return svg
  }
  shims ??= loadShims()
  const shim = (await shims).get(name)
  if (shim) return findIcon(shim.name, shim.set ?? 'fas')
  // Font Awesome 4's outlines (`star-o`, `lightbulb-o`) are Font Awesome 5+'s regular style.
  if (name.endsWith('-o')) {
    const outline = await findIcon(name.slice(0, -2), 'far')
    if (outline) return outline
  }
  aliases ??= await loadAliases()
  const alias = aliases.get(name)
  return alias ? findIcon(alias, prefix) : undefined
}

/** `<svg>` markup for one icon: Font Awesome's path, bbl's classes, the title as its accessible name. */
export function iconSvg(svg: string, classes: string[], title?: string): string {
  const viewBox = /viewBox="([^"]*)"/.exec(svg)?.[1] ?? '0 0 512 512'
  const body = svg.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '').replace(/<!--[\s\S]*?-->/g, '')
  const label = title ? ` role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>` : ' aria-hidden="true">'
  return `<svg class="${['bbl-icon', ...classes].join(' ')}" viewBox="${viewBox}"${label}${body}</svg>`
}

export interface InlinedIcons {
  doc: NotesDoc
  warnings: Warning[]
}

/** A copy of `doc` with every font icon drawn as inline SVG. */
export async function inlineIcons(doc: NotesDoc): Promise<InlinedIcons> {
  const warnings: Warning[] = []
  const cache = new Map<string, string | undefined>()
  const pending = new Map<string, Promise<string | undefined>>()
  const lookup = (name: string, prefix: string) => {
    const key = `${prefix} ${name}`
    if (!pending.has(key)) {
      pending.set(
        key,
        findIcon(name, prefix).then((svg) => {
          cache.set(key, svg)
          return svg
        }),
      )
    }
    return pending.get(key)!
  }
  // First pass: find every icon named anywhere; second: rewrite synchronously.
  const htmls: string[] = []
  const visit = (html: string) => htmls.push(html)
  walk(doc, visit)
  const found = htmls.flatMap((h) => [...h.matchAll(ICON)].map((m) => parseClasses(m[1]!)))
  await Promise.all(found.map((c) => lookup(c.name, c.prefix)))
  const rewrite = (html: string, line?: number): string =>
    html.replace(ICON, (_tag, cls: string, title?: string) => {
      const c = parseClasses(cls)
      const svg = cache.get(`${c.prefix} ${c.name}`)
      if (svg) return iconSvg(svg, c.modifiers, title)
      if (!warnings.some((w) => w.line === line && w.message.includes(`"${c.name}"`))) {
        warnings.push({ code: 'ICON_UNKNOWN', line, message: `no icon named "${c.name}" in Font Awesome Free; pick a name from fontawesome.com/icons (free set)` })
      }
      return title ? `<span class="bbl-icon-missing">${title}</span>` : `<span class="bbl-icon-missing">[${escapeHtml(c.name)}]</span>`
    })
  return { doc: mapHtml(doc, rewrite), warnings: warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) }
}

function parseClasses(cls: string): { prefix: string; name: string; modifiers: string[] } {
  const [prefix, ...rest] = cls.split(' ')
  const nameIdx = rest.findIndex((c) => c.startsWith('fa-') && !MODIFIER.test(c))
  return { prefix: prefix!, name: rest[nameIdx]!.slice(3), modifiers: rest.filter((_, i) => i !== nameIdx) }
}

function walk(doc: NotesDoc, visit: (html: string) => void): void {
  mapHtml(doc, (h) => {
    visit(h)
    return h
  })
}

/** A copy of the notes with `f` applied to every HTML fragment: blocks, footnotes, speaker notes, captions, section titles. */
export function mapHtml(doc: NotesDoc, f: (html: string, line?: number) => string): NotesDoc {
  const block = (b: Block, fallback?: number): Block => {
    const line = b.line ?? fallback
    if (b.kind === 'photos') return b.caption ? { ...b, caption: f(b.caption, line) } : b
    if (b.kind === 'html' && b.footnotes) return { ...b, html: f(b.html, line), footnotes: b.footnotes.map((n) => ({ ...n, html: f(n.html, line) })) }
    return { ...b, html: f(b.html, line) }
  }
  const section = (s: Section): Section => ({
    ...s,
    title: f(s.title, s.line),
    blocks: s.blocks.map((b) => block(b, s.line)),
    sections: s.sections.map(section),
  })
  return { ...doc, title: f(doc.title, 1), preamble: doc.preamble.map((b) => block(b)), sections: doc.sections.map(section) }
}
