/**
 * Pictures leave bbl without where and with what they were taken: EXIF (GPS,
 * camera and phone model, serial numbers), XMP and IPTC are removed from every
 * picture written, whichever way it was prepared. JPEG and PNG are cleaned
 * without re-encoding (their segments and chunks are dropped, the pixels are the
 * same bytes); other formats go through sharp, which writes no metadata.
 */
// sharp is loaded when a picture needs it, not with this module: a cached build loads none.
const sharpOf = async () => (await import('sharp')).default

/** JPEG markers kept: JFIF (APP0), ICC colour profiles (APP2 "ICC_PROFILE"), Adobe colour transform (APP14). */
const ICC = Buffer.from('ICC_PROFILE\0', 'latin1')

/** The JPEG without EXIF/XMP (APP1), IPTC (APP13), comments and other APPn segments; undefined if it is not a well-formed JPEG. */
export function stripJpeg(buf: Buffer): Buffer | undefined {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return undefined
  const parts: Buffer[] = [buf.subarray(0, 2)]
  let i = 2
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff) return undefined
    const marker = buf[i + 1]!
    if (marker === 0xff) {
      i++ // fill byte
      continue
    }
    // Start of scan: the rest is image data (and the end marker).
    if (marker === 0xda) {
      parts.push(buf.subarray(i))
      return Buffer.concat(parts)
    }
    const len = buf.readUInt16BE(i + 2)
    if (len < 2 || i + 2 + len > buf.length) return undefined
    const seg = buf.subarray(i, i + 2 + len)
    const isApp = marker >= 0xe0 && marker <= 0xef
    const keep = !isApp ? marker !== 0xfe : marker === 0xe0 || marker === 0xee || (marker === 0xe2 && seg.subarray(4, 4 + ICC.length).equals(ICC))
    if (keep) parts.push(seg)
    i += 2 + len
  }
  return undefined
}

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** PNG chunks that carry metadata: EXIF, text (XMP lives in iTXt), time. */
const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME'])

/** The PNG without its EXIF, text and time chunks; undefined if it is not a well-formed PNG. */
export function stripPng(buf: Buffer): Buffer | undefined {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIG)) return undefined
  const parts: Buffer[] = [buf.subarray(0, 8)]
  let i = 8
  while (i + 12 <= buf.length) {
    const len = buf.readUInt32BE(i)
    const type = buf.toString('latin1', i + 4, i + 8)
    const end = i + 12 + len
    if (end > buf.length) return undefined
    if (!PNG_DROP.has(type)) parts.push(buf.subarray(i, end))
    i = end
    if (type === 'IEND') return Buffer.concat(parts)
  }
  return undefined
}

/** A picture's bytes without location and device data, in its own format; throws if it cannot be decoded. */
export async function withoutMetadata(buf: Buffer, format: string | undefined): Promise<Buffer> {
  const clean = format === 'jpeg' ? stripJpeg(buf) : format === 'png' ? stripPng(buf) : undefined
  if (clean) return clean
  if (format === 'svg') return buf
  // sharp keeps no metadata unless asked to (withMetadata): a re-encode drops it.
  const sharp = await sharpOf()
  const img = sharp(buf, { animated: format === 'gif' || format === 'webp' })
  if (format === 'gif') return img.gif().toBuffer()
  if (format === 'webp') return img.webp({ quality: 90 }).toBuffer()
  if (format === 'png') return img.png().toBuffer()
  return img.jpeg({ quality: 90, mozjpeg: true }).toBuffer()
}

/** Decode the picture (small, fast: JPEGs shrink on load) so a truncated or fake one is caught, not copied. */
export async function checkDecodes(picture: string | Buffer, format: string | undefined): Promise<void> {
  if (format === 'svg') return
  const sharp = await sharpOf()
  await sharp(picture, { failOn: 'truncated' }).resize(64, 64, { fit: 'inside' }).raw().toBuffer()
}
