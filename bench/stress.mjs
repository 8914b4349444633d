/**
 * Notes that stress the fitter, written the way a user would write them: one
 * talk holding a long list, a deep nesting, a long listing or a long table.
 * Deterministic (no randomness), so two runs measure the same text.
 *
 *   node bench/stress.mjs list 5000 > /tmp/list.adoc
 *   node bench/stress.mjs nest 20 | listing 100000 | table 50000
 *   node bench/stress.mjs archive 4100    # a team's archive: 4,100 talks, ~10 MB
 */
import { fileURLToPath } from 'node:url'

const WORDS = 'stream broker partition offset consumer replica latency window join state topic schema'.split(' ')
const phrase = (i, n = 6) => Array.from({ length: n }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')

const head = (title) => `= Stress Day\n:lang: en\n\n== Talks\n\n=== ${title} (EN)\n\nPresented by Ada Lovelace\n\n==== Notes\n\n`

/** A flat list of `n` items. */
export const list = (n) => head(`A list of ${n} items`) + Array.from({ length: n }, (_, i) => `* Item ${i + 1}: ${phrase(i)}\n`).join('')

/** A list nested `depth` levels deep, two items per level, as `*`, `**`... */
export const nest = (depth) =>
  head(`Lists nested ${depth} levels deep`) +
  Array.from({ length: depth }, (_, d) => `${'*'.repeat(d + 1)} Level ${d + 1}: ${phrase(d)}\n${'*'.repeat(d + 1)} Level ${d + 1} again: ${phrase(d + 1)}\n`)
    .join('')
    .replace(/\n$/, '\n') +
  Array.from({ length: depth }, (_, d) => `${'*'.repeat(depth - d)} Back at level ${depth - d}: ${phrase(d + 2)}\n`).join('')

/** A listing of `n` lines. */
export const listing = (n) =>
  head(`A listing of ${n} lines`) +
  `[source,text]\n----\n${Array.from({ length: n }, (_, i) => `line ${i + 1}: ${phrase(i, 4)}`).join('\n')}\n----\n`

/** A table of `n` rows under a header. */
export const table = (n) =>
  head(`A table of ${n} rows`) +
  `[cols="1,3,2",options="header"]\n|===\n| # | What | Value\n${Array.from({ length: n }, (_, i) => `| ${i + 1} | ${phrase(i, 3)} | ${(i * 37) % 1000} ms\n`).join('')}|===\n`

/**
 * A team's archive: one conference section holding `n` talks of about 2 KB each,
 * written as the sample's talks are (speaker line, abstract, notes with a nested
 * list, opinion, links). 4,100 talks make about 10 MB.
 */
export const archive = (n) =>
  `= Archive of our conference notes\n:lang: en\n\n== Talks\n\n${Array.from({ length: n }, (_, i) => archivedTalk(i)).join('\n')}`

const archivedTalk = (i) => `=== Talk ${i + 1}: ${phrase(i, 4)} (EN)

Presented by Speaker ${i + 1} and Co-speaker ${(i * 13) % 97}

==== Abstract

${sentences(i, 6)}

${sentences(i + 1, 5)}

==== Notes

${sentences(i + 2, 3)}

* *${phrase(i, 2)}*
** ${phrase(i + 3, 8)}
** ${phrase(i + 4, 7)} and \`${WORDS[i % WORDS.length]}()\`
* *${phrase(i + 1, 2)}*
** ${phrase(i + 5, 9)}
** ${phrase(i + 6, 6)}

${sentences(i + 3, 4)}

.${phrase(i + 7, 3)}
[source,java]
----
${WORDS[i % WORDS.length]}.${WORDS[(i + 1) % WORDS.length]}(${i});
----

==== Opinion

${sentences(i + 4, 3)}

==== Links

* https://example.org/talks/${i + 1}[Slides of talk ${i + 1}]
* https://example.org/video/${i + 1}[The video]
`

/** `n` sentences of twelve words, varied by `i`. */
const sentences = (i, n) => Array.from({ length: n }, (_, k) => `${phrase(i + k * 5, 12).replace(/^./, (c) => c.toUpperCase())}.`).join(' ')

const kinds = { list, nest, listing, table, archive }

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [kind, size] = process.argv.slice(2)
  const make = kinds[/** @type {keyof typeof kinds} */ (kind)]
  if (!make || !Number.isInteger(Number(size))) {
    process.stderr.write('usage: node bench/stress.mjs list|nest|listing|table|archive N\n')
    process.exit(2)
  }
  process.stdout.write(make(Number(size)))
}
