#!/usr/bin/env node
// Generates stand-in "photos of a projected conference slide" for every image
// referenced by an AsciiDoc notes file, so the sample deck renders without the
// real (unavailable) speaker photos.
//
//   node scripts/make-sample-images.mjs [notes.adoc] [--out DIR]
//
// Default notes file: decks/dataxday-2018.adoc
// Default output:     images/<notes-name>/<target>   (relative to the repo root)
//
// Output is deterministic: every random choice comes from a PRNG seeded with a
// hash of the file name, and sharp writes no metadata (no EXIF dates), so two
// runs produce byte-identical files.

import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 150 * 1024;
const QUALITIES = [80, 74, 68, 62, 56, 50, 45, 40];
const PORTRAIT_PATTERNS = ['real-time-access-log-analysis_03', 'real-time-access-log-analysis_04'];
const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
const MONO = "'DejaVu Sans Mono', 'Liberation Mono', monospace";

// Keep sharp's own output stable and the memory footprint small.
sharp.cache(false);
sharp.concurrency(1);

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  let notes = 'decks/dataxday-2018.adoc';
  let out = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') out = argv[++i];
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/make-sample-images.mjs [notes.adoc] [--out DIR]');
      process.exit(0);
    } else notes = a;
  }
  const notesPath = path.resolve(notes);
  const notesName = path.basename(notesPath).replace(/\.[^.]+$/, '');
  const outDir = out ? path.resolve(out) : path.join(REPO_ROOT, 'images', notesName);
  return { notesPath, notesName, outDir };
}

