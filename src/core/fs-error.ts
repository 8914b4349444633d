/**
 * A file-system error on a path is the user's environment, not a bug: it becomes
 * one line naming the path, with a documented exit code, never a stack trace.
 */
import path from 'node:path'
import { BblError, ExitCode } from './error.js'

const WHY: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'is under a file, not a folder; pick another --out',
  EISDIR: 'is a folder where a file was expected',
  EEXIST: 'already exists',
  EACCES: 'cannot be written or read (permission denied); pick another --out or fix its permissions',
  EPERM: 'cannot be written or read (operation not permitted); pick another --out or fix its permissions',
  EROFS: 'is on a read-only file system; pick another --out',
  ENOSPC: 'cannot be written: the disk is full; free some space',
  EDQUOT: 'cannot be written: disk quota exceeded; free some space',
  ENAMETOOLONG: 'has a name too long for the file system; use a shorter notes name or --out',
  ELOOP: 'is a loop of symbolic links',
  EMFILE: 'cannot be opened: too many open files; close some programs and try again',
  ENFILE: 'cannot be opened: the system has too many open files; close some programs and try again',
  EBUSY: 'is in use by another program; close it and try again',
  EIO: 'cannot be read or written (input/output error on the disk)',
}

/** Failures of writing, whatever was read: a copy's destination is the file they are about. */
const WRITING = new Set(['ENOSPC', 'EDQUOT', 'EROFS'])

/** The BblError for a Node file-system error, or undefined when `e` is not one. */
export function fromFsError(e: unknown, cwd = process.cwd()): BblError | undefined {
  const err = e as NodeJS.ErrnoException
  if (!err || typeof err !== 'object' || typeof err.code !== 'string' || !(err.code in WHY)) return undefined
  const dest = (err as { dest?: string }).dest
  // A copy that fails for want of room failed writing its destination, not reading its source (one of bbl's own files).
  const where = (WRITING.has(err.code) && dest) || err.path || dest
  const why = WHY[err.code]!
  // A write that names no file (Node's writeFile on a full disk) is still the disk, never a bug.
  if (typeof where !== 'string') return new BblError(`a file ${why} (${err.code})`, ExitCode.OUTPUT)
  const shown = path.relative(cwd, where) || where
  return new BblError(`${shown.startsWith('..') ? where : shown} ${why} (${err.code})`, ExitCode.OUTPUT)
}

const OUT_OF_FILES = /\b(EMFILE|ENFILE)\b/

/**
 * Whether `e` says the process or the system ran out of file descriptors (too many
 * connections to bbl serve, a browser's pipes): a resource to wait for, not a bug.
 * Node names the code; a library may only say it in its message ("spawn EMFILE").
 */
export function outOfFiles(e: unknown): 'EMFILE' | 'ENFILE' | undefined {
  const err = e as NodeJS.ErrnoException
  if (!err || typeof err !== 'object') return undefined
  const found = (typeof err.code === 'string' ? OUT_OF_FILES.exec(err.code) : null) ?? OUT_OF_FILES.exec(String(err.message))
  return found ? (found[1] as 'EMFILE' | 'ENFILE') : undefined
}

/** The one-line error for running out of file descriptors, whatever reported it. */
export function outOfFilesError(code: 'EMFILE' | 'ENFILE'): BblError {
  const who = code === 'EMFILE' ? 'bbl has' : 'the system has'
  return new BblError(`${who} too many files and connections open (${code}); close some browser tabs or programs, or raise the limit (ulimit -n)`, ExitCode.OUTPUT)
}
