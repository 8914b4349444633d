/**
 * A `{reference}` to an attribute nobody defined: Asciidoctor (with
 * `attribute-missing: warn`) leaves `{name}` in the text and logs it, without a
 * line. bbl takes the reference out of the block it was converted in and says
 * so on that block's line: `{name}` never reaches a slide. Pure.
 */
import type { Block, Warning } from './model.js'

/** Asciidoctor's log line for a reference it left as written (it gives no code: its wording is the only sign). */
export const MISSING_ATTRIBUTE = /^skipping reference to missing attribute: (.+)$/

/** The attributes logged as missing in `messages`, each once. */
export function missingNames(messages: string[]): string[] {
  return [...new Set(messages.flatMap((m) => MISSING_ATTRIBUTE.exec(m)?.[1] ?? []))]
}

/** The block without the references to `names` (its HTML and its text). */
export function withoutReferences(block: Block, names: string[]): Block {
  if (block.kind === 'photos') return block
  return { ...block, html: withoutNames(block.html, names), text: withoutNames(block.text, names) }
}

export function missingWarning(name: string, line?: number): Warning {
  return { code: 'ATTRIBUTE_MISSING', message: `{${name}} is not defined and is left out; define :${name}: in the notes or pass -a ${name}=VALUE`, ...(line ? { line } : {}) }
}

/** What a conversion logged as missing: the messages logged while `run` ran, and its result. */
export interface MissingWatch {
  /** How many messages the logger holds. */
  count: () => number
  /** The texts of the messages from index `from` on. */
  textsFrom: (from: number) => string[]
  warn: (w: Warning) => void
}

/**
 * Runs `run` (a conversion), and drops every reference it logged as missing from
 * what `clean` is given, with a warning on `line` for each.
 */
export function resolving<T>(watch: MissingWatch, line: number | undefined, run: () => T, clean: (value: T, names: string[]) => T): T {
  const from = watch.count()
  const value = run()
  const names = missingNames(watch.textsFrom(from))
  if (names.length === 0) return value
  for (const n of names) watch.warn(missingWarning(n, line))
  return clean(value, names)
}

/** The text (a title) without the references to `names`. */
export const withoutNames = (s: string, names: string[]): string => names.reduce((acc, n) => acc.split(`{${n}}`).join(''), s)

/** `text` (a title) without its references to any of `missing`, each one it held said to `warn`. */
export function withoutMissing(text: string, missing: string[], warn: (name: string) => void): string {
  const names = missing.filter((n) => text.includes(`{${n}}`))
  names.forEach(warn)
  return withoutNames(text, names)
}
