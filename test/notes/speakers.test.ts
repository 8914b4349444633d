/**
 * Speaker metadata written in other common ways (issue 7, point 8): description
 * lists in any style, names each followed by a company in parentheses, several
 * speakers with any supported joiner, content attached to a speaker entry.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadNotes, parseNotes } from '../../src/notes/asciidoc.js'
import { type Conference, mapConference } from '../../src/notes/conference.js'

const conf = (text: string): Conference => mapConference(parseNotes(text, 'notes.adoc'))
const talk = (speakerLine: string, title = 'A talk about queues') =>
  conf(`= Conf\n\n== Talks\n\n=== ${title}\n\n${speakerLine}\n\n==== Notes\n\nQueues are everywhere.\n`).talks[0]!

describe('speakers and companies', () => {
  it('reads the fixture test/fixtures/speakers.adoc: every form gives its speakers and their companies', async () => {
    const c = mapConference(await loadNotes('test/fixtures/speakers.adoc'))
    assert.deepEqual(
      c.talks.map((t) => ({ speakers: t.speakers, companies: t.companies, company: t.company })),
      [
        { speakers: ['Ada Park', 'Ben Stone'], companies: ['Initech', 'Umbrella'], company: 'Initech, Umbrella' },
        { speakers: ['Chloé Martin'], companies: ['Zalando'], company: 'Zalando' },
        { speakers: ['Dana Lee', 'Eli Novak'], companies: ['Fastly', 'Cloudflare'], company: 'Fastly, Cloudflare' },
        // The title's company wins for the talk; each speaker keeps theirs.
        { speakers: ['Farah Khan', 'Gus Weber'], companies: ['Datadog', 'Honeycomb'], company: 'Grafana Labs' },
      ],
    )
    assert.equal(c.talks[0]!.role, 'Level: Intermediate')
    assert.equal(c.talks[3]!.role, 'site reliability engineers')
  })

  it('keeps a list attached to a speaker entry as content, not as the role', async () => {
    const c = mapConference(await loadNotes('test/fixtures/speakers.adoc'))
    const t = c.talks[1]!
    assert.equal(t.role, undefined)
    const intro = t.intro.map((b) => (b.kind === 'html' ? b.text : '')).join(' ')
    assert.match(intro, /Patroni handles failover and leader election/)
    assert.match(intro, /Backups stream to object storage/)
  })

  it('takes every joiner between "Name (Company)" entries', () => {
    for (const line of [
      'Speakers: Ada Park (Initech), Ben Stone (Umbrella)',
      'Presented by Ada Park (Initech) and Ben Stone (Umbrella)',
      'Présenté par Ada Park (Initech) et Ben Stone (Umbrella)',
      'Ada Park (Initech) & Ben Stone (Umbrella)'.replace(/^/, 'Speakers: '),
    ]) {
      const t = talk(line)
      assert.deepEqual([t.speakers, t.companies], [['Ada Park', 'Ben Stone'], ['Initech', 'Umbrella']], line)
    }
  })

  it('takes a "Company::" entry as the speakers\' company, not as their role', () => {
    const t = talk('Speaker:: Dana Scott\nRole:: SRE\nCompany:: Acme')
    assert.deepEqual([t.speakers, t.companies, t.company, t.role], [['Dana Scott'], ['Acme'], 'Acme', 'SRE'])
  })

  it('does not take a handle or an e-mail in parentheses for a company', () => {
    const t = talk('Presented by Ada Park (@adapark), staff engineer')
    assert.deepEqual(t.speakers, ['Ada Park'])
    assert.equal(t.company, undefined)
  })

  it('keeps the speakers and role of the forms that worked before', () => {
    const t = talk('Speaker:: Dana Scott\nRole:: SRE')
    assert.deepEqual([t.speakers, t.role, t.company], [['Dana Scott'], 'SRE', undefined])
    const u = talk('Presented by Dana Scott and Eli Novak, engineers at Acme')
    assert.deepEqual([u.speakers, u.role], [['Dana Scott', 'Eli Novak'], 'engineers at Acme'])
  })
})

describe('speaker lines written in Chinese and Japanese', () => {
  it('takes their labels and full-width colon and comma: the talk is a talk, its speakers and role read', () => {
    const zh = talk('讲者：李明，阿里巴巴', '前端性能优化实践 (ZH)')
    assert.deepEqual([zh.speakers, zh.role, zh.lang, zh.titleText], [['李明'], '阿里巴巴', 'zh', '前端性能优化实践'])
    assert.deepEqual(talk('Speaker：李明').speakers, ['李明'])
    assert.deepEqual(talk('講演者: 佐藤花子、鈴木一郎').speakers, ['佐藤花子', '鈴木一郎'])
    assert.deepEqual(talk('登壇者：山田太郎').speakers, ['山田太郎'])
  })
})
