import * as fs from 'fs';
import {
  scanBytes,
  scanText,
  ScanState,
  SCAN_LOOKBACK_LINES,
  type Finding,
  type ScanOptions,
} from '../core/scan/matcher';
import type { PatternSet } from '../core/scan/patterns';

export interface FileScanResult {
  findings: Finding[];
  /** set when the file was not scanned (binary), with the reason */
  skipped?: string;
  /** true when a BOM said the file is UTF-16 */
  utf16?: boolean;
}

/** Read size: large enough to amortise syscalls, small enough to keep memory flat whatever the file size. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** A single line longer than this is scanned in pieces (matches across a piece boundary may be missed). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const CONTEXT_BYTES = 64 * 1024;

const MAGIC: [string, number[]][] = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['ELF binary', [0x7f, 0x45, 0x4c, 0x46]],
  ['gzip archive', [0x1f, 0x8b]],
  ['zip archive', [0x50, 0x4b, 0x03, 0x04]],
  ['PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
];

/** Decides from the first bytes whether a file is binary; returns the reason, or undefined for text. */
export function binaryReason(head: Uint8Array): string | undefined {
  for (const [name, magic] of MAGIC) if (magic.every((b, i) => head[i] === b)) return name;
  if (isUtf16Bom(head)) return undefined;
  let nul = 0;
  let control = 0;
  for (const b of head) {
    if (b === 0) nul++;
    else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  if (head.length && (nul / head.length > 0.1 || (nul + control) / head.length > 0.3)) return 'binary data';
  return undefined;
}

function isUtf16Bom(head: Uint8Array): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

function decodeUtf16(data: Buffer): string {
  if (data[0] === 0xfe) {
    const swapped = Buffer.from(data.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return data.toString('utf16le', 2);
}

/**
 * Turns a CR that is not followed by LF into LF, in place (same length, so offsets hold): editors end a
 * line at a lone CR, and the scanner only knows LF. A CR as the last byte is left for the next block
 * unless this is the end of the input.
 */
export function normalizeLoneCarriageReturns(data: Buffer, atEnd: boolean, from = 0): void {
  for (let i = data.indexOf(13, from); i !== -1; i = data.indexOf(13, i + 1)) {
    if (i + 1 < data.length ? data[i + 1] !== 10 : atEnd) data[i] = 10;
  }
}

/** Counts '\n' in [from, to) with the native search. */
function countNewlines(data: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = data.indexOf(10, from); i !== -1 && i < to; i = data.indexOf(10, i + 1)) n++;
  return n;
}

/** Start of the context kept for lookback: up to SCAN_LOOKBACK_LINES lines (and CONTEXT_BYTES) before `end`. */
function contextStart(data: Buffer, end: number): number {
  let start = end;
  for (let i = 0; i < SCAN_LOOKBACK_LINES && start > 0; i++) {
    const nl = start >= 2 ? data.lastIndexOf(10, start - 2) : -1;
    start = nl + 1;
    if (nl === -1) break;
  }
  return Math.max(start, end - CONTEXT_BYTES);
}

/**
 * Scans a byte stream fed in blocks: only the current block, the unfinished last line and a few context
 * lines are kept, so memory stays flat for any input size. Used for files (sync reads) and stdin.
 * Blocks land in one reusable buffer right after the carried tail and are scanned in place; only the
 * tail (context lines + the unfinished line) moves to the front before the next block.
 */
export class StreamScanner {
  private buf: Buffer;
  private length = 0; // valid bytes in buf
  private scanFrom = 0; // offset in buf where unscanned bytes start
  private lineNo = 0; // line number at scanFrom
  private readonly state = new ScanState();
  /** UTF-16 length of the pieces already scanned of a line longer than maxLineBytes (0 at a line start) */
  private columnBase = 0;
  readonly findings: Finding[] = [];

  constructor(
    private readonly set: PatternSet,
    private readonly options: ScanOptions = {},
    blockBytes = 64 * 1024,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {
    this.buf = Buffer.allocUnsafe(blockBytes + CONTEXT_BYTES);
  }

  /** true once maxFindings is reached: callers may stop feeding */
  get full(): boolean {
    return this.state.findings >= (this.options.maxFindings ?? Infinity);
  }

  push(block: Uint8Array): void {
    if (block.length === 0 || this.full) return;
    this.reserve(block.length);
    this.buf.set(block, this.length);
    this.length += block.length;
    this.scanComplete(block.length);
  }

  /** Reads up to `max` bytes from fd at `position` straight into the buffer and scans them; returns the count. */
  readFrom(fd: number, position: number, max: number): number {
    if (this.full) return 0;
    this.reserve(max);
    const n = fs.readSync(fd, this.buf, this.length, max, position);
    this.length += n;
    if (n > 0) this.scanComplete(n);
    return n;
  }

  end(): Finding[] {
    const data = this.buf.subarray(0, this.length);
    normalizeLoneCarriageReturns(data, true, Math.max(0, this.length - 1));
    if (this.length > this.scanFrom && !this.full) this.scanRegion(data, this.scanFrom, this.length);
    this.length = 0;
    this.scanFrom = 0;
    return this.findings;
  }

  /** Scans [from, to); findings on a line continued from an earlier piece get that piece's columns added. */
  private scanRegion(data: Buffer, from: number, to: number): { lineNo: number; lineStart: number } {
    const before = this.findings.length;
    const firstLine = this.lineNo;
    const walked = scanBytes(this.set, data, from, to, this.lineNo, 0, this.options, this.state, this.findings);
    if (this.columnBase) {
      for (let i = before; i < this.findings.length; i++) {
        const f = this.findings[i];
        if (f.line !== firstLine) break;
        f.column += this.columnBase;
        f.endColumn += this.columnBase;
      }
    }
    return walked;
  }

  /** Room for `n` more bytes; grows only for lines longer than the buffer. */
  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.length + n, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  /** Scans the complete lines now in the buffer (`added` bytes just arrived), then keeps the tail. */
  private scanComplete(added: number): void {
    const data = this.buf.subarray(0, this.length);
    // A CR at the old end was left undecided: look at it again now that its next byte is here.
    normalizeLoneCarriageReturns(data, false, Math.max(0, this.length - added - 1));
    const lastNl = data.lastIndexOf(10, this.length - 1);
    let scanTo: number;
    const piece = lastNl < this.scanFrom;
    if (piece) {
      if (this.length - this.scanFrom < this.maxLineBytes) return; // line not finished yet: keep reading
      // pathological line: scan it in pieces, cut before a UTF-8 continuation byte
      scanTo = this.length;
      let k = scanTo;
      while (k > scanTo - 3 && k > this.scanFrom + 1 && (data[k - 1] & 0xc0) === 0x80) k--;
      if ((data[k - 1] & 0xc0) === 0xc0) scanTo = k - 1; // a multi-byte character that may be unfinished: next piece
    } else {
      scanTo = lastNl;
    }
    let walked = { lineNo: this.lineNo, lineStart: this.scanFrom };
    if (scanTo > this.scanFrom) walked = this.scanRegion(data, this.scanFrom, scanTo);
    // the next piece of a long line goes on counting columns where this one stopped
    this.columnBase = piece ? this.columnBase + utf16Length(data, this.scanFrom, scanTo) : 0;
    const nextFrom = scanTo < this.length && data[scanTo] === 10 ? scanTo + 1 : scanTo;
    this.lineNo = walked.lineNo + countNewlines(data, walked.lineStart, nextFrom);
    const ctx = contextStart(data, nextFrom);
    this.buf.copyWithin(0, ctx, this.length);
    this.length -= ctx;
    this.scanFrom = nextFrom - ctx;
  }
}

/** UTF-16 length of data[from, to), decoded in slices so no huge string is made. */
function utf16Length(data: Buffer, from: number, to: number): number {
  let n = 0;
  for (let start = from; start < to;) {
    let end = Math.min(to, start + (1 << 20));
    while (end < to && end > start + 1 && (data[end] & 0xc0) === 0x80) end--; // never split a character
    n += data.toString('utf8', start, end).length;
    start = end;
  }
  return n;
}

/** Scans a file with CHUNK_BYTES reads (binary files skipped, UTF-16 with BOM decoded). Throws on read errors. */
export function scanFile(
  set: PatternSet,
  file: string,
  options: ScanOptions = {},
  chunkBytes = CHUNK_BYTES,
): FileScanResult {
  // Non-blocking open, then fstat: a file swapped for a FIFO after the walk never blocks the scan.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    if (!fs.fstatSync(fd).isFile()) return { findings: [], skipped: 'not a regular file' };
    const head = Buffer.alloc(8192);
    const headLen = fs.readSync(fd, head, 0, head.length, 0);
    const reason = binaryReason(head.subarray(0, headLen));
    if (reason) return { findings: [], skipped: reason };
    if (isUtf16Bom(head.subarray(0, headLen))) {
      return { findings: scanText(set, decodeUtf16(fs.readFileSync(fd)), options), utf16: true };
    }
    const scanner = new StreamScanner(set, options, chunkBytes);
    for (let position = 0, n; (n = scanner.readFrom(fd, position, chunkBytes)) > 0;) position += n;
    return { findings: scanner.end() };
  } finally {
    fs.closeSync(fd);
  }
}
