// Draws media/icon.png (128x128): a rounded square with a heartbeat line through a broken channel.
// Plain Node (zlib) so no image tool is needed; anti-aliased by 4x4 supersampling. Run: node scripts/make-icon.mjs
import fs from 'node:fs';
import zlib from 'node:zlib';

const S = 128,
  SS = 4;
const bgTop = [13, 110, 153],
  bgBottom = [8, 62, 99];
// heartbeat polyline (in 0..128 units) and two channel stubs with a gap (the dropped connection)
const pulse = [
  [14, 70],
  [40, 70],
  [50, 46],
  [62, 96],
  [74, 34],
  [84, 70],
  [114, 70],
];
const stubs = [
  [
    [14, 100],
    [52, 100],
  ],
  [
    [76, 100],
    [114, 100],
  ],
];

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
function insideRounded(x, y, r = 24) {
  const cx = Math.min(Math.max(x, r), S - r),
    cy = Math.min(Math.max(y, r), S - r);
  return Math.hypot(x - cx, y - cy) <= r;
}
function sample(x, y) {
  if (!insideRounded(x, y)) return null;
  let d = Infinity;
  for (let i = 1; i < pulse.length; i++) d = Math.min(d, distToSegment(x, y, pulse[i - 1], pulse[i]));
  if (d <= 5) return [255, 255, 255];
  for (const [a, b] of stubs) if (distToSegment(x, y, a, b) <= 4) return [255, 196, 61];
  const t = y / S;
  return bgTop.map((c, i) => Math.round(c + (bgBottom[i] - c) * t));
}

const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < S; x++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SS; sy++)
      for (let sx = 0; sx < SS; sx++) {
        const c = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        if (c) {
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
    const o = y * (S * 4 + 1) + 1 + x * 4;
    if (a) {
      raw[o] = r / a;
      raw[o + 1] = g / a;
      raw[o + 2] = b / a;
    }
    raw[o + 3] = Math.round((a / (SS * SS)) * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr[8] = 8;
ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('../media/icon.png', import.meta.url);
fs.writeFileSync(out, png);
console.log(`wrote media/icon.png (${png.length} bytes)`);
