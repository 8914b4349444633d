import assert from 'node:assert/strict'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { findBrowser } from '../../src/browser/finders.js'

describe('findBrowser', () => {
  let tmp = ''
  const stub = async (dir: string, name: string) => {
    await mkdir(dir, { recursive: true })
    await writeFile(path.join(dir, name), '#!/bin/sh\n')
    await chmod(path.join(dir, name), 0o755)
    return path.join(dir, name)
  }
  // Nothing from this machine: an empty Puppeteer cache, a PATH of stubs only.
  const input = (dirs: string[], extra: Record<string, string> = {}) => ({
    env: { PATH: dirs.join(path.delimiter), PUPPETEER_CACHE_DIR: path.join(tmp, 'no-cache'), ...extra },
    cwd: tmp,
    platform: 'linux' as const,
  })

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-finders-'))
  })
  after(async () => {
    await rm(tmp, { recursive: true, force: true })
  })

  it('prefers a headless shell to the full browser on the PATH, wherever each is', async () => {
    const full = await stub(path.join(tmp, 'a'), 'chromium')
    const shell = await stub(path.join(tmp, 'b'), 'chromium-headless-shell')
    assert.deepEqual(await findBrowser(input([path.join(tmp, 'a'), path.join(tmp, 'b')])), { path: shell, from: 'system' })
    assert.deepEqual(await findBrowser(input([path.join(tmp, 'a')])), { path: full, from: 'system' })
  })

  it('takes Puppeteer\'s chrome-headless-shell by its name too', async () => {
    const shell = await stub(path.join(tmp, 'c'), 'chrome-headless-shell')
    await stub(path.join(tmp, 'c'), 'google-chrome')
    assert.equal((await findBrowser(input([path.join(tmp, 'c')]))).path, shell)
  })

  it('still takes a browser named by --browser or the environment over any shell', async () => {
    const full = await stub(path.join(tmp, 'd'), 'chromium')
    await stub(path.join(tmp, 'd'), 'chromium-headless-shell')
    assert.deepEqual(await findBrowser({ ...input([path.join(tmp, 'd')], { CHROME_PATH: full }) }), { path: full, from: 'CHROME_PATH' })
    assert.deepEqual(await findBrowser({ ...input([path.join(tmp, 'd')]), explicit: full }), { path: full, from: '--browser' })
  })
})
