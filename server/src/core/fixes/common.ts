import { STATUS_NAMES, type StatusName } from '../../../../shared/knowledge';
import { ensureImports } from './imports';
import type { EditInput, Site } from './types';
import {
  codeMatches,
  enclosingOpen,
  indentAt,
  layout,
  lineStartAt,
  matchBracket,
  nextLineStart,
  splitArguments,
  statementEnd,
  statementStart,
  type EditLanguage,
  type Replacement,
} from './text';

/** Comment lines with a marker, laid out at `indent`. */
export function commentBlock(lines: readonly string[], marker: string, indent: string): string {
  return lines.map((l) => `${indent}${marker} ${l}`).join('\n') + '\n';
}

/** Inserts `snippet` (tab-indented template) on its own lines above the line where `offset`'s statement starts. */
export function insertAboveLine(input: EditInput, offset: number, snippet: string): Replacement {
  const at = lineStartAt(input.text, offset);
  return { start: at, end: at, newText: layout(snippet, indentAt(input.text, offset), input.unit) };
}

/** Inserts `snippet` below the line containing `offset`, indented like the line of `indentFrom`. */
export function insertBelowLine(input: EditInput, offset: number, indentFrom: number, snippet: string): Replacement {
  const at = nextLineStart(input.text, offset);
  const newline = at === input.text.length && !input.text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, newText: newline + layout(snippet, indentAt(input.text, indentFrom), input.unit) };
}

/**
 * Inserts `snippet` as statements after the site's statement (languages that end statements with `;`),
 * indented like that statement, plus the imports it needs (each added once).
 */
export function insertStatementsAfter(
  input: EditInput,
  site: Site,
  language: EditLanguage,
  imports: readonly string[],
  snippet: string,
): Replacement[] {
  const importEdit = ensureImports(input.text, language, imports);
  const below = insertBelowLine(
    input,
    statementEndOffset(input, site, true),
    statementStartOffset(input, site),
    snippet,
  );
  return importEdit ? [importEdit, below] : [below];
}

/** Sites for `pattern` (group 1 = callee) whose call parentheses match; `open` is the `(` ending the match. */
export function callSites(
  input: EditInput,
  pattern: RegExp,
  kind: Site['kind'],
  extra?: (m: RegExpExecArray, open: number, close: number) => Partial<Site> | null,
): Site[] {
  const sites: Site[] = [];
  for (const m of codeMatches(input.masked, pattern)) {
    const open = m.index + m[0].length - 1;
    if (input.masked[open] !== '(') continue;
    const close = matchBracket(input.masked, open);
    if (close < 0) continue;
    const more = extra ? extra(m, open, close) : {};
    if (more === null) continue;
    sites.push({ kind, start: m.index + (m[0].length - m[0].trimStart().length), end: close + 1, ...more });
  }
  return sites;
}

export function argumentsOf(
  input: EditInput,
  site: Site,
): { open: number; close: number; args: { start: number; end: number }[] } {
  const open = input.masked.indexOf('(', site.start);
  const close = site.end - 1;
  return { open, close, args: splitArguments(input.masked, open, close) };
}

/** Appends an argument after the last one (or as the only one). */
export function appendArgument(input: EditInput, site: Site, argument: string): Replacement {
  const { open, args } = argumentsOf(input, site);
  const last = args[args.length - 1];
  return last
    ? { start: last.end, end: last.end, newText: `, ${argument}` }
    : { start: open + 1, end: open + 1, newText: argument };
}

/** The identifier (or dotted path) the call's result is assigned to on its line. */
export function assignedName(
  input: EditInput,
  site: Site,
  pattern = /([\w.]+)\s*(?:,\s*\w+\s*)?(?::=|=)\s*(?:await\s+)?(?:new\s+)?$/,
): string | undefined {
  // the regex ends in `$`: only the end of the line before the call matters (bounded: a hostile long line stays cheap)
  const before = input.masked.slice(Math.max(lineStartAt(input.masked, site.start), site.start - 400), site.start);
  return pattern.exec(before)?.[1];
}

/** The receiver expression of a method call at `site` (`stub` in `stub.Subscribe(…)`). */
export function receiverOf(input: EditInput, site: Site): string | undefined {
  const before = input.masked.slice(Math.max(0, site.start - 200), site.start);
  return /([\w.\->]+?)\s*(?:\.|->)\s*$/.exec(before)?.[1];
}

/** The `{` of the innermost class/struct/record/interface body that contains `offset`, or -1. */
export function enclosingClassBody(masked: string, offset: number): number {
  for (let at = offset; at > 0;) {
    const open = enclosingOpen(masked, at, '{');
    if (open < 0) return -1;
    const header =
      masked
        .slice(Math.max(0, open - 300), open)
        .split(/[;{}]/)
        .pop() ?? '';
    if (/\b(?:class|struct|record|enum)\s+\w+/.test(header)) return open;
    at = open;
  }
  return -1;
}

