/**
 * A theme's CSS, without anything that would reach outside the deck folder:
 * parsed with css-tree (a real CSS parser, so escapes such as `url(\68ttps://…)`,
 * `image-set("https://…")` and `-webkit-image-set(…)` are seen as what they
 * are; escaped names, `\75rl(…)` and `@\69mport`, are decoded first), then every
 * `@import` and every declaration naming a URL outside the theme's folder (the
 * network, an absolute path, `../../etc/passwd`) is removed from the CSS written.
 */
import { posix } from 'node:path'
import type * as csstree from 'css-tree'

/** css-tree, loaded only for CSS that may name a resource. */
type CssTree = typeof csstree

/** A URL that leaves the deck folder: any scheme but data:, or protocol-relative. */
export const isRemoteUrl = (u: string): boolean => {
  const s = u.trim()
  return /^[a-z][a-z0-9+.-]*:/i.test(s) ? !/^data:/i.test(s) : /^(\/\/|\\\\)/.test(s)
}

/** Functions whose strings are URLs (as `url()`'s are): image-set() and its prefixed forms, cross-fade(), image(). */
const URL_FUNCTION = /^(url|(-[a-z]+-)?image-set|cross-fade|image)$/i

/** What css-tree keeps as written, escapes and all: `\75rl` is the function `url`, `@\69mport` is `@import`. */
const nameOf = (parser: CssTree, name: string) => parser.ident.decode(name)

/**
 * The URLs a node names: url(...), the strings of @import and of the functions above
 * (`stringsToo`), and what raw text css-tree could not parse holds (`u\rl(...)` is
 * raw to it, a url() to a browser): unescaped and parsed again, or, if that fails,
 * counted as remote.
 */
function urlsIn(parser: CssTree, node: csstree.CssNode, stringsToo: boolean): string[] {
  const out: string[] = []
  parser.walk(node, {
    enter(n: csstree.CssNode) {
      if (n.type === 'Url') out.push(n.value)
      else if (n.type === 'String' && stringsToo) out.push(n.value)
      else if (n.type === 'Raw' && n.value.includes('\\')) out.push(...rawUrls(parser, n.value))
      else if (n.type === 'Function' && URL_FUNCTION.test(nameOf(parser, n.name))) {
        // Its arguments, strings included, are URLs; walked here, not again below it.
        n.children.forEach((c) => {
          out.push(...urlsIn(parser, c, true))
        })
        return parser.walk.skip
      }
      return undefined
    },
  })
  return out
}

function rawUrls(parser: CssTree, raw: string): string[] {
  try {
    return urlsIn(parser, parser.parse(nameOf(parser, raw), { context: 'value' }), false)
  } catch {
    return [`//${raw}`]
  }
}

/**
 * A URL that leaves the theme's folder (assets/theme/ in the deck): a remote one,
 * an absolute path (`/etc/passwd`), or a relative one that climbs out with `..`
 * (escaped or not). A browser opening the deck from file:// would load any of them.
 */
export const leavesTheme = (u: string): boolean => {
  if (isRemoteUrl(u)) return true
  const s = u.trim()
  if (s === '' || s.startsWith('#') || /^data:/i.test(s)) return false
  let p = s.replace(/\\/g, '/')
  try {
    p = decodeURIComponent(p).replace(/\\/g, '/')
  } catch {
    return true
  }
  if (p.startsWith('/')) return true
  return posix.normalize(p.split(/[?#]/)[0]!).split('/')[0] === '..'
}

/** Strings count as URLs inside image-set(), cross-fade() and the like; elsewhere (content: "…") they are text. */
function remoteIn(parser: CssTree, decl: csstree.Declaration): string | undefined {
  return urlsIn(parser, decl.value, false).find(leavesTheme)
}

/**
 * What every way for CSS to name a resource contains: url(), image-set() and
 * image() (strings), @import (a string), or an escape that could spell any of them.
 * CSS with none of these (bbl's own themes) reaches nothing and is not parsed.
 */
const MAY_NAME_A_RESOURCE = /url|image(-set)?\s*\(|cross-fade|@import|\\/i

export async function stripRemote(css: string): Promise<{ css: string; removed: string[] }> {
  if (!MAY_NAME_A_RESOURCE.test(css)) return { css, removed: [] }
  const parser = await import('css-tree')
  const removed: string[] = []
  const ast = parser.parse(css, { parseCustomProperty: true })
  parser.walk(ast, {
    visit: 'Atrule',
    enter(node, item, list) {
      if (nameOf(parser, node.name).toLowerCase() !== 'import' || !node.prelude || !list) return
      const remote = urlsIn(parser, node.prelude, true).find(leavesTheme)
      if (remote) {
        removed.push(`@import ${remote}`)
        list.remove(item)
      }
    },
  })
  parser.walk(ast, {
    visit: 'Declaration',
    enter(node, item, list) {
      const remote = remoteIn(parser, node)
      if (remote && list) {
        removed.push(`${node.property}: ${remote}`)
        list.remove(item)
      }
    },
  })
  return { css: removed.length ? parser.generate(ast) : css, removed }
}
