/**
 * The folder notes may include files from (`--root`, default the notes' own
 * folder), as an Asciidoctor include processor: a blog keeps shared attribute
 * files in a sibling folder (`include::../shared/attributes.adoc[]`), which
 * Asciidoctor's safe mode refuses ("recovering automatically") and shows as
 * "Unresolved directive" on a slide, taking the attribute lines after it along.
 * Here an include Asciidoctor would refuse or not find is handled: inside the
 * root it is read and included; outside, or missing, it is left out with a
 * warning that says what to do. Every other include is Asciidoctor's own
 * (lines=, tags=, leveloffset= and nested includes as it does them).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Asciidoctor as Processor, Reader } from '@asciidoctor/core'
import type { Warning } from './model.js'

type Registry = ReturnType<Processor['Extensions']['create']>

export interface IncludeRoot {
  /** The notes' folder: Asciidoctor's own jail. */
  docdir: string
  /** The notes file (absolute): a warning about one of its lines has that line. */
  docfile: string
  /** The folder includes may come from; the notes' folder when not widened. */
  root: string
  cwd: string
  warn: (w: Warning) => void
}

/** Whether `file` is `dir` or below it. */
export const inside = (dir: string, file: string) => file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep)

/** The current include's directory: Asciidoctor's reader knows it (the notes' folder, or an included file's). */
const dirOf = (reader: Reader | undefined, docdir: string): string => {
  const dir = reader?.getCursor().getDirectory()
  return typeof dir === 'string' && dir ? path.resolve(docdir, dir) : docdir
}

/** The deepest folder holding both. */
function commonFolder(a: string, b: string): string {
  const pa = a.split(path.sep)
  const pb = b.split(path.sep)
  let i = 0
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++
  return pa.slice(0, i).join(path.sep) || path.sep
}

/** Where the include directive is: a line of the notes, or `file:line: ` of an included file (its line is not the notes'). */
function placeOf(reader: Reader, o: IncludeRoot): { line?: number; prefix: string } {
  const c = reader.getCursor()
  // The reader has taken the directive's line: it stands on the next one.
  const line = (c.getLineNumber() ?? 1) - 1
  const file = c.getFile()
  if (!file || path.resolve(o.docdir, file) === o.docfile) return typeof line === 'number' ? { line, prefix: '' } : { prefix: '' }
  return { prefix: `${path.relative(o.docdir, path.resolve(o.docdir, file))}:${line}: ` }
}

/** Registers the include processor on `registry`; files it included are listed in `included` (bbl serve watches them). */
export function registerIncludeRoot(registry: Registry, o: IncludeRoot, included: string[]): void {
  let current: Reader | undefined
  registry.preprocessor(function () {
    this.process((_doc, r) => {
      current = r
      return r
    })
  })
  const resolve = (target: string) => path.resolve(dirOf(current, o.docdir), target)
  registry.includeProcessor(function () {
    // Only what Asciidoctor would refuse (outside the notes' folder) or not find; URLs stay Asciidoctor's.
    this.handles((target: string) => {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return false
      const file = resolve(target)
      return !inside(o.docdir, file) || !existsSync(file)
    })
    this.process((_doc, reader, target, attrs) => {
      const file = resolve(target)
      const { line, prefix } = placeOf(reader, o)
      if (!inside(o.root, file)) {
        const both = path.relative(o.cwd, commonFolder(o.docdir, path.dirname(file))) || '.'
        o.warn({ code: 'INCLUDE_REFUSED', message: `${prefix}include::${target}[] left out: it is outside the folder the notes may include from (${path.relative(o.cwd, o.root) || '.'}); run bbl with --root ${both} to include it`, ...(line ? { line } : {}) })
        return
      }
      if (!existsSync(file) || !statSync(file).isFile()) {
        included.push(file)
        o.warn({ code: 'INCLUDE_MISSING', message: `${prefix}include::${target}[] left out: no file ${path.relative(o.cwd, file)}; check the path`, ...(line ? { line } : {}) })
        return
      }
      const a = (attrs ?? {}) as Record<string, unknown>
      if ('lines' in a || 'tag' in a || 'tags' in a) {
        o.warn({ code: 'UNSUPPORTED', message: `${prefix}include::${target}[]: lines= and tags= are applied only to files in the notes' folder; the whole file is included`, ...(line ? { line } : {}) })
      }
      included.push(file)
      reader.pushInclude(readFileSync(file, 'utf8'), file, file, 1, a)
    })
  })
}
