/**
 * What pptxgenjs 4.0.1 writes that PowerPoint repairs ("PowerPoint found a
 * problem with content…"), fixed in its output. Pure: a part's XML in, the same
 * XML out, valid. Each defect is reported upstream, with the fix PowerPoint's
 * own repair makes; none is fixed in a release yet:
 *
 * - several paragraph properties in a paragraph of several runs
 *   (https://github.com/gitbrent/PptxGenJS/pull/1083);
 * - a shape without text has no text body (issue 1441);
 * - a colour background has no effect list (issue 1442);
 * - `[Content_Types].xml` lists a slide master per slide where one is written
 *   (issue 1444), and media types for files the package does not hold (issue 1449);
 * - the notes master's placeholders are malformed; PowerPoint removes them (issue 1443).
 */

/**
 * A slide part. The first paragraph properties of a paragraph hold its alignment,
 * spacing and bullet; the others (one per further run, where the schema allows
 * one, first) only repeat or reset them.
 */
export function repairSlideXml(xml: string): string {
  return xml
    .replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_, body: string) => {
      let first = true
      const fixed = body.replace(/<a:pPr\b(?:[^>]*\/>|[^>]*>[\s\S]*?<\/a:pPr>)/g, (pPr) => {
        if (first) {
          first = false
          return pPr
        }
        return ''
      })
      return `<a:p>${fixed}</a:p>`
    })
    .replace(/<p:sp>([\s\S]*?)<\/p:sp>/g, (sp, body: string) =>
      body.includes('<p:txBody>') ? sp : `<p:sp>${body}<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>`,
    )
    .replace(/<p:bgPr>([\s\S]*?)<\/p:bgPr>/g, (bg, body: string) => (/<a:effect(Lst|Dag)\b/.test(body) ? bg : `<p:bgPr>${body}<a:effectLst/></p:bgPr>`))
}

/**
 * [Content_Types].xml as the package holds it: overrides only for its parts,
 * defaults only for the extensions of its files, JPEG as `image/jpeg` (pptxgenjs
 * writes `image/jpg`, which is no media type).
 */
export function repairContentTypes(xml: string, parts: ReadonlySet<string>): string {
  const extensions = new Set([...parts].map((p) => p.slice(p.lastIndexOf('.') + 1).toLowerCase()))
  return xml
    .replace(/<Override PartName="\/([^"]+)"[^>]*\/>/g, (o, part: string) => (parts.has(part) ? o : ''))
    .replace(/\s*<Default Extension="([^"]+)"[^>]*\/>/g, (d, ext: string) => (extensions.has(ext.toLowerCase()) ? d : ''))
    .replace('ContentType="image/jpg"', 'ContentType="image/jpeg"')
}

/** The notes master without its placeholders, as PowerPoint's repair leaves it: the notes pages keep their own text. */
export function repairNotesMaster(xml: string): string {
  return xml.replace(/(<p:spTree>[\s\S]*?<\/p:grpSpPr>)[\s\S]*?(<\/p:spTree>)/, '$1$2')
}
