/**
 * Running out of file descriptors (too many connections to bbl serve) is a
 * resource error with a one-line message and a documented exit code, whoever
 * reported it: never "a bug, please report it".
 */
import assert from 'node:assert/strict'
import { open } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { ExitCode, isBblError } from '../../src/core/error.js'
import { fromFsError, outOfFiles, outOfFilesError } from '../../src/core/fs-error.js'

const errno = (code: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra })

describe('out of file descriptors', () => {
  it('is told from the code Node gives, or the message a library wraps it in', () => {
    assert.equal(outOfFiles(errno('EMFILE', 'EMFILE: too many open files, open \'/x\'')), 'EMFILE')
    assert.equal(outOfFiles(errno('ENFILE', 'ENFILE: file table overflow')), 'ENFILE')
    assert.equal(outOfFiles(new Error('spawn EMFILE')), 'EMFILE')
    assert.equal(outOfFiles(new Error('Protocol error (Target.createTarget): accept ENFILE')), 'ENFILE')
    assert.equal(outOfFiles(errno('ENOENT', 'no such file')), undefined)
    assert.equal(outOfFiles(new Error('a message naming EMFILEX')), undefined)
    assert.equal(outOfFiles('EMFILE'), undefined)
  })

  it('becomes a one-line output error (exit 8) saying what to do', () => {
    for (const code of ['EMFILE', 'ENFILE'] as const) {
      const e = outOfFilesError(code)
      assert.ok(isBblError(e), 'isBblError(e)')
      assert.equal(e.exitCode, ExitCode.OUTPUT)
      assert.match(e.message, new RegExp(`\\(${code}\\); close some browser tabs or programs, or raise the limit`))
      assert.doesNotMatch(e.message, /bug/)
      assert.ok(!e.message.includes('\n'), "!e.message.includes('\\n')")
    }
  })

  it('on a file Node failed to open, names the file', async () => {
    const caught = await open('/no/such/dir/x').catch((e: unknown) => e)
    assert.equal(outOfFiles(caught), undefined)
    const e = fromFsError(errno('ENFILE', 'ENFILE: file table overflow', { path: '/tmp/deck/index.html' }), '/tmp')
    assert.equal(e?.exitCode, ExitCode.OUTPUT)
    assert.equal(e?.message, 'deck/index.html cannot be opened: the system has too many open files; close some programs and try again (ENFILE)')
  })
})