export function findTargets(text) {
  const re = /image::?([^[\s]+)\[/g;
  const seen = new Set();
  for (const m of text.matchAll(re)) {
    const t = m[1];
    if (/^https?:\/\//i.test(t)) continue;
    seen.add(t);
  }
  return [...seen];
}

// ---------------------------------------------------------------- helpers

function seededRandom(name) {
  const h = createHash('sha256').update(name).digest();
  let a = h.readUInt32LE(0);
  // mulberry32
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const xml = (s) =>
  String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);

const hsl = (h, s, l) => `hsl(${h.toFixed(1)},${s.toFixed(1)}%,${l.toFixed(1)}%)`;

/** "AWS-sagemaker_01.jpg" -> { topic: "AWS sagemaker", num: "01", title: "AWS sagemaker — slide 01" } */
export function titleFromName(file) {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  const m = base.match(/^(.*?)[_-](\d+)$/);
  const topic = (m ? m[1] : base).replace(/[-_]+/g, ' ').trim();
  const num = m ? m[2] : '';
  return { topic, num, title: num ? `${topic} — slide ${num}` : topic };
}

/** Font size so that `chars` monospace glyphs (advance 0.602em) fit in `width`. */
const monoFit = (chars, width, max) => Math.min(max, width / (chars * 0.602));
/** Rough fit for proportional DejaVu Sans (average advance ~0.58em). */
const sansFit = (chars, width, max) => Math.min(max, width / (chars * 0.58));

// ---------------------------------------------------------------- the slide

function slideSvg(file, rnd, W, H) {
  const { topic, num, title } = titleFromName(file);
  const hue = rnd() * 360;
  const accent = hsl(hue, 55 + rnd() * 25, 36 + rnd() * 10);
  const accent2 = hsl((hue + 140 + rnd() * 80) % 360, 55 + rnd() * 20, 48 + rnd() * 8);
  const paper = hsl((hue + 20) % 360, 10 + rnd() * 25, 95 + rnd() * 3);
  const ink = hsl(hue, 25, 16 + rnd() * 8);
  const pad = W * 0.06;
  const layout = Math.floor(rnd() * 3); // 0 bullets, 1 bar chart, 2 line chart
  const headerStyle = Math.floor(rnd() * 2); // 0 full band, 1 side stripe + underline

  const parts = [];
  parts.push(`<rect width="${W}" height="${H}" fill="${paper}"/>`);

  // Header with title line.
  const headerH = H * 0.17;
  const titleSize = sansFit(title.length, W - 2 * pad, H * 0.075);
  if (headerStyle === 0) {
    parts.push(`<rect width="${W}" height="${headerH}" fill="${accent}"/>`);
    parts.push(
      `<text x="${pad}" y="${headerH * 0.5 + titleSize * 0.36}" font-family="${FONT}" font-weight="bold" font-size="${titleSize.toFixed(1)}" fill="#fff">${xml(title)}</text>`,
    );
  } else {
    parts.push(`<rect width="${W * 0.025}" height="${H}" fill="${accent}"/>`);
    parts.push(
      `<text x="${pad}" y="${headerH * 0.55 + titleSize * 0.36}" font-family="${FONT}" font-weight="bold" font-size="${titleSize.toFixed(1)}" fill="${accent}">${xml(title)}</text>`,
    );
    parts.push(`<rect x="${pad}" y="${headerH * 0.92}" width="${W * 0.35}" height="${H * 0.008}" fill="${accent2}"/>`);
  }

  // The file name, large, in a framed label: the main thing to read.
  const nameSize = monoFit(file.length, W - 2.6 * pad, H * 0.1);
  const nameY = headerH + H * 0.05;
  const labelH = nameSize * 1.55;
  parts.push(
    `<rect x="${pad * 0.9}" y="${nameY}" width="${W - 1.8 * pad}" height="${labelH}" rx="${H * 0.015}" fill="#fff" stroke="${accent2}" stroke-width="${H * 0.006}"/>`,
  );
  parts.push(
    `<text x="${W / 2}" y="${nameY + labelH / 2 + nameSize * 0.36}" text-anchor="middle" font-family="${MONO}" font-weight="bold" font-size="${nameSize.toFixed(1)}" fill="${ink}">${xml(file)}</text>`,
  );

  // Body: fake bullets or a simple chart.
  const bodyTop = nameY + labelH + H * 0.06;
  const bodyBottom = H * 0.88;
  const bodyH = bodyBottom - bodyTop;
  const grey = hsl(hue, 8, 62 + rnd() * 10);
  if (layout === 0) {
    const n = 3 + Math.floor(rnd() * 3);
    const step = bodyH / n;
    for (let i = 0; i < n; i++) {
      const y = bodyTop + step * (i + 0.5);
      const r = H * 0.014;
      parts.push(`<circle cx="${pad + r}" cy="${y}" r="${r}" fill="${accent}"/>`);
      const w1 = (W - 3 * pad) * (0.45 + rnd() * 0.5);
      const barH = H * 0.026;
      parts.push(`<rect x="${pad + 4 * r}" y="${y - barH / 2}" width="${w1}" height="${barH}" rx="${barH / 2}" fill="${grey}"/>`);
      if (rnd() < 0.5) {
        const w2 = w1 * (0.2 + rnd() * 0.3);
        parts.push(`<rect x="${pad + 4 * r}" y="${y - barH / 2}" width="${w2}" height="${barH}" rx="${barH / 2}" fill="${accent2}"/>`);
      }
    }
  } else {
    const x0 = pad * 1.5;
    const x1 = W - pad * 1.2;
    const y0 = bodyBottom;
    const y1 = bodyTop;
    parts.push(`<path d="M${x0} ${y1} V${y0} H${x1}" fill="none" stroke="${ink}" stroke-width="${H * 0.005}"/>`);
    for (let g = 1; g <= 3; g++) {
      const gy = y0 - ((y0 - y1) * g) / 4;
      parts.push(`<line x1="${x0}" y1="${gy}" x2="${x1}" y2="${gy}" stroke="${grey}" stroke-width="${H * 0.002}" stroke-dasharray="${H * 0.01}"/>`);
    }
    const n = 5 + Math.floor(rnd() * 4);
    const vals = Array.from({ length: n }, (_, i) => 0.15 + 0.8 * (0.5 * rnd() + (0.5 * i) / n));
    const slot = (x1 - x0) / n;
    if (layout === 1) {
      vals.forEach((v, i) => {
        const bh = (y0 - y1) * v;
        parts.push(
          `<rect x="${x0 + slot * (i + 0.18)}" y="${y0 - bh}" width="${slot * 0.64}" height="${bh}" fill="${i % 2 ? accent : accent2}"/>`,
        );
      });
    } else {
      const pts = vals.map((v, i) => `${(x0 + slot * (i + 0.5)).toFixed(1)},${(y0 - (y0 - y1) * v).toFixed(1)}`);
      parts.push(`<polygon points="${x0 + slot * 0.5},${y0} ${pts.join(' ')} ${x0 + slot * (n - 0.5)},${y0}" fill="${accent2}" fill-opacity="0.25"/>`);
      parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${accent}" stroke-width="${H * 0.009}" stroke-linejoin="round"/>`);
      for (const p of pts) {
        const [cx, cy] = p.split(',');
        parts.push(`<circle cx="${cx}" cy="${cy}" r="${H * 0.012}" fill="${accent}"/>`);
      }
    }
  }

  // Footer.
  const footSize = H * 0.032;
  parts.push(`<rect x="0" y="${H * 0.93}" width="${W}" height="${H * 0.07}" fill="${accent}" fill-opacity="0.12"/>`);
  parts.push(
    `<text x="${pad}" y="${H * 0.965 + footSize * 0.36}" font-family="${FONT}" font-size="${footSize}" fill="${ink}">DataXDay 2018 · ${xml(topic)}</text>`,
  );
  if (num) {
    parts.push(
      `<text x="${W - pad}" y="${H * 0.965 + footSize * 0.36}" text-anchor="end" font-family="${FONT}" font-size="${footSize}" fill="${ink}">${xml(num)}</text>`,
    );
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`;
}

// ---------------------------------------------------------------- the room

function roomSvg(W, H, rnd, quad) {
  const cx = (quad[0][0] + quad[1][0] + quad[2][0] + quad[3][0]) / 4;
  const cy = (quad[0][1] + quad[1][1] + quad[2][1] + quad[3][1]) / 4;
  const warm = rnd() < 0.5;
  const wall = warm ? '#3a3028' : '#262b36';
  const dark = warm ? '#0c0907' : '#06080c';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <defs>
    <radialGradient id="g" gradientUnits="userSpaceOnUse" cx="${cx}" cy="${cy}" r="${Math.max(W, H) * 0.75}">
      <stop offset="0" stop-color="${wall}"/>
      <stop offset="1" stop-color="${dark}"/>
    </radialGradient>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#g)"/>
  <rect y="${H * (0.8 + rnd() * 0.05)}" width="${W}" height="${H * 0.2}" fill="${dark}" fill-opacity="0.6"/>
</svg>`;
}

/** Audience heads/shoulders silhouettes along the bottom edge. */
function headsSvg(W, H, rnd) {
  const parts = [];
  const n = 2 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const x = W * (0.05 + 0.9 * rnd());
    const r = Math.min(W, H) * (0.07 + rnd() * 0.05);
    const y = H - r * (0.2 + rnd() * 0.9);
    const shade = 2 + Math.floor(rnd() * 4);
    const c = `rgb(${shade},${shade},${shade + 2})`;
    parts.push(`<ellipse cx="${x}" cy="${y + r * 2.0}" rx="${r * 2.3}" ry="${r * 1.3}" fill="${c}"/>`);
    parts.push(`<ellipse cx="${x}" cy="${y}" rx="${r * 0.85}" ry="${r}" fill="${c}"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs><filter id="b"><feGaussianBlur stdDeviation="${(Math.min(W, H) * 0.006).toFixed(1)}"/></filter></defs><g filter="url(#b)">${parts.join('')}</g></svg>`;
}

// ---------------------------------------------------------------- geometry

/** Homography mapping the 4 `src` points onto the 4 `dst` points (3x3, row-major, h33 = 1). */
function homography(src, dst) {
  const A = [];
  const b = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i];
    const [u, v] = dst[i];
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  // Gaussian elimination with partial pivoting.
  const n = 8;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    [A[c], A[p]] = [A[p], A[c]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let r = c + 1; r < n; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k < n; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  const h = new Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= A[r][k] * h[k];
    h[r] = s / A[r][r];
  }
  return [...h, 1];
}

/** Picks a slightly tilted, keystoned, off-centre quadrilateral for the slide. */
function slideQuad(W, H, sw, sh, rnd, portrait) {
  const aspect = sw / sh;
  const width = W * (portrait ? 0.8 + rnd() * 0.06 : 0.66 + rnd() * 0.1);
  const height = width / aspect;
  const cx = W / 2 + (rnd() - 0.5) * W * (portrait ? 0.04 : 0.1);
  const cy = H * (portrait ? 0.42 + rnd() * 0.08 : 0.43 + rnd() * 0.06);
  const angle = ((rnd() - 0.5) * (portrait ? 7 : 5) * Math.PI) / 180;
  // Keystone: one side (left or right) nearer the camera, top a bit wider or narrower.
  const side = (rnd() - 0.5) * (portrait ? 0.12 : 0.1); // >0: right edge taller
  const top = (rnd() - 0.3) * 0.06; // >0: top edge wider (camera below the screen)
  const hw = width / 2;
  const hh = height / 2;
  const local = [
    [-hw * (1 + top), -hh * (1 - side)],
    [hw * (1 + top), -hh * (1 + side)],
    [hw * (1 - top), hh * (1 + side)],
    [-hw * (1 - top), hh * (1 - side)],
  ];
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return local.map(([x, y]) => [cx + x * cos - y * sin, cy + x * sin + y * cos]);
}

// ---------------------------------------------------------------- compositing

/**
 * Warps the slide (raw RGB) into `img` (raw RGB, W x H) through the inverse
 * homography `inv`, with 2x2 supersampling, projector-like contrast, a light
 * hotspot and a dim screen border around it.
 */
function warpSlide(img, W, H, slide, sw, sh, inv, quad, look) {
  const border = sh * 0.035; // visible screen surface around the projected image
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const pad = border * 2.5;
  const bx0 = Math.max(0, Math.floor(Math.min(...xs) - pad));
  const bx1 = Math.min(W - 1, Math.ceil(Math.max(...xs) + pad));
  const by0 = Math.max(0, Math.floor(Math.min(...ys) - pad));
  const by1 = Math.min(H - 1, Math.ceil(Math.max(...ys) + pad));
  const [a, b, c, d, e, f, g, h, i] = inv;
  const offs = [0.25, 0.75];
  const { black, gain, tint, screen, hotX, hotY } = look;
  const diag = Math.hypot(sw, sh) / 2;

  for (let y = by0; y <= by1; y++) {
    for (let x = bx0; x <= bx1; x++) {
      let r = 0;
      let gg = 0;
      let bb = 0;
      let cover = 0;
      for (const oy of offs) {
        for (const ox of offs) {
          const px = x + ox;
          const py = y + oy;
          const w = g * px + h * py + i;
          const u = (a * px + b * py + c) / w;
          const v = (d * px + e * py + f) / w;
          if (u >= 0 && v >= 0 && u < sw && v < sh) {
            // Bilinear sample.
            const u0 = Math.min(sw - 2, Math.max(0, Math.floor(u - 0.5)));
            const v0 = Math.min(sh - 2, Math.max(0, Math.floor(v - 0.5)));
            const fu = Math.min(1, Math.max(0, u - 0.5 - u0));
            const fv = Math.min(1, Math.max(0, v - 0.5 - v0));
            const p00 = (v0 * sw + u0) * 3;
            const p10 = p00 + 3;
            const p01 = p00 + sw * 3;
            const p11 = p01 + 3;
            const light = gain * (1 - 0.22 * (Math.hypot(u - hotX * sw, v - hotY * sh) / diag) ** 2);
            for (let k = 0; k < 3; k++) {
              const s =
                (slide[p00 + k] * (1 - fu) + slide[p10 + k] * fu) * (1 - fv) +
                (slide[p01 + k] * (1 - fu) + slide[p11 + k] * fu) * fv;
              const val = (black + s * (1 - black / 255)) * light * tint[k];
              if (k === 0) r += val;
              else if (k === 1) gg += val;
              else bb += val;
            }
            cover++;
          } else if (u >= -border && v >= -border && u < sw + border && v < sh + border) {
            r += screen[0];
            gg += screen[1];
            bb += screen[2];
            cover++;
          }
        }
      }
      if (!cover) continue;
      const o = (y * W + x) * 3;
      const alpha = cover / 4;
      img[o] = Math.round(img[o] * (1 - alpha) + r / 4);
      img[o + 1] = Math.round(img[o + 1] * (1 - alpha) + gg / 4);
      img[o + 2] = Math.round(img[o + 2] * (1 - alpha) + bb / 4);
    }
  }
}

/** Sensor noise (stronger in the dark) plus a lens vignette. */
function noiseAndVignette(img, W, H, rnd, amount) {
  const cx = W / 2;
  const cy = H / 2;
  const rmax = Math.hypot(cx, cy);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      const dr = Math.hypot(x - cx, y - cy) / rmax;
      const vig = 1 - 0.35 * dr * dr;
      const lum = (img[o] + img[o + 1] + img[o + 2]) / 765;
      const n = (rnd() + rnd() + rnd() - 1.5) * amount * (1.2 - 0.7 * lum);
      for (let k = 0; k < 3; k++) {
        const v = img[o + k] * vig + n + (rnd() - 0.5) * amount * 0.3;
        img[o + k] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
}

// ---------------------------------------------------------------- one photo

export async function makePhoto(file) {
  const rnd = seededRandom(file);
  const portrait = PORTRAIT_PATTERNS.some((p) => file.includes(p));
  const [W, H] = portrait ? [1200, 1600] : [1600, 1200];
  const wide = rnd() < 0.35; // some speakers use 16:9 slides
  const [sw, sh] = wide ? [1280, 720] : [1200, 900];

  const quad = slideQuad(W, H, sw, sh, rnd, portrait);
  const srcRect = [
    [0, 0],
    [sw, 0],
    [sw, sh],
    [0, sh],
  ];
  const inv = homography(quad, srcRect);

  const slide = await sharp(Buffer.from(slideSvg(file, rnd, sw, sh))).removeAlpha().raw().toBuffer();
  const img = await sharp(Buffer.from(roomSvg(W, H, rnd, quad))).removeAlpha().raw().toBuffer();

  const warm = rnd();
  const look = {
    black: 22 + rnd() * 14, // projector blacks are grey
    gain: 0.86 + rnd() * 0.1,
    tint: [1.0 + warm * 0.04, 1.0, 1.0 - warm * 0.06],
    screen: [48 + rnd() * 10, 48 + rnd() * 10, 52 + rnd() * 10],
    hotX: 0.35 + rnd() * 0.3,
    hotY: 0.35 + rnd() * 0.3,
  };
  warpSlide(img, W, H, slide, sw, sh, inv, quad, look);

  const withHeads = await sharp(img, { raw: { width: W, height: H, channels: 3 } })
    .composite([{ input: Buffer.from(headsSvg(W, H, rnd)) }])
    .removeAlpha()
    .raw()
    .toBuffer();

  noiseAndVignette(withHeads, W, H, rnd, 9);

  // Slight camera softness, then the smallest quality that fits the budget.
  const soft = await sharp(withHeads, { raw: { width: W, height: H, channels: 3 } }).blur(0.6).raw().toBuffer();
  for (const quality of QUALITIES) {
    const jpg = await sharp(soft, { raw: { width: W, height: H, channels: 3 } })
      .jpeg({ quality, mozjpeg: true, chromaSubsampling: '4:2:0' })
      .toBuffer();
    if (jpg.length <= MAX_BYTES) return { jpg, quality, W, H };
  }
  throw new Error(`${file}: cannot get under ${MAX_BYTES} bytes even at quality ${QUALITIES.at(-1)}`);
}

// ---------------------------------------------------------------- main

async function main() {
  const { notesPath, notesName, outDir } = parseArgs(process.argv.slice(2));
  const text = await readFile(notesPath, 'utf8');
  const targets = findTargets(text);
  if (!targets.length) throw new Error(`no image targets found in ${notesPath}`);
  await mkdir(outDir, { recursive: true });

  const t0 = process.hrtime.bigint();
  let min = Infinity;
  let max = 0;
  for (const target of targets) {
    const { jpg, quality, W, H } = await makePhoto(path.basename(target));
    if (jpg.length > MAX_BYTES) throw new Error(`${target}: ${jpg.length} bytes > ${MAX_BYTES}`);
    const dest = path.join(outDir, target);
    await mkdir(path.dirname(dest), { recursive: true });
    await writeFile(dest, jpg);
    min = Math.min(min, jpg.length);
    max = Math.max(max, jpg.length);
    console.log(`${path.relative(process.cwd(), dest)}  ${W}x${H}  q${quality}  ${(jpg.length / 1024).toFixed(1)} KB`);
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `${targets.length} images for ${notesName} in ${secs.toFixed(1)} s (${(min / 1024).toFixed(1)}–${(max / 1024).toFixed(1)} KB) -> ${path.relative(process.cwd(), outDir) || '.'}`,
  );
}

main().catch((err) => {
  console.error(`make-sample-images: ${err.message}`);
  process.exit(1);
});
