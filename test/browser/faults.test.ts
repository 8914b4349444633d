import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import * as puppeteer from 'puppeteer-core'
import { ProtocolError, TimeoutError } from 'puppeteer-core'
import { browserFault } from '../../src/browser/faults.js'

/** An error as if thrown at `frame` (the first line of its stack after the message). */
function thrownAt(frame: string, message = 'x'): Error {
  const e = new Error(message)
  e.stack = `Error: ${message}\n    at ${frame}\n    at async run (/work/bbl/src/pdf/runner.ts:80:5)`
  return e
}

describe('browserFault: what went wrong, from the error itself', () => {
  it('a wait past its clock, and a protocol call the browser never answered, are a timeout', () => {
    assert.equal(browserFault(new TimeoutError('Waiting failed: 500ms exceeded')), 'timeout')
    assert.equal(browserFault(new ProtocolError('Runtime.callFunctionOn timed out.')), 'timeout')
  })

  it('a call the browser refused is a protocol failure; a closed page or session is gone', () => {
    const refused = new ProtocolError('Protocol error (Page.printToPDF): Printing failed')
    refused.originalMessage = 'Printing failed'
    assert.equal(browserFault(refused), 'protocol')
    const TargetCloseError = (puppeteer as unknown as { TargetCloseError: typeof ProtocolError }).TargetCloseError
    assert.equal(browserFault(new TargetCloseError('Target closed')), 'gone')
    assert.equal(browserFault(thrownAt('IsolatedWorld.evaluate (/x/node_modules/puppeteer-core/lib/esm/puppeteer/cdp/IsolatedWorld.js:75:23)', 'Execution context was destroyed')), 'gone')
  })

  it("an exception in the page's scripts is the page's; anything else is not the browser's (a bug)", () => {
    assert.equal(browserFault(thrownAt('eval (pptr:evaluate;Page.evaluate%20(file.js%3A1%3A1):3:9)', 'Reveal is not defined')), 'page')
    assert.equal(browserFault(thrownAt('plan (/work/bbl/src/pdf/jobs.ts:12:3)')), undefined)
    assert.equal(browserFault(new TypeError('a.href.startsWith is not a function')), undefined)
    assert.equal(browserFault('a string'), undefined)
  })
})
