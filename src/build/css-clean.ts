/**
 * A theme's CSS, without anything that would reach outside the deck folder:
 * parsed with css-tree (a real CSS parser, so escapes such as `url(\68ttps://…)`,
 * `image-set("https://…")` and `-webkit-image-set(…)` are seen as what they
 * are), then every `@import` of a remote sheet and every declaration naming a
 * remote URL is removed.
 */
import * as csstree from 'css-tree'

/** A URL that leaves the deck folder: any scheme but data:, or protocol-relative. */
export const isRemoteUrl = (u: string): boolean => {
  const s = u.trim()
  return /^[a-z][a-z0-9+.-]*:/i.test(s) ? !/^data:/i.test(s) : /^(\/\/|\\\\)/.test(s)
}

/** The URLs a node names: url(...) and the strings of functions like image-set() and of @import. */
function urlsIn(node: csstree.CssNode, stringsToo: boolean): string[] {
  const out: string[] = []
  csstree.walk(node, {
    enter(n: csstree.CssNode) {
      if (n.type === 'Url') out.push(n.value)
      else if (n.type === 'String' && stringsToo) out.push(n.value)
    },
  })
  return out
}

/** Strings count as URLs inside image-set(), cross-fade() and the like; elsewhere (content: "…") they are text. */
function remoteIn(decl: csstree.Declaration): string | undefined {
  let hit: string | undefined
  csstree.walk(decl.value, {
    enter(n: csstree.CssNode) {
      if (hit) return
      const urls = n.type === 'Url' ? [n.value] : n.type === 'Function' && /image-set$|^cross-fade$|^image$/i.test(n.name) ? urlsIn(n, true) : []
      hit = urls.find(isRemoteUrl)
    },
  })
  return hit
}

export function stripRemote(css: string): { css: string; removed: string[] } {
  const removed: string[] = []
  const ast = csstree.parse(css, { parseCustomProperty: true })
  csstree.walk(ast, {
    visit: 'Atrule',
    enter(node, item, list) {
      if (node.name.toLowerCase() !== 'import' || !node.prelude || !list) return
      const remote = urlsIn(node.prelude, true).find(isRemoteUrl)
      if (remote) {
        removed.push(`@import ${remote}`)
        list.remove(item)
      }
    },
  })
  csstree.walk(ast, {
    visit: 'Declaration',
    enter(node, item, list) {
      const remote = remoteIn(node)
      if (remote && list) {
        removed.push(`${node.property}: ${remote}`)
        list.remove(item)
      }
    },
  })
  return { css: removed.length ? csstree.generate(ast) : css, removed }
}
