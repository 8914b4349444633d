/**
 * The language of the notes (for bbl's own labels): `:lang:` when set, else a
 * stop-word count over the text, trusted only with enough clues and a clear
 * winner (otherwise English). Labels exist for a few languages; others fall
 * back to English.
 */

const STOPWORDS: Record<string, string[]> = {
  fr: 'le la les des une est et dans pour sur pas que qui avec sont du au ce cette mais ou très aussi comme tout'.split(' '),
  en: 'the and is are of to in for with on that this it be was not from by as an at or can have'.split(' '),
  de: 'der die das und ist nicht mit ein eine für auf den dem sich auch von zu im wird sind oder'.split(' '),
  es: 'el la los las y es en para con una por que del se no muy como pero está son lo más'.split(' '),
  it: 'il la di che è e per con una sono non del della anche come più ma questo gli nel'.split(' '),
  pt: 'o a os as e é de para com uma que não do da em por mais como mas são também'.split(' '),
  nl: 'de het een en is van in op te dat niet met voor zijn ook maar als bij er'.split(' '),
}

export function detectLanguage(text: string): string {
  const tokens = text.toLowerCase().match(/\p{L}+/gu) ?? []
  if (tokens.length === 0) return 'en'
  const letters = tokens.join('')
  // Scripts with no spaces between words or no stop-word list of ours.
  const script = (re: RegExp) => (letters.match(re)?.length ?? 0) / letters.length
  if (script(/[\u3040-\u30ff]/g) > 0.05) return 'ja'
  if (script(/[\uac00-\ud7af]/g) > 0.2) return 'ko'
  if (script(/[\u4e00-\u9fff]/g) > 0.2) return 'zh'
  if (script(/[\u0600-\u06ff]/g) > 0.2) return 'ar'
  if (script(/[\u0590-\u05ff]/g) > 0.2) return 'he'
  const counts = new Map<string, number>()
  const sets = Object.entries(STOPWORDS).map(([l, w]) => [l, new Set(w)] as const)
  for (const t of tokens) for (const [l, set] of sets) if (set.has(t)) counts.set(l, (counts.get(l) ?? 0) + 1)
  const [best, second] = [...counts].sort((a, b) => b[1] - a[1])
  // A wrong language is worse than English: too few clues, or two languages nearly tied, is English.
  if (!best || best[1] < MIN_HITS || best[1] < MARGIN * (second?.[1] ?? 0)) return 'en'
  return best[0]
}

/** Stop words the winning language must have at least (a few short titles have one or two, by chance). */
const MIN_HITS = 8
/** How far ahead of the next language the winner must be (Spanish, Portuguese and Italian share many). */
const MARGIN = 1.5

export interface Labels {
  agenda: string
  talks: string
  /** One talk, for "1 talk" on the cover. */
  talk: string
  by: string
  highlight: string
  thanks: string
  questions: string
  recap: string
  talkOf: (i: number, n: number) => string
  missingImage: string
  remoteImage: string
  missingVideo: string
  missingAudio: string
  /** Over a link card: what the link leads to. */
  remoteVideo: string
  remoteAudio: string
  remotePage: string
  continued: string
  language: string
  slides: string
  handout: string
  pages: string
  notes: string
  introduction: string
}

const en: Labels = {
  agenda: 'Agenda',
  talks: 'Talks',
  talk: 'Talk',
  by: 'by',
  highlight: 'Top pick',
  thanks: 'Thank you!',
  questions: 'Questions?',
  recap: 'Conference recap',
  talkOf: (i, n) => `Talk ${i} of ${n}`,
  missingImage: 'Image not found',
  remoteImage: 'Remote image (not downloaded)',
  missingVideo: 'Video not found',
  missingAudio: 'Audio not found',
  remoteVideo: 'Video online',
  remoteAudio: 'Audio online',
  remotePage: 'Web page',
  continued: 'continued',
  language: 'Language',
  slides: 'Slides',
  handout: 'Handout',
  pages: 'Page',
  notes: 'Notes',
  introduction: 'Introduction',
}

const LABELS: Record<string, Labels> = {
  en,
  fr: {
    agenda: 'Programme',
    talks: 'Conférences',
    talk: 'Conférence',
    by: 'par',
    highlight: 'Coup de cœur',
    thanks: 'Merci !',
    questions: 'Des questions ?',
    recap: 'Retour sur la conférence',
    talkOf: (i, n) => `Talk ${i} sur ${n}`,
    missingImage: 'Image introuvable',
    remoteImage: 'Image distante (non téléchargée)',
    missingVideo: 'Vidéo introuvable',
    missingAudio: 'Audio introuvable',
    remoteVideo: 'Vidéo en ligne',
    remoteAudio: 'Audio en ligne',
    remotePage: 'Page web',
    continued: 'suite',
    language: 'Langue',
    slides: 'Slides',
    handout: 'Support',
    pages: 'Page',
    notes: 'Notes',
    introduction: 'Introduction',
  },
  de: {
    ...en,
    agenda: 'Agenda',
    talks: 'Vorträge',
    talk: 'Vortrag',
    by: 'von',
    highlight: 'Empfehlung',
    thanks: 'Danke!',
    questions: 'Fragen?',
    recap: 'Konferenzrückblick',
    talkOf: (i, n) => `Vortrag ${i} von ${n}`,
    missingImage: 'Bild nicht gefunden',
    remoteImage: 'Externes Bild (nicht geladen)',
    missingVideo: 'Video nicht gefunden',
    missingAudio: 'Audio nicht gefunden',
    remoteVideo: 'Video online',
    remoteAudio: 'Audio online',
    remotePage: 'Webseite',
    continued: 'Fortsetzung',
    language: 'Sprache',
    handout: 'Handout',
    pages: 'Seite',
    notes: 'Notizen',
    introduction: 'Einleitung',
  },
  es: {
    ...en,
    agenda: 'Programa',
    talks: 'Charlas',
    talk: 'Charla',
    by: 'por',
    highlight: 'Destacada',
    thanks: '¡Gracias!',
    questions: '¿Preguntas?',
    recap: 'Resumen de la conferencia',
    talkOf: (i, n) => `Charla ${i} de ${n}`,
    missingImage: 'Imagen no encontrada',
    remoteImage: 'Imagen remota (no descargada)',
    missingVideo: 'Vídeo no encontrado',
    missingAudio: 'Audio no encontrado',
    remoteVideo: 'Vídeo en línea',
    remoteAudio: 'Audio en línea',
    remotePage: 'Página web',
    continued: 'continuación',
    language: 'Idioma',
    handout: 'Apuntes',
    pages: 'Página',
    notes: 'Notas',
    introduction: 'Introducción',
  },
}

export function labelsFor(lang: string): Labels {
  return LABELS[lang.slice(0, 2).toLowerCase()] ?? en
}

/** Languages written right to left (ISO 639-1/639-3 codes), including the region forms `ar-EG`, `ckb-IQ`. */
const RTL_LANGS = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb'])
export const isRtlLang = (lang: string): boolean => RTL_LANGS.has(lang.toLowerCase().split(/[-_]/)[0] ?? '')
