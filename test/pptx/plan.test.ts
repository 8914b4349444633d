import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { MeasuredDeck, TextItem, TextRun } from '../../src/page/contract.js'
import { inches, inside, markerRoom, planDeck, planText, points, runsOf } from '../../src/pptx/plan.js'
import { repairContentTypes, repairNotesMaster, repairSlideXml } from '../../src/pptx/repair.js'

const deck = { width: 1280, height: 720 }
const run = (text: string, o: Partial<TextRun> = {}): TextRun => ({
  text,
  font: 'Source Sans 3',
  mono: false,
  size: 28,
  color: '16202E',
  bold: false,
  italic: false,
  underline: false,
  strike: false,
  sup: false,
  sub: false,
  ...o,
})
const text = (o: Partial<TextItem> = {}): TextItem => ({
  kind: 'text',
  role: 'paragraph',
  runs: [run('Hello')],
  align: 'left',
  lineHeight: 37,
  rtl: false,
  lang: 'fr',
  x: 64,
  y: 160,
  w: 1152,
  h: 37,
  ...o,
})

describe('units', () => {
  it('takes a CSS pixel as 1/96 inch and 3/4 point: the 1280×720 slide is PowerPoint\'s 13.333×7.5 in', () => {
    assert.equal(inches(1280), 13.333)
    assert.equal(inches(720), 7.5)
    assert.equal(points(28), 21)
    assert.equal(points(37), 27.75)
  })
})

describe('planDeck', () => {
  const measured: MeasuredDeck = {
    width: 1280,
    height: 720,
    lang: 'fr',
    shots: [{ id: 0, clip: { x: 0, y: 0, width: 1280, height: 720 }, bare: true, format: 'png' }],
    slides: [
      { background: { color: 'FFFFFF', shot: 0 }, items: [text()], notes: ['first point', '• second'] },
      {
        background: { color: 'FAFAFA' },
        items: [
          { kind: 'shape', fill: '272822', alpha: 0, radius: 8, x: 64, y: 300, w: 600, h: 200 },
          { kind: 'picture', src: 'file:///deck/images/a.jpg', alt: 'a photo', x: 200, y: 100, w: 880, h: 600 },
          { kind: 'shot', shot: 1, alt: 'E = mc^2', x: 500, y: 650, w: 100, h: 100 },
        ],
        notes: [],
      },
    ],
  }
  const plan = planDeck(measured)

  it('gives one PowerPoint slide per measured slide, at the deck\'s size', () => {
    assert.deepEqual(plan.layout, { name: 'BBL', width: 1280 / 96, height: 7.5 })
    assert.equal(plan.slides.length, 2)
  })

  it('keeps backgrounds (a colour, or a picture of it) and speaker notes, a line per paragraph', () => {
    assert.deepEqual(plan.slides[0]!.background, { color: 'FFFFFF', shot: 0 })
    assert.deepEqual(plan.slides[1]!.background, { color: 'FAFAFA' })
    assert.equal(plan.slides[0]!.notes, 'first point\n• second')
    assert.equal(plan.slides[1]!.notes, '')
  })

  it('places pictures, screenshots (alt text kept) and filled boxes where the browser drew them, cut to the slide', () => {
    const [shape, picture, shot] = plan.slides[1]!.objects
    assert.deepEqual(shape, {
      kind: 'shape',
      shape: 'roundRect',
      options: { x: 0.667, y: 3.125, w: 6.25, h: 2.083, fill: { color: '272822', transparency: 0 }, rectRadius: 0.083, line: { type: 'none' } },
    })
    assert.deepEqual(picture, { kind: 'picture', src: 'file:///deck/images/a.jpg', options: { x: 2.083, y: 1.042, w: 9.167, h: 6.25, altText: 'a photo' } })
    // 100 px tall from y = 650: the part on the slide is 70 px.
    assert.deepEqual(shot, { kind: 'shot', shot: 1, options: { x: 5.208, y: 6.771, w: 1.042, h: 0.729, altText: 'E = mc^2' } })
  })
})

