import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { dateKey, type LandingEntry, landingLang, landingPage, sortEntries } from '../../src/landing/page.js'

const entry = (title: string, date: string | undefined, lang: string, extra: Partial<LandingEntry> = {}): LandingEntry => ({
  folder: title.toLowerCase().replace(/\W+/g, '-'),
  title,
  ...(date ? { date } : {}),
  lang,
  decks: [{ kind: 'recap', file: 'index.html', title, speakers: [], slides: 12 }],
  ...extra,
})

describe('landing page', () => {
  it('reads ISO dates and what Date reads; not a bare word', () => {
    assert.equal(dateKey('2024-05-17'), Date.UTC(2024, 4, 17))
    assert.equal(dateKey('2023-11'), Date.UTC(2023, 10, 1))
    assert.equal(dateKey('June 3, 2022'), Date.parse('June 3, 2022'))
    assert.equal(dateKey('printemps'), undefined)
    assert.equal(dateKey(undefined), undefined)
  })
  it('sorts newest first, undated conferences after, by title', () => {
    const order = sortEntries([entry('Zeta Undated', undefined, 'en'), entry('Old', '2019-03-01', 'en'), entry('Alpha Undated', undefined, 'en'), entry('New', '2024-10-02', 'en')])
    assert.deepEqual(order.map((e) => e.title), ['New', 'Old', 'Alpha Undated', 'Zeta Undated'])
  })
  it('speaks the language most conferences are in', () => {
    assert.equal(landingLang([entry('A', undefined, 'fr'), entry('B', undefined, 'en'), entry('C', undefined, 'fr')]), 'fr')
    assert.equal(landingLang([]), 'en')
    const html = landingPage([entry('Devoxx France', '2024-04-17', 'fr')])
    assert.match(html, /<html lang="fr">/)
    assert.match(html, /12 diapositives/)
    assert.match(html, /placeholder="Filtrer/)
  })
  it('links each slide picture of a deck, folded under one summary, numbered in slide order', () => {
    const pictures = ['slides/001.png', 'slides/002.png', 'slides/003.png']
    const html = landingPage([entry('Devoxx', undefined, 'fr', { decks: [{ kind: 'recap', file: 'index.html', title: 'Devoxx', speakers: [], slides: 3, pictures }] })])
    assert.match(html, /<details class="pictures"><summary>Images des diapositives \(3\)<\/summary><p><a href="devoxx\/slides\/001\.png">1<\/a> <a href="devoxx\/slides\/002\.png">2<\/a> <a href="devoxx\/slides\/003\.png">3<\/a><\/p><\/details>/)
    assert.doesNotMatch(landingPage([entry('Devoxx', undefined, 'fr')]), /<details/)
  })
  it('shows the title-slide picture when there is one, else draws the title slide', () => {
    const withThumb = entry('Devoxx', undefined, 'en', { decks: [{ kind: 'recap', file: 'index.html', title: 'Devoxx', speakers: [], slides: 3, thumb: 'index.thumb.webp' }] })
    assert.match(landingPage([withThumb]), /<img src="devoxx\/index\.thumb\.webp"/)
    const html = landingPage([entry('Devoxx', undefined, 'en')])
    assert.doesNotMatch(html, /<img /)
    assert.match(html, /<span class="drawn-title">Devoxx<\/span>/)
  })
  it("links each deck's PowerPoint file, when bbl pptx made one", () => {
    const decks: LandingEntry['decks'] = [
      { kind: 'recap', file: 'index.html', title: 'Devoxx', speakers: [], slides: 3 },
      { kind: 'talk', file: 'kafka.html', title: 'Kafka', speakers: ['Ada'], slides: 5 },
      { kind: 'talk', file: 'flink.html', title: 'Flink', speakers: ['Bob'], slides: 4 },
    ]
    const pptx = [
      { kind: 'recap', file: 'devoxx.pptx' },
      { kind: 'talk', file: 'kafka.pptx' },
    ]
    const html = landingPage([entry('Devoxx', undefined, 'en', { decks, pptx })])
    assert.deepEqual([...html.matchAll(/href="([^"]+\.pptx)">PowerPoint</g)].map((m) => m[1]), ['devoxx/devoxx.pptx', 'devoxx/kafka.pptx'])
    assert.doesNotMatch(landingPage([entry('Devoxx', undefined, 'en', { decks })]), /PowerPoint/)
  })
  it('links the bundled fonts of a conference folder, and nothing outside the output folder', () => {
    const html = landingPage([entry('Devoxx', undefined, 'en', { fonts: 'assets/fonts/fonts.css' })])
    assert.match(html, /<link rel="stylesheet" href="devoxx\/assets\/fonts\/fonts\.css">/)
    assert.doesNotMatch(html, /https?:\/\//)
  })
})
