import type { Position, Range } from 'vscode-languageserver-textdocument';

/** What one applied change did to the lines: old lines [startLine, endLine] are now lines [startLine, startLine + newLines]. */
export interface LineChange {
  startLine: number;
  endLine: number;
  newLines: number;
}

/**
 * The text of an open document kept as an array of lines, each with its own line break ('\n', '\r\n' or a
 * lone '\r', as LSP counts lines; the last line has none). An edit replaces only the lines it touches, so
 * it costs O(edited lines + number of lines) for the array splice — never a copy of the whole text, which is
 * what vscode-languageserver-textdocument does per change (`substring + text + substring`, then a shift of
 * every line offset below). Positions are resolved exactly as TextDocument resolves them (UTF-16
 * characters, clamped to the line's content, line past the end = end of text), and tested against it.
 */
export class LineText {
  private lines: string[];
  /** the whole text, kept until the next edit (open, code actions and lint read it) */
  private joined: string | undefined;

  constructor(text: string) {
    this.lines = splitLines(text);
    this.joined = text;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** The whole text (joined once per version). */
  getText(): string {
    if (this.joined === undefined) this.joined = this.lines.join('');
    return this.joined;
  }

  /** Line `line` without its line break ('' past the end). */
  lineAt(line: number): string {
    const s = this.lines[line];
    return s === undefined ? '' : s.slice(0, s.length - breakLength(s));
  }

  /** Lines [fromLine, toLine] as one string; the line break of the last one is left out. */
  linesText(fromLine: number, toLine: number): string {
    const last = this.lines.length - 1;
    const to = Math.min(toLine, last);
    if (fromLine <= 0 && to === last) return this.getText(); // the last line has no break
    if (fromLine > to) return '';
    const s = this.lines.slice(Math.max(0, fromLine), to + 1).join('');
    return s.slice(0, s.length - breakLength(this.lines[to]));
  }

  /** Length of lines [fromLine, toLine] with their line breaks. */
  lengthOf(fromLine: number, toLine: number): number {
    let n = 0;
    for (let i = Math.max(0, fromLine), to = Math.min(toLine, this.lines.length - 1); i <= to; i++)
      n += this.lines[i].length;
    return n;
  }

  /** Text between two positions, like TextDocument.getText(range). */
  getRangeText(range: Range): string {
    const { start, end } = wellFormed(range);
    const [sl, sc] = this.resolve(start);
    const [el, ec] = this.resolve(end);
    if (sl === el) return this.lines[sl].slice(sc, ec);
    return this.lines[sl].slice(sc) + this.lines.slice(sl + 1, el).join('') + this.lines[el].slice(0, ec);
  }

  /** Replaces everything. */
  setText(text: string): void {
    this.lines = splitLines(text);
    this.joined = text;
  }

  /** Applies one incremental change (a range in the current text, LSP semantics). */
  replace(range: Range, text: string): LineChange {
    const { start, end } = wellFormed(range);
    let [startLine, startChar] = this.resolve(start);
    const [endLine, endChar] = this.resolve(end);
    let head = this.lines[startLine].slice(0, startChar);
    // A lone '\r' ending the line above and a '\n' now starting this one become one CRLF break.
    if (
      head === '' &&
      startLine > 0 &&
      (text === '' ? this.lines[endLine].charCodeAt(endChar) : text.charCodeAt(0)) === LF &&
      this.lines[startLine - 1].endsWith('\r')
    ) {
      startLine--;
      startChar = this.lines[startLine].length;
      head = this.lines[startLine];
    }
    const replaced = splitLines(head + text + this.lines[endLine].slice(endChar));
    // The tail keeps endLine's break, after which splitLines starts an empty line that is really endLine + 1.
    if (endLine < this.lines.length - 1) replaced.pop();
    const oldCount = endLine - startLine + 1;
    if (replaced.length === 1 && oldCount === 1) this.lines[startLine] = replaced[0];
    else if (replaced.length < 10000) this.lines.splice(startLine, oldCount, ...replaced);
    else this.lines = this.lines.slice(0, startLine).concat(replaced, this.lines.slice(endLine + 1));
    this.joined = undefined;
    return { startLine, endLine, newLines: replaced.length - 1 };
  }

  /** [line, character] of a position as TextDocument.offsetAt resolves it, character clamped to the content. */
  private resolve(p: Position): [number, number] {
    const last = this.lines.length - 1;
    if (p.line > last) return [last, this.lines[last].length - breakLength(this.lines[last])];
    if (p.line < 0) return [0, 0];
    const s = this.lines[p.line];
    return [p.line, p.character <= 0 ? 0 : Math.min(p.character, s.length - breakLength(s))];
  }
}

const LF = 10;
const CR = 13;

/** Length of the line break ending `s` (0, 1 or 2). */
function breakLength(s: string): number {
  const c = s.charCodeAt(s.length - 1);
  if (c === LF) return s.length > 1 && s.charCodeAt(s.length - 2) === CR ? 2 : 1;
  return c === CR ? 1 : 0;
}

/** Splits after each '\n', '\r\n' and lone '\r', keeping the breaks; always at least one (last, unbroken) line. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf !== -1 || cr !== -1) {
    let next: number;
    if (cr !== -1 && (lf === -1 || cr < lf)) next = cr + 1 === lf ? lf + 1 : cr + 1;
    else next = lf + 1;
    out.push(text.slice(start, next));
    start = next;
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
  }
  out.push(text.slice(start));
  return out;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character)
    ? { start: end, end: start }
    : range;
}
