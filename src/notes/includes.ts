/**
 * The files a notes file includes, as Asciidoctor resolved them while parsing
 * (never by reading `include::` lines ourselves): bbl serve watches them. The
 * catalog names each included file by its path from the notes' folder without
 * its extension; the file is the one of that name in that folder. An include
 * Asciidoctor looked for and did not find is watched too, so that it is picked
 * up when it appears.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { Document } from '@asciidoctor/core'

const NOT_FOUND = /^include file not found: (.+)$/

export function includedFiles(doc: Document, docdir: string, messages: string[]): string[] {
  const catalog = (doc.getCatalog() as { includes?: { $$keys?: unknown[] } }).includes
  const keys = (catalog?.$$keys ?? []).filter((k): k is string => typeof k === 'string')
  const found = keys.flatMap((key) => filesNamed(path.resolve(docdir, key)))
  const missing = messages.flatMap((m) => NOT_FOUND.exec(m)?.[1] ?? [])
  return [...new Set([...found, ...missing])]
}

/** `dir/name` without extension → `dir/name.adoc`, `dir/name.txt`... whichever exist. */
function filesNamed(stem: string): string[] {
  const dir = path.dirname(stem)
  const base = path.basename(stem)
  try {
    return readdirSync(dir)
      .filter((f) => f === base || f.slice(0, f.length - path.extname(f).length) === base)
      .map((f) => path.join(dir, f))
  } catch {
    return []
  }
}