/** Inserts a member before the closing brace of the class body opened at `open`, one level deeper. */
export function insertMember(input: EditInput, open: number, snippet: string): Replacement {
  const close = matchBracket(input.masked, open);
  const at = lineStartAt(input.text, close);
  const classIndent = indentAt(input.text, open);
  const onOwnLine = input.text.slice(at, close).trim() === '';
  const body = layout(snippet, classIndent + input.unit, input.unit);
  return onOwnLine ? { start: at, end: at, newText: `\n${body}` } : { start: close, end: close, newText: `\n${body}` };
}

/**
 * Offset of the end of the statement holding the call at `site`: its `;` when the language uses them and
 * the statement goes on as a chain (`.build();`), else the end of the line where the call closes.
 */
export function statementEndOffset(input: EditInput, site: Site, semicolons: boolean): number {
  const lineEnd = nextLineStart(input.masked, site.end) - 1;
  if (!semicolons) return lineEnd;
  const semi = statementEnd(input.masked, site.end);
  if (semi < 0) return lineEnd;
  let depth = 0;
  for (let i = site.end; i < semi; i++) {
    const c = input.masked[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '\n' && depth === 0) {
      // a following line that does not continue a chain starts a new statement (code without semicolons)
      const next = /^\s*(\S)/.exec(input.masked.slice(i + 1, semi + 1));
      if (next && next[1] !== '.' && next[1] !== ';') return lineEnd;
    }
  }
  return semi;
}

/** An existing `retryableStatusCodes` list: the span inside its brackets and the codes it names. */
export function existingCodeList(
  text: string,
  opener: RegExp,
  closer: string,
  codeOf: (token: string) => StatusName | undefined,
): { start: number; end: number; codes: StatusName[] } | undefined {
  const m = opener.exec(text);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  const end = text.indexOf(closer, start);
  if (end < 0) return undefined;
  const codes = [...text.slice(start, end).matchAll(/[A-Za-z_]+(?:\.[A-Za-z_]+)?/g)]
    .map((t) => codeOf(t[0]))
    .filter((c): c is StatusName => !!c);
  return { start, end, codes };
}

const PASCAL: Record<string, StatusName> = {};
export function pascalStatus(name: StatusName): string {
  return name.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
export function fromPascalStatus(token: string): StatusName | undefined {
  const bare = token.replace(/^StatusCode\./, '');
  if (!Object.keys(PASCAL).length) {
    for (const n of STATUS_NAMES) {
      PASCAL[pascalStatus(n)] = n;
      PASCAL[n] = n;
    }
  }
  return PASCAL[bare];
}

/**
 * Calls of the workspace's server-streaming methods (`recv.Method(`, `recv->Method(`); `spellings` maps a
 * proto method name to how generated code in this language spells it.
 */
export function streamSites(
  input: EditInput,
  streamMethods: ReadonlySet<string>,
  spellings: (name: string) => string[],
  variant?: string,
): Site[] {
  const byName = new Map<string, string>();
  for (const m of streamMethods) for (const spelled of spellings(m)) byName.set(spelled, m);
  if (byName.size === 0) return [];
  const sites: Site[] = [];
  for (const m of codeMatches(input.masked, /(?:\.|->)\s*(\w+)\s*\(/g)) {
    const proto = byName.get(m[1]);
    if (!proto) continue;
    const open = m.index + m[0].length - 1;
    const close = matchBracket(input.masked, open);
    if (close < 0) continue;
    sites.push({ kind: 'stream', start: m.index + m[0].indexOf(m[1]), end: close + 1, method: m[1], variant });
  }
  return sites;
}

export const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Start of the statement holding the call at `site` (C-like languages). */
export function statementStartOffset(input: EditInput, site: Site): number {
  return statementStart(input.masked, site.start);
}

/**
 * Start of the statement holding `offset` when statements end at line ends (JS without semicolons, Go):
 * previous lines count while they end in `=`, `(`, `,` or the next line starts with `.`.
 */
export function lineStatementStart(input: EditInput, offset: number): number {
  let start = lineStartAt(input.masked, offset);
  while (start > 0) {
    const previousStart = lineStartAt(input.masked, start - 1);
    const previous = input.masked.slice(previousStart, start - 1).trimEnd();
    const current = input.masked.slice(start, offset).trimStart();
    if (!/[=(,:?]$/.test(previous) && !current.startsWith('.')) break;
    start = previousStart;
  }
  return start + /^\s*/.exec(input.masked.slice(start))![0].length;
}
