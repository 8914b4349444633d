/**
 * What pptxgenjs 4.0.1 writes that PowerPoint repairs, fixed in its output.
 * Pure: a slide part's XML in, the same XML out, valid.
 *
 * A paragraph of several runs gets a paragraph-properties element before each
 * run (`<a:p><a:pPr/><a:r/><a:pPr/><a:r/></a:p>`), where the schema (CT_TextParagraph)
 * allows one, first; PowerPoint 2016 then asks to repair the file
 * (https://github.com/gitbrent/PptxGenJS/pull/1083, open). The first one holds the
 * paragraph's alignment, spacing and bullet; the others only repeat or reset them.
 */
export function repairSlideXml(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_, body: string) => {
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
}

/**
 * [Content_Types].xml as the package holds it: pptxgenjs 4.0.1 lists a slide
 * master per slide (`slideMaster2.xml`…) where it writes one, and types `.jpg`
 * as `image/jpg`, which is no media type (JPEG's is `image/jpeg`). An override
 * for a part that is not there is an error to a strict reader (OPC, ECMA-376
 * part 2); the overrides kept are those of `parts`.
 */
export function repairContentTypes(xml: string, parts: ReadonlySet<string>): string {
  return xml
    .replace(/<Override PartName="\/([^"]+)"[^>]*\/>/g, (o, part: string) => (parts.has(part) ? o : ''))
    .replace('ContentType="image/jpg"', 'ContentType="image/jpeg"')
}
