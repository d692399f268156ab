// Draws the extension's 128×128 icon (client/images/icon.png) from a few shapes: lines of
// code, one of them underlined with a warning squiggle, and a red badge. Kept as a script
// so the icon can be changed by editing numbers rather than by a drawing program; the PNG
// it writes is committed, and packaging does not run this.
//   node client/scripts/make-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SAMPLES = 4; // per axis, for anti-aliased edges

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

// Signed distances: negative inside.
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return Math.hypot(dx, dy) - r;
};
const capsule = (x0, x1, y, h) => roundedRect(x0, y - h / 2, x1, y + h / 2, h / 2);
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const wave = (x0, x1, y0, amp, period, thick) => (x, y) => {
  if (x < x0 || x > x1) return 1;
  return Math.abs(y - (y0 + amp * Math.sin(((x - x0) / period) * 2 * Math.PI))) - thick / 2;
};

// Painted in order; later shapes cover earlier ones.
const layers = [
  [roundedRect(4, 4, 124, 124, 24), hex('#1d2b3a')],
  [capsule(24, 78, 32, 9), hex('#6f87a6')],
  [capsule(24, 104, 52, 10), hex('#ffffff')],
  [wave(24, 104, 66, 3, 10, 3.2), hex('#ffa23d')],
  [capsule(24, 62, 84, 9), hex('#6f87a6')],
  [capsule(24, 54, 102, 9), hex('#6f87a6')],
  [circle(94, 96, 21), hex('#1d2b3a')], // a gap around the badge
  [circle(94, 96, 18), hex('#e5383b')],
  [roundedRect(91.5, 84, 96.5, 100, 2.5), hex('#ffffff')],
  [circle(94, 106, 3), hex('#ffffff')],
];

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = px + (sx + 0.5) / SAMPLES;
        const y = py + (sy + 0.5) / SAMPLES;
        let color;
        for (const [shape, c] of layers) if (shape(x, y) <= 0) color = c;
        if (color) {
          r += color[0];
          g += color[1];
          b += color[2];
          a += 1;
        }
      }
    }
    const o = (py * SIZE + px) * 4;
    // Colour averaged over covered samples only, so edges fade in alpha, not towards black.
    rgba[o] = a ? Math.round(r / a) : 0;
    rgba[o + 1] = a ? Math.round(g / a) : 0;
    rgba[o + 2] = a ? Math.round(b / a) : 0;
    rgba[o + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
// Each scanline starts with filter type 0 (none).
const raw = Buffer.concat(Array.from({ length: SIZE }, (_, y) => Buffer.concat([Buffer.from([0]), rgba.subarray(y * SIZE * 4, (y + 1) * SIZE * 4)])));
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`${out}: ${png.length} bytes`);
