/**
 * The metadata a static-site generator keeps with a post: YAML front matter
 * (`---` … `---`, which Asciidoctor sets aside as the `front-matter` attribute
 * when asked with `skip-front-matter`) and JBake's `:jbake-*:` attributes.
 * Read as the notes' title, author, date, language and tags; never shown.
 * Pure: text and attributes in, metadata out.
 */
import { parse } from 'yaml'
import type { Warning } from './model.js'

export interface NotesMeta {
  title?: string
  author?: string
  date?: string
  lang?: string
  tags?: string[]
}

/** A YAML scalar or list as text: a date is written as YYYY-MM-DD, a list of names is joined. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined
  if (typeof v === 'number') return String(v)
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (Array.isArray(v)) return v.map(text).filter(Boolean).join(', ') || undefined
  if (v && typeof v === 'object' && 'name' in v) return text((v as { name: unknown }).name)
  return undefined
}

function list(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.map(text).filter((s): s is string => !!s)
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean)
  return undefined
}

function fromYaml(yaml: string): { meta: NotesMeta; warning?: Warning } {
  let data: unknown
  try {
    data = parse(yaml)
  } catch (e) {
    const line = (e as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line
    // The front matter is metadata: bad YAML costs the metadata, not the notes.
    return { meta: {}, warning: { code: 'FRONT_MATTER', message: 'front matter is not valid YAML and is ignored; check its indentation and quotes', ...(line ? { line: line + 1 } : {}) } }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { meta: {} }
  const d = data as Record<string, unknown>
  const params = (d['params'] && typeof d['params'] === 'object' ? d['params'] : {}) as Record<string, unknown>
  return {
    meta: {
      title: text(d['title']),
      author: text(d['author'] ?? d['authors'] ?? params['author']),
      date: text(d['date']),
      lang: text(d['lang'] ?? d['language'] ?? d['locale']),
      tags: list(d['tags'] ?? d['keywords'] ?? d['categories']),
    },
  }
}

/** JBake's header attributes (`:jbake-title:`, `:jbake-date:`, `:jbake-tags:`, …), as Asciidoctor read them. */
function fromJbake(attrs: Record<string, unknown>): NotesMeta {
  const a = (k: string) => text(attrs[`jbake-${k}`])
  const tags = a('tags')
  return { title: a('title'), author: a('author'), date: a('date'), lang: a('lang'), ...(tags ? { tags: list(tags) } : {}) }
}

/** The notes' metadata from their front matter, then their JBake attributes; empty fields dropped. */
export function notesMeta(frontMatter: unknown, attrs: Record<string, unknown>): { meta: NotesMeta; warnings: Warning[] } {
  const yaml = typeof frontMatter === 'string' && frontMatter.trim() ? fromYaml(frontMatter) : { meta: {} }
  const jbake = fromJbake(attrs)
  const meta: NotesMeta = {}
  for (const k of ['title', 'author', 'date', 'lang', 'tags'] as const) {
    const v = yaml.meta[k] ?? jbake[k]
    if (v !== undefined && (!Array.isArray(v) || v.length > 0)) (meta as Record<string, unknown>)[k] = v
  }
  return { meta, warnings: yaml.warning ? [yaml.warning] : [] }
}
