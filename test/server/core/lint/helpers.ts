import type { LintProblem, Range, TextEdit } from '../../../../server/src/core/lint/index';

/** Position of `offset` in `text` as 0-based line/character. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Range of the `nth` occurrence (0-based) of `needle` in `text`, computed from the text itself. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth + 1} times`);
  }
  return { start: positionAt(text, at), end: positionAt(text, at + needle.length) };
}

export function rangeAt(text: string, offset: number, length: number): Range {
  return { start: positionAt(text, offset), end: positionAt(text, offset + length) };
}

function offsetAt(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
  return offset + p.character;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted)
    text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}

export function withCode(problems: LintProblem[], code: string): LintProblem[] {
  return problems.filter((p) => p.code === code);
}
