/**
 * Diagram block macros, as Asciidoctor Diagram writes them: `mermaid::flow.mmd[]`
 * names a file holding the diagram's source. Without an extension Asciidoctor
 * shows the macro's line as text. Here each name Asciidoctor Diagram knows is a
 * block macro that reads the file (found from the notes' folder, within the
 * folder notes may include from) and makes the block `[mermaid]` (or its kind)
 * would make: drawn by the build when bbl draws that kind, shown as its source
 * with a warning otherwise (src/notes/diagrams.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Asciidoctor as Processor } from '@asciidoctor/core'
import { DIAGRAM_NAMES } from './diagrams.js'
import { type IncludeRoot, inside } from './include-root.js'

type Registry = ReturnType<Processor['Extensions']['create']>

/** Registers a block macro per diagram name on `registry`; files it read are listed in `read` (bbl serve watches them). */
export function registerDiagramMacros(registry: Registry, o: IncludeRoot, read: string[]): void {
  for (const name of DIAGRAM_NAMES) {
    registry.blockMacro(function () {
      this.named(name)
      this.process(function (parent, target, attrs) {
        // The reader has taken the macro's line: it stands on the next one.
        const next = parent.getDocument().getReader()?.getCursor().getLineNumber()
        const at = next ? { line: next - 1 } : {}
        const file = path.resolve(o.docdir, target)
        const shown = path.relative(o.cwd, file)
        if (!inside(o.root, file)) {
          o.warn({ code: 'INCLUDE_REFUSED', message: `${name}::${target}[] left out: it is outside the folder the notes may include from; run bbl with --root to widen it`, ...at })
          return undefined
        }
        read.push(file)
        if (!existsSync(file) || !statSync(file).isFile()) {
          o.warn({ code: 'INCLUDE_MISSING', message: `${name}::${target}[] left out: no file ${shown}; check the path`, ...at })
          return undefined
        }
        return this.createBlock(parent, 'listing', readFileSync(file, 'utf8').replace(/\s+$/, ''), { ...(attrs as Record<string, unknown>), style: name })
      })
    })
  }
}
