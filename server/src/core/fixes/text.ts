/** Text helpers shared by the edit builders: code masking, bracket matching, lines and indentation. */

import type { EditLanguage } from '../../../../shared/languages';

export type { EditLanguage };

/** One replacement in offsets of the original text. */
export interface Replacement {
  start: number;
  end: number;
  newText: string;
}

/**
 * The text with comment bodies and string contents replaced by spaces (newlines and length kept), so
 * regexes and bracket matching only see code. Quotes stay, so a string literal still reads as one.
 */
export function maskNonCode(text: string, language: EditLanguage): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to && i < out.length; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' ';
  };
  const hash = language === 'python';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if ((hash && c === '#') || (!hash && c === '/' && next === '/')) {
      const end = lineEndAt(text, i);
      blank(i, end);
      i = end;
    } else if (!hash && c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      blank(i, end);
      i = end;
    } else if (hash && (text.startsWith('"""', i) || text.startsWith("'''", i))) {
      const quote = text.slice(i, i + 3);
      const close = text.indexOf(quote, i + 3);
      const end = close < 0 ? text.length : close + 3;
      blank(i + 3, end - 3);
      i = end;
    } else if (language === 'cpp' && c === 'R' && next === '"' && !/\w/.test(text[i - 1] ?? '')) {
      const open = text.indexOf('(', i + 2);
      const delimiter = text.slice(i + 2, open);
      const close = open < 0 ? -1 : text.indexOf(`)${delimiter}"`, open);
      const end = close < 0 ? text.length : close + delimiter.length + 2;
      blank(i + 1, end - 1);
      i = end;
    } else if (c === '`' && (language === 'go' || language === 'typescript' || language === 'javascript')) {
      let j = i + 1;
      while (j < text.length && text[j] !== '`') j += language === 'go' || text[j] !== '\\' ? 1 : 2;
      blank(i + 1, j);
      i = j + 1;
    } else if (
      c === '"' ||
      (c === "'" && language !== 'go' && language !== 'java' && language !== 'csharp' && language !== 'cpp')
    ) {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else if (c === "'") {
      // character literal in Go/Java/C#/C++: 'x', '\n', '\''
      const close = text.indexOf("'", i + (next === '\\' ? 3 : 2));
      const end = close < 0 || close - i > 8 ? i + 1 : close + 1;
      blank(i + 1, end - 1);
      i = end;
    } else {
      i++;
    }
  }
  return out.join('');
}

function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Offset of the bracket closing the one at `open` (in masked text), or -1. */
export function matchBracket(masked: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < masked.length; i++) {
    const c = masked[i];
    if (c in CLOSERS) stack.push(CLOSERS[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Offset of the bracket that opens the innermost block containing `offset`, or -1. */
export function enclosingOpen(masked: string, offset: number, brackets = '({['): number {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = masked[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0 && brackets.includes(c)) return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** Top-level (depth 0) comma-separated argument spans between `open` and its closing bracket. */
export function splitArguments(masked: string, open: number, close: number): { start: number; end: number }[] {
  const args: { start: number; end: number }[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const c = masked[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(trimSpan(masked, start, i));
      start = i + 1;
    }
  }
  const last = trimSpan(masked, start, close);
  if (last.end > last.start) args.push(last);
  return args.filter((a) => a.end > a.start);
}

function trimSpan(masked: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(masked[start])) start++;
  while (end > start && /\s/.test(masked[end - 1])) end--;
  return { start, end };
}

export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the newline ending the line that contains `offset` (or the text's end). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

export function indentAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start, lineEndAt(text, start)))![0];
}

/** The file's indentation unit: a tab, or the most common step between indented lines (default by language). */
export function indentUnit(text: string, language: EditLanguage): string {
  if (language === 'go') return '\t';
  const counts = new Map<number, number>();
  let tabs = 0;
  let previous = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('\t')) tabs++;
    const width = /^ */.exec(line)![0].length;
    const step = width - previous;
    if (step > 0 && step <= 8) counts.set(step, (counts.get(step) ?? 0) + 1);
    previous = width;
  }
  if (tabs > counts.size && tabs > 2) return '\t';
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount) [best, bestCount] = [step, count];
  if (best) return ' '.repeat(best);
  return language === 'typescript' || language === 'javascript' ? '  ' : '    ';
}

/**
 * Lays out a snippet written with one tab per indentation level: tabs become the file's unit and every
 * non-empty line gets `base` in front. Ends with a newline.
 */
export function layout(snippet: string, base: string, unit: string): string {
  return (
    snippet
      .replace(/^\n/, '')
      .replace(/\s+$/, '')
      .split('\n')
      .map((line) => {
        if (!line.trim()) return '';
        const tabs = /^\t*/.exec(line)![0].length;
        return base + unit.repeat(tabs) + line.slice(tabs);
      })
      .join('\n') + '\n'
  );
}

/** Offset of the `;` ending the statement that contains `from` (depth 0 from there), or -1. */
export function statementEnd(masked: string, from: number): number {
  let depth = 0;
  for (let i = from; i < masked.length; i++) {
    const c = masked[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return -1;
      depth--;
    } else if (c === ';' && depth === 0) return i;
  }
  return -1;
}

/**
 * Offset where the statement containing `offset` starts: after the previous `;`, `{` or `}` outside
 * brackets (an enclosing `(` is stepped over, so `Client c(grpc::CreateChannel(…))` starts at `Client`).
 */
export function statementStart(masked: string, offset: number): number {
  let depth = 0;
  let i = offset - 1;
  for (; i >= 0; i--) {
    const c = masked[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ';' || c === '{' || c === '}')) break;
  }
  let start = i + 1;
  while (start < offset && /\s/.test(masked[start])) start++;
  return start;
}

/** Applies non-overlapping replacements to `text`. */
export function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  // as LSP does: insertions at one position land in array order, so apply later ones first
  const sorted = replacements
    .map((r, index) => ({ r, index }))
    .sort((a, b) => b.r.start - a.r.start || b.index - a.index);
  let out = text;
  for (const { r } of sorted) out = out.slice(0, r.start) + r.newText + out.slice(r.end);
  return out;
}

/** Finds `pattern` (global regex) in the masked text; yields match and offset. */
export function* codeMatches(masked: string, pattern: RegExp): Generator<RegExpExecArray> {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    yield m;
    if (m[0].length === 0) re.lastIndex++;
  }
}
