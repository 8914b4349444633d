/**
 * The signs bbl reads in a section's title and text when it guesses talks from
 * the document's shape (src/notes/talk-shape.ts): when things happened, what is
 * about the event as a whole, what says "a talk", who is named as a speaker, and
 * whether the document's title names an event. Pure, in the notes' languages.
 */
import type { Block, Section } from './model.js'
import { headingSpeaker, namesLinked, proseSpeakers } from './prose-speakers.js'

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

/** A title that names an event: a year, or a word for a conference, a meetup, a summit, a gathering (also inside a name: "DevConf", "JavaLand 2022"). */
const NAMES_AN_EVENT =
  /\b(?:19|20)\d{2}\b|conf\b|conference|konferenz|conf[ée]rence|conferencia|confer[êe]ncia|summit|meetup|meet-up|gathering|symposium|forum|devoxx|fosdem|\bcon\b|\b(?:dev)?days?\b|camp\b|fest\b|カンファレンス|勉強会|大会|峰会/i

/** Says when things happened (a day, a date): where talks sit, never a talk. */
export const isWhen = (title: string): boolean => WHEN.test(title)

/** Says the section is about the event as a whole (an introduction, the venue, the sponsors): a recap slide. */
export const isAboutTheWhole = (title: string): boolean => WHOLE.test(title.trim()) || ABOUT_EVENT.test(title)

/** Says the document's title names an event (a year, a conference, a meetup). */
export const namesAnEvent = (title: string): boolean => NAMES_AN_EVENT.test(title)

export const allBlocks = (s: Section): Block[] => [...s.blocks, ...s.sections.flatMap(allBlocks)]

/** A block's text; a photo's caption is not the notes' words. */
const textOf = (b: Block): string => (b.kind === 'photos' ? '' : b.text)

/** A talk word in the section's heading or its text (photos' captions aside). */
export const speaksOfATalk = (s: Section): boolean => TALK_WORD.test(s.titleText) || allBlocks(s).some((b) => TALK_WORD.test(textOf(b)))

/** A person named as a speaker: the heading is that person's name linked, or the prose names one next to a presenting word. */
export const namesASpeaker = (s: Section): boolean => headingSpeaker(s.title, s.titleText) !== undefined || proseSpeakers(s.blocks).length > 0

/** A link anywhere in the section whose text looks like a person's name (weak: German capitalises every noun). */
const linksAPerson = (s: Section): boolean => allBlocks(s).some((b) => b.kind === 'html' && namesLinked(b.html).length > 0)

/** Whether notes look like a report of an event (their title names one, or a section speaks of talks): where no talk is found, the user is told how to mark talks. */
export function looksLikeAReport(doc: { titleText: string; sections: Section[] }): boolean {
  return namesAnEvent(doc.titleText) || doc.sections.some(speaksOfATalk)
}

/** A sign that a section reports a talk: a talk word, a person named as a speaker, or a person's name linked. */
export const hasTalkSign = (s: Section): boolean => speaksOfATalk(s) || namesASpeaker(s) || linksAPerson(s)

/** The words of a section and its sub-sections, photos aside. */
export function weight(s: Section): number {
  const own = s.blocks.reduce((n, b) => n + textOf(b).split(/\s+/).filter(Boolean).length, 0)
  return own + s.sections.reduce((n, c) => n + weight(c), 0)
}
