/**
 * Wu–Manber multi-literal search: finds every occurrence of every literal, like the Aho–Corasick
 * automaton, but looks at only a fraction of the input. A window as long as the shortest literal slides
 * over the text; a hash of the window's last three characters indexes a shift table, and on log text
 * most windows shift by many characters without any character in between being read (about one byte in
 * ten is looked at). Only windows whose last three characters hash like the end of some literal's prefix
 * are verified. A hash collision can only make a shift smaller, never skip a match, so the same table
 * serves bytes and UTF-16 code units; verification compares exact characters.
 */

/** Called for each occurrence with the end offset (exclusive) and the literal index. */
export type HitCallback = (end: number, literal: number) => void;

const BLOCK = 3;
const MAX_WINDOW = 255; // shifts fit a Uint8Array

export interface LiteralSearch {
  readonly literals: readonly string[];
  /** window length: the shortest literal length (capped) */
  readonly window: number;
  /** shift[hash3(last three characters of the window)]; 0 = verify here */
  readonly shift: Uint8Array;
  /** literals whose prefix ends with a block hashing to h: bucketList[bucketStart[h] .. bucketStart[h + 1]) */
  readonly bucketStart: Int32Array;
  readonly bucketList: Int32Array;
  /** literal bytes, for verification without string access */
  readonly bytes: Uint8Array[];
}

const hash3 = (a: number, b: number, c: number): number => ((a << 10) ^ (b << 5) ^ c) & 0xffff;

export function buildLiteralSearch(literals: readonly string[]): LiteralSearch {
  if (literals.length === 0) throw new Error('no literals');
  let window = MAX_WINDOW;
  for (const lit of literals) {
    if (lit.length < BLOCK + 1) throw new Error(`literal shorter than ${BLOCK + 1} characters: ${lit}`);
    for (let i = 0; i < lit.length; i++) if (lit.charCodeAt(i) > 127) throw new Error(`non-ASCII literal: ${lit}`);
    window = Math.min(window, lit.length);
  }
  const shift = new Uint8Array(1 << 16).fill(window - BLOCK + 1);
  const buckets = new Map<number, number[]>();
  literals.forEach((lit, index) => {
    for (let q = BLOCK; q <= window; q++) {
      const h = hash3(lit.charCodeAt(q - 3), lit.charCodeAt(q - 2), lit.charCodeAt(q - 1));
      shift[h] = Math.min(shift[h], window - q);
    }
    const h = hash3(lit.charCodeAt(window - 3), lit.charCodeAt(window - 2), lit.charCodeAt(window - 1));
    const list = buckets.get(h) ?? [];
    list.push(index);
    buckets.set(h, list);
  });
  const bucketStart = new Int32Array((1 << 16) + 1);
  const bucketList = new Int32Array(literals.length);
  let n = 0;
  let prev = 0;
  for (const h of [...buckets.keys()].sort((x, y) => x - y)) {
    bucketStart.fill(n, prev, h + 1);
    for (const li of buckets.get(h)!) bucketList[n++] = li;
    prev = h + 1;
  }
  bucketStart.fill(n, prev);
  return { literals, window, shift, bucketStart, bucketList, bytes: literals.map((l) => Buffer.from(l, 'latin1')) };
}

/** Every occurrence in bytes [from, to), in order of start offset; onHit gets the end offset (exclusive). */
export function searchBytes(s: LiteralSearch, data: Uint8Array, from: number, to: number, onHit: HitCallback): void {
  const { shift, window, bucketStart, bucketList, bytes } = s;
  let pos = from + window - 1;
  while (pos < to) {
    const h = ((data[pos - 2] << 10) ^ (data[pos - 1] << 5) ^ data[pos]) & 0xffff; // hash3, inlined
    const sh = shift[h];
    if (sh !== 0) {
      pos += sh;
      continue;
    }
    const start = pos - window + 1;
    for (let k = bucketStart[h], ke = bucketStart[h + 1]; k < ke; k++) {
      const li = bucketList[k];
      const lit = bytes[li];
      const end = start + lit.length;
      if (end > to) continue;
      let j = 0;
      while (j < lit.length && data[start + j] === lit[j]) j++;
      if (j === lit.length) onHit(end, li);
    }
    pos++;
  }
}

/** Same as searchBytes over UTF-16 code units. */
export function searchString(s: LiteralSearch, text: string, from: number, to: number, onHit: HitCallback): void {
  const { shift, window, bucketStart, bucketList, bytes } = s;
  let pos = from + window - 1;
  while (pos < to) {
    const h = ((text.charCodeAt(pos - 2) << 10) ^ (text.charCodeAt(pos - 1) << 5) ^ text.charCodeAt(pos)) & 0xffff;
    const sh = shift[h];
    if (sh !== 0) {
      pos += sh;
      continue;
    }
    const start = pos - window + 1;
    for (let k = bucketStart[h], ke = bucketStart[h + 1]; k < ke; k++) {
      const li = bucketList[k];
      const lit = bytes[li];
      const end = start + lit.length;
      if (end > to) continue;
      let j = 0;
      while (j < lit.length && text.charCodeAt(start + j) === lit[j]) j++;
      if (j === lit.length) onHit(end, li);
    }
    pos++;
  }
}
