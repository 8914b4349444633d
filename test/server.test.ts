import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { requestSegments } from '../src/server.js'

describe('request paths', () => {
  it('are decoded once and refused when they could leave the output folder', () => {
    assert.deepEqual(requestSegments('/'), [''])
    assert.deepEqual(requestSegments('/a/b.html?x=1#y'), ['a', 'b.html'])
    assert.deepEqual(requestSegments('/caf%C3%A9/x%20y.html'), ['café', 'x y.html'])
    assert.deepEqual(requestSegments('/%252e%252e/x'), ['%2e%2e', 'x'])
    for (const bad of ['/../x', '/%2e%2e/x', '/a/%2E/x', '/a%2fb', '/a%5Cb', '/a\\b', '/a/%00', '//x', '/a//b', 'x', '/%zz']) {
      assert.equal(requestSegments(bad), 400, bad)
    }
    assert.equal(requestSegments('/a/.hidden'), 404)
  })
})
