/**
 * Which sections are talks, when the notes do not say so in bbl's conventions
 * (a speaker line, a "Talks" heading): the author's marks first (`[.talk]`,
 * `[.talks]` on a container, `[.not-talk]`, `:bbl-talks: N`), else the
 * document's shape — a run of sibling sections, each with a body of its own,
 * under a common parent, none of them a day or a section about the conference
 * as a whole. Pure: sections in, a plan out. The signs it reads are in
 * talk-signs.ts; the rules are in the README.
 */
import type { Section } from './model.js'
import { hasTalkSign, isAboutTheWhole, isWhen, namesAnEvent, namesASpeaker, weight } from './talk-signs.js'

/** What the notes say a section is: a talk, a container of talks, or not a talk. */
export type Say = 'talk' | 'container' | 'not-talk'

export interface TalkPlan {
  says: Map<Section, Say>
  /** How the talks were found: the author's marks, or the document's shape. */
  how: 'author' | 'shape'
  /** The heading level of the talks (`===` is 3), when they share one. */
  level?: number
}

/** What the shape rules need besides the sections. */
export interface ShapeOptions {
  /** Whether a heading is a talk's own part (Abstract, My notes, Q&A). */
  isPart: (title: string) => boolean
  /** The document's title, plain text: a run directly under the document needs it to name an event, or most of its members to name a speaker. */
  title: string
}

/** The role an author gave a section, if any. */
function roleOf(s: Section): Say | undefined {
  if (s.roles.includes('not-talk')) return 'not-talk'
  if (s.roles.includes('talk')) return 'talk'
  return s.roles.includes('talks') ? 'container' : undefined
}

/** The author's marks: roles on sections and `:bbl-talks: N` (the sections written with N `=` are talks). */
export function authorPlan(sections: Section[], talkLevel?: number): TalkPlan | undefined {
  const says = new Map<Section, Say>()
  const walk = (s: Section, ancestors: Section[], inTalks: boolean): void => {
    const byLevel = talkLevel !== undefined && s.level + 1 === talkLevel ? 'talk' : undefined
    const say: Say | undefined = roleOf(s) ?? byLevel ?? (inTalks ? 'talk' : undefined)
    if (say) says.set(s, say)
    if (say === 'talk') for (const a of ancestors) if (!says.has(a)) says.set(a, 'container')
    if (say === 'talk' || say === 'not-talk') return
    for (const c of s.sections) walk(c, [...ancestors, s], say === 'container')
  }
  for (const s of sections) walk(s, [], false)
  if (says.size === 0) return undefined
  return { says, how: 'author', ...levelOf(says) }
}

const hasBody = (s: Section): boolean => s.blocks.length > 0 || s.sections.length > 0

/** A section that may be a member of a run: it has a body, is neither a day nor about the conference, nor marked not-talk. */
const mayBeATalk = (s: Section): boolean => hasBody(s) && !isWhen(s.titleText) && !isAboutTheWhole(s.titleText) && !s.roles.includes('not-talk')

/**
 * The members of a parent's run. Sections of the same shape are also how
 * articles, recipes and tutorials are written, so a run is talks only when most
 * of its members bear a sign of a talk; then the members with none (the
 * author's own theses, an outlook) are left out of it. A run of a talk's own
 * parts (Abstract, My notes, Q&A) is no run.
 */
function runOf(children: Section[], isPart: (title: string) => boolean): Section[] {
  const run = children.filter(mayBeATalk)
  if (run.filter((c) => isPart(c.titleText)).length * 2 >= run.length) return []
  const signed = run.filter(hasTalkSign)
  return signed.length * 2 > run.length ? signed : []
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

/**
 * A run qualifies when it has two members or more. Under the document itself
 * (no common heading) it takes three, each a write-up of its own (80 words or
 * more at the median), so that the slides of a plain deck are not talks, and a
 * report of an event: the title names one, or most members name their speaker —
 * an essay on giving talks speaks of talks too, but of no event, and names a
 * person here and there, not a speaker for each section.
 */
export function qualifies(run: Section[], options: { atRoot: boolean; title: string }): boolean {
  if (!options.atRoot) return run.length >= 2
  if (run.length < 3 || median(run.map(weight)) < 80) return false
  return namesAnEvent(options.title) || run.filter(namesASpeaker).length * 2 > run.length
}

interface Run {
  members: Section[]
  level: number
}

/** Every qualifying run, innermost first: a run one of whose members holds a run is the write-up's outline, not its talks. */
function innermostRuns(sections: Section[], options: ShapeOptions): Run[] {
  const out: Run[] = []
  const visit = (children: Section[], atRoot: boolean): boolean => {
    let inner = false
    for (const c of children) inner = visit(c.sections, false) || inner
    const run = runOf(children, options.isPart)
    if (inner || !qualifies(run, { atRoot, title: options.title })) return inner
    out.push({ members: run, level: run[0]!.level + 1 })
    return true
  }
  visit(sections, true)
  return out
}

/** The heading level holding most of the runs' members (the deeper one on a tie). */
function busiestLevel(runs: Run[]): number {
  const byLevel = new Map<number, number>()
  for (const r of runs) byLevel.set(r.level, (byLevel.get(r.level) ?? 0) + r.members.length)
  return [...byLevel.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0]
}

/** Talks from the document's shape: the innermost runs at the level that holds most of them; their ancestors are containers. */
export function shapePlan(sections: Section[], options: ShapeOptions): TalkPlan | undefined {
  const runs = innermostRuns(sections, options)
  if (runs.length === 0) return undefined
  const level = busiestLevel(runs)
  const talks = new Set(runs.filter((r) => r.level === level).flatMap((r) => r.members))
  const says = new Map<Section, Say>()
  const mark = (children: Section[], ancestors: Section[]): void => {
    for (const c of children) {
      if (!talks.has(c)) {
        mark(c.sections, [...ancestors, c])
        continue
      }
      says.set(c, 'talk')
      for (const a of ancestors) says.set(a, 'container')
    }
  }
  mark(sections, [])
  return { says, how: 'shape', level }
}

function levelOf(says: Map<Section, Say>): { level?: number } {
  const levels = new Set([...says].filter(([, v]) => v === 'talk').map(([s]) => s.level + 1))
  return levels.size === 1 ? { level: [...levels][0]! } : {}
}
