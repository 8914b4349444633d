/**
 * The document model bbl works on, independent of the AsciiDoc engine.
 * src/notes/asciidoc.ts fills it; everything after it is plain data in, plain data out.
 */

import type { Warning } from '../core/warning.js'
export type { Warning, WarningCode } from '../core/warning.js'

/** A reference to a picture, as the converter wrote it (`src`) and as the notes wrote it (`target`). */
export interface ImageRef {
  src: string
  target: string
  line?: number
  alt: string
  /** Roles on the image (`[.raw]`, `role=raw`), or on the paragraph of inline images. */
  roles?: string[]
}

/** A `video::` or `audio::` block: a file, an http URL, or a hosted video (YouTube, Vimeo) and the page it is watched on. */
export interface MediaRef {
  kind: 'video' | 'audio'
  /** A file path as the converter resolved it (imagesdir + target), or a URL. */
  src: string
  target: string
  line?: number
  /** The included file the media is written in (relative to the notes' folder), when not the notes themselves. */
  file?: string
  provider?: 'youtube' | 'vimeo' | 'wistia'
  /** A web page a raw `<iframe>` showed (not a video): shown as a link to it. */
  page?: boolean
  /** A section's `background-video` (or `background-iframe`): shown behind the slide, not as a block. */
  background?: 'video' | 'iframe'
  title?: string
  width?: number
  height?: number
  options: string[]
}

/** A footnote's text (HTML), under the number Asciidoctor gives it in the whole document. */
export interface Footnote {
  n: number
  html: string
}

export type Block =
  /**
   * Any block, already converted to HTML by the converter. `text` is its plain text.
   * `footnotes`: the footnotes it references (`<sup class="footnote" data-footnote="n">`), in order.
   * `media`: what a video or audio block plays.
   */
  | { kind: 'html'; html: string; text: string; context: string; line?: number; images: ImageRef[]; footnotes?: Footnote[]; media?: MediaRef }
  /** A photo (an `image::` block, or a paragraph made only of inline images), with its `.Title`. */
  | { kind: 'photos'; images: ImageRef[]; caption?: string; line?: number }
  /**
   * Speaker notes, in every form the reveal.js converter documents (`[.notes]` on an open
   * block or a sidebar, `[NOTE.speaker]`): go to the speaker view and the handout, not on the slide.
   */
  | { kind: 'notes'; html: string; text: string; line?: number }

export interface Section {
  /** Title as HTML (inline markup kept). */
  title: string
  /** Title as plain text. */
  titleText: string
  level: number
  line?: number
  /** The included file the section is written in (relative to the notes' folder), when not the notes themselves. */
  file?: string
  /** Pictures in the title. */
  titleImages?: ImageRef[]
  id: string
  /** The author hid the title (`== !`, `[%notitle]`, `[%conceal]`): the slide shows none. */
  hideTitle?: boolean
  /** The footnotes written in the title (`== Foo footnote:[…]`): shown at the foot of every slide that shows the title. */
  titleFootnotes?: Footnote[]
  roles: string[]
  /** `background-image` and similar slide attributes the reveal.js converter documents. */
  slideAttributes: Record<string, string>
  blocks: Block[]
  sections: Section[]
}

export interface NotesDoc {
  /** Path of the notes file as given. */
  file: string
  /** Base name without extension: `dataxday-2018`. */
  name: string
  title: string
  titleText: string
  /** The document title's footnotes, numbered first (its title slide's foot). */
  titleFootnotes?: Footnote[]
  author?: string
  email?: string
  date?: string
  /** `:bbl-talks: N`: the sections written with N `=` are the talks. */
  talkLevel?: number
  /** Tags from the front matter or `:jbake-tags:`: kept as metadata, shown nowhere. */
  tags?: string[]
  /** The notes' `imagesdir` (as written, e.g. `./images`). */
  imagesdir: string
  /** `:lang:` when the notes set it. */
  lang?: string
  /** Blocks before the first section (the toc macro is dropped). */
  preamble: Block[]
  sections: Section[]
  /** Whether any source block needs syntax highlighting at run time. */
  hasSource: boolean
  /** The line of the notes' first passthrough `<script>`, when they have one (see author-scripts.ts). */
  scriptLine?: number
  /** `:revealjs_theme:` (a reveal.js theme's name) and `:revealjs_customtheme:` (a CSS file), when the notes set them. */
  authorTheme?: { theme?: string; custom?: string }
  /** `:notitle:` hides the title slide; `:title-slide-background-*:` are its background. */
  titleSlide: { hidden: boolean; attributes: Record<string, string> }
  /** `:bbl-logo:` (a path relative to the notes) and `:bbl-footer:`: they override the theme's branding. */
  brand?: { logo?: string; footer?: string }
  warnings: Warning[]
  /** Files the notes include (absolute), found or looked for, as Asciidoctor resolved them: bbl serve watches them. */
  includes: string[]
}