describe('planText', () => {
  it('makes a text box with no inset, top-anchored, shrinking its text on overflow, the browser\'s line height, widened to the right when there is room', () => {
    const o = planText(text({ w: 1000 }), deck)
    assert.equal(o.kind, 'text')
    assert.equal(o.options.x, inches(64))
    assert.equal(o.options.w, inches(1000 + 1000 * 0.04))
    // A short box (a one-word title) gets at least an em more.
    assert.equal(planText(text({ w: 115, runs: [run('Notes', { size: 48 })] }), deck).options.w, inches(115 + 48))
    assert.equal(o.options.margin, 0)
    assert.equal(o.options.valign, 'top')
    assert.equal(o.options.fit, 'shrink')
    assert.equal(o.options.lineSpacing, 27.75)
    assert.equal(o.options.lang, 'fr')
    assert.equal(o.options.bullet, undefined)
  })

  it('never lets a box leave the slide', () => {
    for (const item of [text({ x: 64, w: 1216 }), text({ x: -4, y: -3, w: 1300, h: 800 }), text({ align: 'center', x: 0, w: 1280 }), text({ align: 'right', x: 2, w: 1270 })]) {
      const o = planText(item, deck)
      assert.ok(o.options.x >= 0 && o.options.y >= 0, JSON.stringify(o.options))
      assert.ok(o.options.x + o.options.w <= 13.334 && o.options.y + o.options.h <= 7.501, JSON.stringify(o.options))
    }
  })

  it('widens centred text on both sides, so it stays centred', () => {
    const o = planText(text({ align: 'center', x: 340, w: 600 }), deck)
    const centre = o.options.x + o.options.w / 2
    assert.ok(Math.abs(centre - inches(640)) < 0.002, `${centre}`)
    assert.ok(o.options.w > inches(600), 'o.options.w > inches(600)')
  })

  it('gives a list item its marker and level: the box starts left of the text by the marker\'s room per level', () => {
    const o = planText(text({ role: 'item', x: 122, bullet: { type: 'char', level: 1, char: '◦' } }), deck)
    const room = markerRoom({ type: 'char', level: 1, char: '◦' }, 28, 122)
    assert.equal(room, 28 * 1.1)
    assert.equal(o.options.x, inches(122 - 2 * room))
    assert.deepEqual(o.options.bullet, { characterCode: '25E6', indent: points(room) })
    assert.equal(o.options.indentLevel, 1)
  })

  it('numbers ordered items from their number, in their style', () => {
    const o = planText(text({ role: 'item', x: 120, bullet: { type: 'number', level: 0, n: 4, style: 'lower-roman' } }), deck)
    assert.deepEqual(o.options.bullet, { type: 'number', style: 'romanLcPeriod', numberStartAt: 4, indent: points(28 * 1.6) })
    assert.equal(o.options.indentLevel, undefined)
  })

  it('shrinks the marker\'s room near the slide\'s edge rather than leave the slide', () => {
    assert.equal(markerRoom({ type: 'number', level: 2, n: 1, style: 'decimal' }, 28, 30), 10)
  })

  it('writes right-to-left text as such', () => {
    const o = planText(text({ rtl: true, align: 'right' }), deck)
    assert.equal(o.options.rtlMode, true)
  })
})

describe('runsOf', () => {
  it('names the fonts every client has: Calibri for text, Courier New for code (the deck was measured in their widths)', () => {
    const [a, b] = runsOf([run('text '), run('code', { font: 'JetBrains Mono', mono: true })])
    assert.equal(a!.options!.fontFace, 'Calibri')
    assert.equal(b!.options!.fontFace, 'Courier New')
  })

  it('makes a link a run per word, so that a client wraps it between words; the line break stays at its end', () => {
    const runs = runsOf([run('From Monolith  to Microservices', { slide: 3, br: true }), run('plain words')])
    assert.deepEqual(
      runs.map((r) => r.text),
      ['From ', 'Monolith  ', 'to ', 'Microservices', 'plain words'],
    )
    assert.ok(runs.slice(0, 4).every((r) => (r.options!.hyperlink as { slide: number }).slide === 3), 'runs.slice(0, 4).every((r) => (r.options!.hyperlink as { slide: number }).slide === 3)')
    assert.deepEqual(runs.map((r) => r.options!.breakLine === true), [false, false, false, true, false])
  })

  it('keeps letter spacing, in points', () => {
    assert.equal(runsOf([run('KICKER', { spacing: 0.8 })])[0]!.options!.charSpacing, 0.6)
  })

  it('keeps each run\'s font, size, colour and emphasis, its link (to the web, or to a slide) and its line break', () => {
    const [a, b, c, d] = runsOf([
      run('plain '),
      run('code', { font: 'JetBrains Mono', mono: true, size: 20, color: 'F8F8F2', bold: true, italic: true, underline: true, strike: true, br: true }),
      run('link', { link: 'https://dataxday.fr/', sup: true }),
      run('Kafka', { slide: 17 }),
    ])
    assert.deepEqual(a, { text: 'plain ', options: { fontFace: 'Calibri', fontSize: 21, color: '16202E' } })
    assert.deepEqual(b, {
      text: 'code',
      options: { fontFace: 'Courier New', fontSize: 15, color: 'F8F8F2', bold: true, italic: true, underline: { style: 'sng' }, strike: 'sngStrike', breakLine: true },
    })
    assert.deepEqual(c!.options, { fontFace: 'Calibri', fontSize: 21, color: '16202E', superscript: true, hyperlink: { url: 'https://dataxday.fr/' } })
    assert.deepEqual(d!.options!.hyperlink, { slide: 17 })
  })
})

