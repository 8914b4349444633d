/**
 * Video and audio blocks on a slide: a player for a file copied into the deck,
 * a placeholder naming a missing one, a link card (./embed.ts) for remote media.
 * The player's box is fixed before the file loads (the size the author gave, else
 * 16:9 across the slide), so that the fitter measures what the viewer sees.
 */
import type { Labels } from '../notes/lang.js'
import type { MediaRef } from '../notes/model.js'
import { escapeHtml } from '../core/text.js'
import { linkCard } from './embed.js'

/** What the build knows of a video or audio file the notes play (src/assets/media-files.ts). */
export interface MediaAsset {
  src: string
  target: string
  status: 'ok' | 'missing' | 'remote'
  /** Path inside the deck folder, for 'ok'. */
  output?: string
}

export type MediaTable = ReadonlyMap<string, MediaAsset>

const PROVIDER_NAMES: Record<string, string> = { youtube: 'YouTube', vimeo: 'Vimeo', wistia: 'Wistia' }

/** The slide box's body, in CSS px (assets/bbl.css: 1280×720, padding 40/64/48, the title above). */
const MAX_W = 1280 - 2 * 64
const MAX_H = 400

function box(ref: MediaRef): string {
  if (ref.kind === 'audio') return ref.width ? `width: min(${ref.width}px, 100%)` : ''
  let w = ref.width ?? (ref.height ? (ref.height * 16) / 9 : MAX_W)
  let h = ref.height ?? (w * 9) / 16
  // Within the slide box, keeping the author's proportions.
  const scale = Math.min(1, MAX_W / w, MAX_H / h)
  w = Math.round(w * scale)
  h = Math.round(h * scale)
  return `width: ${w}px; height: ${h}px`
}

export function mediaHtml(ref: MediaRef, asset: MediaAsset | undefined, L: Labels): string {
  const title = ref.title ? `<div class="title" dir="auto">${escapeHtml(ref.title)}</div>` : ''
  const cls = ref.kind === 'audio' ? 'audioblock' : 'videoblock'
  if (asset?.status === 'ok' && asset.output) {
    const opts = ref.options
    const attrs = [
      opts.includes('nocontrols') ? '' : ' controls',
      opts.includes('loop') ? ' loop' : '',
      opts.includes('muted') ? ' muted' : '',
      opts.includes('autoplay') ? ' data-autoplay' : '',
    ].join('')
    const src = escapeHtml(asset.output)
    const style = box(ref)
    const player = `<${ref.kind} src="${src}" preload="metadata"${attrs}${style ? ` style="${style}"` : ''}></${ref.kind}>`
    // The file's name under the player: a PDF shows no player, only this line.
    const file = `<p class="bbl-media-file">${ref.kind === 'audio' ? '♪' : '▶'} <a href="${src}">${escapeHtml(ref.target)}</a></p>`
    return `<div class="${cls} bbl-media">${title}${player}${file}</div>`
  }
  if (asset?.status === 'remote' || ref.provider) {
    const label = ref.provider ? `${PROVIDER_NAMES[ref.provider]} · ${L.remoteVideo}` : ref.page ? L.remotePage : ref.kind === 'audio' ? L.remoteAudio : L.remoteVideo
    return `<div class="${cls} bbl-media">${linkCard({ url: ref.src, label, title: ref.title, width: ref.width })}</div>`
  }
  const missing = ref.kind === 'audio' ? L.missingAudio : L.missingVideo
  return `<div class="${cls} bbl-media">${title}<div class="bbl-missing" role="img" aria-label="${escapeHtml(missing)}: ${escapeHtml(ref.target)}"><span>${escapeHtml(missing)}</span><strong>${escapeHtml(ref.target)}</strong></div></div>`
}
