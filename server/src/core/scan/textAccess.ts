/**
 * Line-level access to the text being scanned, for strings (editor documents) and bytes (files). Only
 * lines that contain a hit are ever decoded, so the cost of this layer scales with findings, not size.
 */
export interface TextAccess {
  readonly length: number;
  /** offset of the next '\n' in [from, to), or -1 */
  nextNewline(from: number, to: number): number;
  /** start offset of the line before the line starting at lineStart, or -1 at the start of the text */
  previousLineStart(lineStart: number, floor: number): number;
  /** line text from lineStart to lineEnd (exclusive, without '\r') */
  lineText(lineStart: number, lineEnd: number): string;
  /** UTF-16 column of offset pos within the line starting at lineStart */
  column(lineStart: number, pos: number): number;
}

export class StringAccess implements TextAccess {
  constructor(private readonly text: string) {}
  get length(): number {
    return this.text.length;
  }
  nextNewline(from: number, to: number): number {
    const i = this.text.indexOf('\n', from);
    return i === -1 || i >= to ? -1 : i;
  }
  previousLineStart(lineStart: number, floor: number): number {
    if (lineStart <= floor) return -1;
    const nl = this.text.lastIndexOf('\n', lineStart - 2);
    return nl < floor ? floor : nl + 1;
  }
  lineText(lineStart: number, lineEnd: number): string {
    const end = lineEnd > lineStart && this.text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    return this.text.slice(lineStart, end);
  }
  column(lineStart: number, pos: number): number {
    return pos - lineStart;
  }
}

export class BytesAccess implements TextAccess {
  // Columns are asked in increasing order within a line: each is counted on from the previous one, so a
  // line with many hits is decoded once, not once per hit.
  private colLineStart = -1;
  private colPos = -1;
  private colValue = 0;
  constructor(private readonly data: Buffer) {}
  get length(): number {
    return this.data.length;
  }
  nextNewline(from: number, to: number): number {
    const i = this.data.indexOf(10, from);
    return i === -1 || i >= to ? -1 : i;
  }
  previousLineStart(lineStart: number, floor: number): number {
    if (lineStart <= floor) return -1;
    if (lineStart < 2) return floor;
    const nl = this.data.lastIndexOf(10, lineStart - 2);
    return nl < floor ? floor : nl + 1;
  }
  lineText(lineStart: number, lineEnd: number): string {
    const end = lineEnd > lineStart && this.data[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
    return this.data.toString('utf8', lineStart, end);
  }
  column(lineStart: number, pos: number): number {
    // Decoding counts UTF-16 units, with invalid bytes as U+FFFD like lineText does. Hits start at ASCII
    // bytes, so decoding from the previous hit gives the same count as decoding from the line start.
    const from = lineStart === this.colLineStart && pos >= this.colPos ? this.colPos : lineStart;
    const base = from === lineStart ? 0 : this.colValue;
    const col = base + (pos > from ? this.data.toString('utf8', from, pos).length : 0);
    this.colLineStart = lineStart;
    this.colPos = pos;
    this.colValue = col;
    return col;
  }
}
