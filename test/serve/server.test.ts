import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isLoopbackName, loopbackHost, requestSegments } from '../../src/serve/server.js'

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

describe('host check', () => {
  it('answers to loopback names only, whatever the port', () => {
    for (const ok of ['localhost', 'localhost:8000', '127.0.0.1:8123', '127.1.2.3', '[::1]:80', 'decks.localhost:8000', undefined]) {
      assert.equal(loopbackHost(ok), true, String(ok))
    }
    for (const bad of ['attacker.example:8000', 'example.com', '10.0.0.1:8000', '[::2]:80', 'localhost.example.com']) {
      assert.equal(loopbackHost(bad), false, bad)
    }
  })
})

describe('loopback addresses to bind', () => {
  it('are loopback names and addresses, so that serve checks Host headers on them', () => {
    for (const ok of ['127.0.0.1', '127.0.0.2', '::1', 'localhost', 'LOCALHOST']) assert.equal(isLoopbackName(ok), true, ok)
    for (const bad of ['0.0.0.0', '::', '192.168.1.10', '128.0.0.1', 'mybox']) assert.equal(isLoopbackName(bad), false, bad)
  })
})
