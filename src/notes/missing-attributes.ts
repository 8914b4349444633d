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
  const drop = (s: string) => names.reduce((acc, n) => acc.split(`{${n}}`).join(''), s)
  return { ...block, html: drop(block.html), text: drop(block.text) }
}

export function missingWarning(name: string, line?: number): Warning {
  return { code: 'ATTRIBUTE_MISSING', message: `{${name}} is not defined and is left out; define :${name}: in the notes or pass -a ${name}=VALUE`, ...(line ? { line } : {}) }
}
