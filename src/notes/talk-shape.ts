/**
 * Which sections are talks, when the notes do not say so in bbl's conventions
 * (a speaker line, a "Talks" heading): the author's marks first (`[.talk]`,
 * `[.talks]` on a container, `[.not-talk]`, `:bbl-talks: N`), else the
 * document's shape — a run of sibling sections, each with a body of its own,
 * under a common parent, none of them a day or a section about the conference
 * as a whole. Pure: sections in, a plan out. The rules are in the README.
 */
import type { Block, Section } from './model.js'
import { namesLinked, proseSpeakers } from './prose-speakers.js'

/** What the notes say a section is: a talk, a container of talks, or not a talk. */
export type Say = 'talk' | 'container' | 'not-talk'

export interface TalkPlan {
  says: Map<Section, Say>
  /** How the talks were found: the author's marks, or the document's shape. */
  how: 'author' | 'shape'
  /** The heading level of the talks (`===` is 3), when they share one. */
  level?: number
}

/** A day or a date: when things happened, not a talk ("Day 2 (Dec 4)", "Mardi 19 avril", "Tag 1"). */
const WHEN = new RegExp(
  [
    String.raw`\b(?:day|jour(?:née)?|tag|d[íi]a|giorno|dag)\s*(?:\d+|zero|one|two|three|four|five|six|un|deux|trois|quatre|cinq|eins|zwei|drei|vier|f[üu]nf|uno|dos|tres|cuatro|cinco)\b`,
    String.raw`\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\b`,
    String.raw`\b\d{1,2}\.?\s*(?:jan|feb|f[ée]v|mar|apr|avr|may|mai|jun|juin|jul|juil|aug|ao[ûu]t|sep|oct|nov|dec|d[ée]c|dez)[a-zéû]*\b`,
    String.raw`\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b`,
    String.raw`\b\d{4}-\d{2}-\d{2}\b`,
    String.raw`第?[一二三四五六七\d]+(?:日目|天)`,
  ].join('|'),
  'i',
)

/** A section about the conference as a whole, whatever the notes' language: it stays a recap slide. */
const WHOLE =
  /^(?:(?:the|my|our|some|les?|la|mes|nos|meine|unsere|die|der|el|los|mis)\s+)?(?:intro(?:duction)?|overview|summary|conclusions?|wrap[- ]?up|recap|(?:key |main )?(?:takeaways?|learnings?)|links?|resources|references|venue|organi[sz]ation|logistics|about|thanks|acknowledge?ments|final thoughts|closing thoughts|further reading|photos|sponsors|bilan|r[ée]sum[ée]|en r[ée]sum[ée]|remerciements|liens|ressources|lieu|[àa] retenir|fazit|einleitung|zusammenfassung|danksagung|resumen|conclusiones|enlaces|agradecimientos|まとめ|总结)\s*[:!.]?$/i

/** A heading about the event itself (the conference, a booth, the sponsors), wherever the word stands: a recap slide. */
const ABOUT_EVENT = /\b(?:conference|konferenz|conf[ée]rence|conferencia|confer[êe]ncia|booths?|sponsors?)\b|カンファレンス|大会/i

/** Words for a talk or a session, in the notes' languages: what a report of one says and an article's section does not. */
const TALK_WORD =
  /\b(?:talks?|keynotes?|sessions?|speakers?|present(?:ed|s|ation|er)|panel|workshop|fish ?bowl|vortr[aä]ge?|referent(?:in)?|sprecher(?:in)?|conférences?|orat(?:eur|rice)|atelier|table ronde|charlas?|ponentes?|palestras?|palestrante)\b|講演|登壇|セッション|基調|演讲|讲者|讲师|分享/i

const allBlocks = (s: Section): Block[] => [...s.blocks, ...s.sections.flatMap(allBlocks)]

/** A sign that a section reports a talk: a talk word in its heading or text, or a person named as a speaker or linked by name. */
function hasTalkSign(s: Section): boolean {
  const blocks = allBlocks(s)
  if (TALK_WORD.test(s.titleText) || blocks.some((b) => b.kind !== 'photos' && TALK_WORD.test(b.text))) return true
  return proseSpeakers(s.blocks).length > 0 || blocks.some((b) => b.kind === 'html' && namesLinked(b.html).length > 0)
}

const words = (blocks: Block[]): number => blocks.reduce((n, b) => n + (b.kind === 'photos' ? 0 : b.text.split(/\s+/).filter(Boolean).length), 0)
const weight = (s: Section): number => words(s.blocks) + s.sections.reduce((n, c) => n + weight(c), 0)
const hasBody = (s: Section): boolean => s.blocks.length > 0 || s.sections.length > 0

