/**
 * Reading a notes file: text in UTF-8 (or UTF-16 with a byte-order mark), and a
 * one-line reason for anything else (missing, a folder, binary, not UTF-8).
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { BblError, ExitCode } from '../core/error.js'

/** Read the notes (`file` as given, relative to `cwd`), refusing what is not a text file with a one-line reason. */
export async function readNotes(file: string, cwd = process.cwd()): Promise<string> {
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
