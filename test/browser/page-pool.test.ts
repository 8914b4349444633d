import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'puppeteer-core'
import { PagePool, type PageSource } from '../../src/browser/page-pool.js'

type Hooks = Parameters<PageSource['page']>[1]

/** A page that remembers whether it was closed and can say what it saw (a blocked request, an error). */
class FakePage {
  closed = false
  constructor(
    readonly id: number,
    readonly hooks: Hooks,
  ) {}
  async close(): Promise<void> {
    this.closed = true
  }
  isClosed(): boolean {
    return this.closed
  }
}

/** A browser manager that hands out fake pages, `pages` at once. */
function fakeBrowser(pages: number): PageSource & { opened: FakePage[] } {
  const opened: FakePage[] = []
  return {
    pages,
    opened,
    page: async (_root, hooks) => {
      const p = new FakePage(opened.length, hooks)
      opened.push(p)
      return p as unknown as Page
    },
  }
}

const fake = (p: Page) => p as unknown as FakePage
const tick = () => new Promise((resolve) => setTimeout(resolve, 1))

describe('PagePool: the one page pool of PDFs, PowerPoint files and measuring', () => {
  it('never runs more jobs at once than the browser manager allows, and returns results in the items order', async () => {
    const pool = new PagePool(fakeBrowser(3), { root: '/deck' })
    let now = 0
    let most = 0
    const out = await pool.run([5, 1, 4, 2, 3, 1, 2, 5, 1], async (ms) => {
      most = Math.max(most, ++now)
      await new Promise((resolve) => setTimeout(resolve, ms))
      now--
      return ms * 10
    })
    assert.equal(most, 3)
    assert.deepEqual(out, [50, 10, 40, 20, 30, 10, 20, 50, 10])
    await pool.close()
  })

  it('a smaller size asked for is kept; a larger one is cut to the browser manager pages', async () => {
    const browser = fakeBrowser(2)
    const pool = new PagePool(browser, { root: '/deck' })
    const most = async (size: number) => {
      let now = 0
      let top = 0
      await pool.run([1, 2, 3, 4, 5, 6], async () => {
        top = Math.max(top, ++now)
        await tick()
        now--
      }, { size })
      return top
    }
    assert.equal(await most(1), 1)
    assert.equal(await most(8), 2)
    await pool.close()
  })

  it('reuses a page from job to job, runs the setup hook once per page, and closes its pages', async () => {
    const browser = fakeBrowser(2)
    const setUp: number[] = []
    const pool = new PagePool(browser, { root: '/deck', setup: async (p) => void setUp.push(fake(p).id) })
    const used = await pool.run([1, 2, 3, 4, 5, 6], async (_, { page }) => {
      await tick()
      return fake(page).id
    })
    assert.equal(browser.opened.length, 2)
    assert.deepEqual(new Set(used), new Set([0, 1]))
    assert.deepEqual(setUp.sort(), [0, 1])
    // Another run takes the same pages again (bbl serve's kept measuring pages).
    await pool.run([1, 2], async () => tick())
    assert.equal(browser.opened.length, 2)
    await pool.close()
    assert.ok(browser.opened.every((p) => p.closed), 'every page is closed with the pool')
  })

  it('fill opens pages side by side up to the count asked, and keeps those that opened', async () => {
    const browser = fakeBrowser(4)
    const pool = new PagePool(browser, { root: '/deck' })
    await pool.fill(3)
    assert.equal(pool.pages.length, 3)
    await pool.fill(2)
    assert.equal(browser.opened.length, 3)
    await pool.fill(9)
    assert.equal(pool.pages.length, 4)
    await pool.close()
    assert.equal(pool.pages.length, 0)
  })

  it('the first failure stops the rest: no job starts after it, the running ones pages are closed, it is thrown once all settled', async () => {
    const browser = fakeBrowser(2)
    const pool = new PagePool(browser, { root: '/deck' })
    const started: number[] = []
    let slowSettled = false
    const run = pool.run([1, 2, 3, 4, 5], async (n, { page, signal }) => {
      started.push(n)
      if (n === 1) {
        // The slow job ends when its page is closed (as a real page's calls do).
        while (!fake(page).closed) await tick()
        assert.ok(signal.aborted, 'the other job is told the run stopped')
        slowSettled = true
        throw new Error('page closed')
      }
      await tick()
      throw new Error(`job ${n} failed`)
    })
    await assert.rejects(run, /^Error: job 2 failed$/)
    assert.ok(slowSettled, 'the run settles only once the running job did')
    assert.deepEqual(started, [1, 2])
    assert.ok(browser.opened.every((p) => p.closed), 'every page used is closed')
    assert.equal(pool.pages.length, 0)
  })

  it('a failure is mapped once its page is closed, with the item it came from', async () => {
    const pool = new PagePool(fakeBrowser(1), { root: '/deck' })
    const run = pool.run(['a.html'], async () => Promise.reject(new Error('boom')), {
      failed: (e, item, page) => new Error(`${item}: ${(e as Error).message}, page closed: ${fake(page).closed}`),
    })
    await assert.rejects(run, /^Error: a\.html: boom, page closed: true$/)
  })

  it('a page whose setup fails is closed, and the run fails', async () => {
    const browser = fakeBrowser(1)
    const pool = new PagePool(browser, {
      root: '/deck',
      setup: async () => {
        throw new Error('no viewport')
      },
    })
    await assert.rejects(pool.run([1], async () => 1), /no viewport/)
    assert.ok(browser.opened[0]?.closed, 'the page whose setup failed is closed')
  })

  it('blocked requests and page errors go to the job being served, and to the pool', async () => {
    const pool = new PagePool(fakeBrowser(1), { root: '/deck' })
    const seen = await pool.run(['a', 'b'], async (name, lease) => {
      const { hooks } = fake(lease.page)
      hooks?.onBlocked?.(`https://example.com/${name}.png`)
      hooks?.onError?.(`page error: ${name}`)
      // A blocked request's console error is reported once, as blocked.
      hooks?.onError?.('console: net::ERR_BLOCKED_BY_CLIENT')
      return { blocked: [...lease.blocked], errors: [...lease.errors] }
    })
    assert.deepEqual(seen, [
      { blocked: ['https://example.com/a.png'], errors: ['page error: a'] },
      { blocked: ['https://example.com/b.png'], errors: ['page error: b'] },
    ])
    assert.deepEqual([...pool.seen.blocked], ['https://example.com/a.png', 'https://example.com/b.png'])
    assert.deepEqual([...pool.seen.errors], ['page error: a', 'page error: b'])
    pool.forget()
    assert.equal(pool.seen.blocked.size + pool.seen.errors.size, 0)
    await pool.close()
  })

  it('a page closed meanwhile (a browser that died) is not handed out again', async () => {
    const browser = fakeBrowser(1)
    const pool = new PagePool(browser, { root: '/deck' })
    await pool.run([1], async () => undefined)
    browser.opened[0]!.closed = true
    const ids = await pool.run([1], async (_, { page }) => fake(page).id)
    assert.deepEqual(ids, [1])
    await pool.close()
  })
})