/** The author's marks: roles on sections and `:bbl-talks: N` (the sections written with N `=` are talks). */
export function authorPlan(sections: Section[], talkLevel?: number): TalkPlan | undefined {
  const says = new Map<Section, Say>()
  const walk = (s: Section, ancestors: Section[], inTalks: boolean): void => {
    const role = s.roles.includes('not-talk') ? 'not-talk' : s.roles.includes('talk') ? 'talk' : s.roles.includes('talks') ? 'container' : undefined
    const byLevel = talkLevel !== undefined && s.level + 1 === talkLevel ? 'talk' : undefined
    const say: Say | undefined = role ?? byLevel ?? (inTalks ? 'talk' : undefined)
    if (say) says.set(s, say)
    if (say === 'talk') for (const a of ancestors) if (!says.has(a)) says.set(a, 'container')
    if (say === 'talk' || say === 'not-talk') return
    for (const c of s.sections) walk(c, [...ancestors, s], say === 'container')
  }
  for (const s of sections) walk(s, [], false)
  if (says.size === 0) return undefined
  return { says, how: 'author', ...levelOf(says) }
}

const aboutTheWhole = (title: string): boolean => WHOLE.test(title.trim()) || ABOUT_EVENT.test(title)

/**
 * The members of a parent's run: sections with a body, neither a day nor about
 * the conference, nor marked not-talk. Sections of the same shape are also how
 * articles, recipes and tutorials are written, so a run is talks only when most
 * of its members bear a sign of a talk; then the members with none (the
 * author's own theses, an outlook) are left out of it.
 */
function runOf(children: Section[], isPart: (title: string) => boolean): Section[] {
  const run = children.filter((c) => hasBody(c) && !WHEN.test(c.titleText) && !aboutTheWhole(c.titleText) && !c.roles.includes('not-talk'))
  // A talk's own parts (Abstract, My notes, Q&A) are not talks.
  if (run.filter((c) => isPart(c.titleText)).length * 2 >= run.length) return []
  const signed = run.filter(hasTalkSign)
  return signed.length * 2 > run.length ? signed : []
}

/**
 * A run qualifies when it has two members or more of similar weight; under the
 * document itself (no common heading) it takes three, each a write-up of its own
 * (80 words or more at the median), so that the slides of a plain deck are not talks.
 */
function qualifies(run: Section[], atRoot: boolean): boolean {
  if (run.length < (atRoot ? 3 : 2)) return false
  const ws = run.map(weight).sort((a, b) => a - b)
  const median = ws[Math.floor(ws.length / 2)]!
  return !atRoot || median >= 80
}

interface Run {
  parent?: Section
  members: Section[]
  level: number
}

/** Every qualifying run, innermost first: a run one of whose members holds a run is the write-up's outline, not its talks. */
function innermostRuns(sections: Section[], isPart: (title: string) => boolean): Run[] {
  const out: Run[] = []
  const visit = (children: Section[], parent: Section | undefined): boolean => {
    let inner = false
    for (const c of children) inner = visit(c.sections, c) || inner
    const run = runOf(children, isPart)
    if (inner || !qualifies(run, parent === undefined)) return inner
    out.push({ ...(parent ? { parent } : {}), members: run, level: run[0]!.level + 1 })
    return true
  }
  visit(sections, undefined)
  return out
}

/** Talks from the document's shape: the innermost runs at the level that holds most of them; their ancestors are containers. */
export function shapePlan(sections: Section[], isPart: (title: string) => boolean): TalkPlan | undefined {
  const runs = innermostRuns(sections, isPart)
  if (runs.length === 0) return undefined
  const byLevel = new Map<number, number>()
  for (const r of runs) byLevel.set(r.level, (byLevel.get(r.level) ?? 0) + r.members.length)
  const level = [...byLevel.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0]
  const says = new Map<Section, Say>()
  const mark = (children: Section[], ancestors: Section[]): void => {
    for (const c of children) {
      const run = runs.find((r) => r.level === level && r.members.includes(c))
      if (run) {
        says.set(c, 'talk')
        for (const a of ancestors) says.set(a, 'container')
      } else mark(c.sections, [...ancestors, c])
    }
  }
  mark(sections, [])
  return { says, how: 'shape', level }
}

function levelOf(says: Map<Section, Say>): { level?: number } {
  const levels = new Set([...says].filter(([, v]) => v === 'talk').map(([s]) => s.level + 1))
  return levels.size === 1 ? { level: [...levels][0]! } : {}
}