describe('inside', () => {
  it('cuts a box to the slide, and drops one wholly off it', () => {
    assert.deepEqual(inside({ x: 1200, y: 700, w: 200, h: 100 }, deck), { x: 1200, y: 700, w: 80, h: 20 })
    assert.equal(inside({ x: 1300, y: 0, w: 10, h: 10 }, deck), undefined)
  })
})

describe('repairSlideXml', () => {
  it('keeps only the first paragraph properties of a paragraph (pptxgenjs writes one per run)', () => {
    const xml =
      '<p:txBody><a:p><a:pPr algn="l"><a:buChar char="•"/></a:pPr><a:r><a:t>a</a:t></a:r><a:pPr algn="l" indent="0" marL="0"><a:buNone/></a:pPr><a:r><a:t>b</a:t></a:r><a:pPr algn="l"/><a:r><a:t>c</a:t></a:r></a:p>' +
      '<a:p><a:pPr algn="ctr"/><a:r><a:t>d</a:t></a:r></a:p></p:txBody>'
    assert.equal(
      repairSlideXml(xml),
      '<p:txBody><a:p><a:pPr algn="l"><a:buChar char="•"/></a:pPr><a:r><a:t>a</a:t></a:r><a:r><a:t>b</a:t></a:r><a:r><a:t>c</a:t></a:r></a:p>' +
        '<a:p><a:pPr algn="ctr"/><a:r><a:t>d</a:t></a:r></a:p></p:txBody>',
    )
  })
})

describe('repairContentTypes', () => {
  it('drops overrides of parts and defaults of extensions the package does not hold, and types JPEG as image/jpeg', () => {
    const xml =
      '<Types><Default Extension="jpg" ContentType="image/jpg"/><Default Extension="mp4" ContentType="video/mp4"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="m"/>' +
      '<Override PartName="/ppt/slideMasters/slideMaster2.xml" ContentType="m"/><Override PartName="/ppt/slides/slide1.xml" ContentType="s"/></Types>'
    assert.equal(
      repairContentTypes(xml, new Set(['ppt/slideMasters/slideMaster1.xml', 'ppt/slides/slide1.xml', 'ppt/media/a.jpg'])),
      '<Types><Default Extension="jpg" ContentType="image/jpeg"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="m"/>' +
        '<Override PartName="/ppt/slides/slide1.xml" ContentType="s"/></Types>',
    )
  })
})

describe('repairSlideXml, shapes and backgrounds', () => {
  it('gives a shape without text an empty text body, and a colour background its effect list', () => {
    const xml = '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></p:bgPr></p:bg><p:sp><p:spPr/></p:sp><p:sp><p:spPr/><p:txBody><a:bodyPr/></p:txBody></p:sp>'
    assert.equal(
      repairSlideXml(xml),
      '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>' +
        '<p:sp><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp><p:sp><p:spPr/><p:txBody><a:bodyPr/></p:txBody></p:sp>',
    )
    const picture = '<p:bg><p:bgPr><a:blipFill/><a:effectLst/></p:bgPr></p:bg>'
    assert.equal(repairSlideXml(picture), picture)
  })
})

describe('repairNotesMaster', () => {
  it('removes the notes master\'s placeholders, keeping its shape tree\'s own properties', () => {
    const xml = '<p:cSld><p:spTree><p:nvGrpSpPr/><p:grpSpPr><a:xfrm/></p:grpSpPr><p:sp><p:nvSpPr/></p:sp><p:sp/></p:spTree></p:cSld><p:clrMap/>'
    assert.equal(repairNotesMaster(xml), '<p:cSld><p:spTree><p:nvGrpSpPr/><p:grpSpPr><a:xfrm/></p:grpSpPr></p:spTree></p:cSld><p:clrMap/>')
  })
})
