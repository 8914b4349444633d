/**
 * Reading a notes file: text in UTF-8 (or UTF-16 with a byte-order mark), and a
 * one-line reason for anything else (missing, a folder, binary, not UTF-8).
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { BblError, ExitCode } from '../core/error.js'
import { withoutXmlForbidden, XML_FORBIDDEN } from '../core/text.js'
import type { Warning } from '../core/warning.js'

let reads = 0
/** How many notes files this process has read to parse them (a debug counter: a rebuild of unchanged notes reads none). */
export const notesReads = (): number => reads

/** Read the notes (`file` as given, relative to `cwd`), refusing what is not a text file with a one-line reason. */
export async function readNotes(file: string, cwd = process.cwd()): Promise<string> {
  reads++
  let bytes: Buffer
  try {
    bytes = await readFile(path.resolve(cwd, file))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'no such file; check the path, or run bbl from the folder that holds decks/'
      : code === 'EISDIR' ? 'is a directory; pass a notes file (.adoc) instead'
      : code === 'EACCES' ? 'cannot be read (permission denied)'
      : `cannot be read (${code ?? String(e)})`
    throw new BblError(why, ExitCode.INPUT, { file })
  }
  // UTF-16 with a byte-order mark (what Windows Notepad calls "Unicode"): decoded, not refused as binary.
  const bom16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined
  if (bom16) {
    try {
      return new TextDecoder(bom16, { fatal: true }).decode(bytes)
    } catch {
      throw new BblError(`is not valid ${bom16.toUpperCase()} text; save the notes as UTF-8`, ExitCode.INPUT, { file })
    }
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    throw new BblError(`is not a text file (binary data at byte ${nul}); pass AsciiDoc notes`, ExitCode.INPUT, { file })
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new BblError('is not UTF-8 text; save the notes as UTF-8', ExitCode.INPUT, { file })
  }
}

/**
 * The notes without the characters XML forbids (a control character pasted from a
 * PDF), with a warning for each line that held one: no deck, PDF or PowerPoint
 * file gets them.
 */
export function withoutControlCharacters(text: string): { text: string; warnings: Warning[] } {
  if (text.search(XML_FORBIDDEN) === -1) return { text, warnings: [] }
  const warnings: Warning[] = []
  const lines = text.split('\n').map((l, i) => {
    const found = l.match(XML_FORBIDDEN)
    if (!found) return l
    const codes = [...new Set(found.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`))]
    const what = codes.length === 1 ? 'a control character' : 'control characters'
    warnings.push({ code: 'CONTROL_CHARACTER', line: i + 1, message: `removed ${what} (${codes.join(', ')}) that no deck or PowerPoint file may hold (pasted from a PDF?); delete ${codes.length === 1 ? 'it' : 'them'} from the notes` })
    return withoutXmlForbidden(l)
  })
  return { text: lines.join('\n'), warnings }
}
