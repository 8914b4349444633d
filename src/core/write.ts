/**
 * Writing an output file so that a failure names it. Node's `writeFile` reports
 * a failed write (a full disk) without the path it was writing, and its
 * `copyFile` names the source first: the message would name the wrong file, or
 * none, and a full disk would look like a bug in bbl.
 */
import { appendFile, writeFile } from 'node:fs/promises'

/** `e` with `file` as the path it is about, when it is a file-system error without one. */
export function naming(e: unknown, file: string): unknown {
  const err = e as NodeJS.ErrnoException
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.path !== 'string') err.path = file
  return e
}

export async function writeOut(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(file, data)
  } catch (e) {
    throw naming(e, file)
  }
}

export async function appendOut(file: string, data: string): Promise<void> {
  try {
    await appendFile(file, data)
  } catch (e) {
    throw naming(e, file)
  }
}
