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
  EBUSY: 'is in use by another program; close it and try again',
  EIO: 'cannot be read or written (input/output error on the disk)',
}

/** The BblError for a Node file-system error, or undefined when `e` is not one. */
export function fromFsError(e: unknown, cwd = process.cwd()): BblError | undefined {
  const err = e as NodeJS.ErrnoException
  if (!err || typeof err !== 'object' || typeof err.code !== 'string' || !(err.code in WHY)) return undefined
  const where = err.path ?? (err as { dest?: string }).dest
  if (typeof where !== 'string') return undefined
  const shown = path.relative(cwd, where) || where
  const why = WHY[err.code]!
  return new BblError(`${shown.startsWith('..') ? where : shown} ${why} (${err.code})`, ExitCode.OUTPUT)
}
