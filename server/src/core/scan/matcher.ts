import { wrapperAllowed } from '../../../../shared/implementations';
import type { Family, Implementation, Status } from '../../../../shared/knowledge';
import { REGEX_ATTEMPTS_PER_LINE, REGEX_WINDOW_AFTER, REGEX_WINDOW_BEFORE } from './boundedRegex';
import { searchBytes, searchString } from './literalSearch';
import type { CompiledPattern, PatternSet } from './patterns';
import { BytesAccess, StringAccess, type TextAccess } from './textAccess';
import { detectWrapper, isContinuationLine, isFieldLine, type Wrapper } from './wrappers';

/** One detected error occurrence. Lines and columns are 0-based; columns count UTF-16 code units. */
export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  entryId: string;
  title: string;
  status: Status;
  family: Family;
  implementation: Implementation;
  /** implementation whose status wrapper surrounds the message, when one was seen */
  wrapper?: Implementation;
  lookalike: boolean;
  /** the matched text */
  matched: string;
}

export interface ScanOptions {
  includeLookalikes?: boolean;
  /** stop after this many findings */
  maxFindings?: number;
}

/** How far back a multi-line status block (Python repr, Node error dump) may reach. */
const LOOKBACK_LINES = 8;
/** A repeated message within this many lines of the same entry's finding is the same incident. */
const INCIDENT_LINES = 12;

interface Candidate { pattern: CompiledPattern; start: number; end: number }

/**
 * Carries what must survive from one region to the next: line numbering and the last finding line per
 * entry (to merge an incident's repeated detail lines).
 */
export class ScanState {
  readonly lastFindingLine = new Map<string, number>();
  findings = 0;
}

/** Where line walking stopped: the number of the line that starts at `lineStart`. */
export interface LinePosition { lineNo: number; lineStart: number }

/**
 * Scans the lines of `access` in [from, to) (from must be a line start, to a line end or the end of the
 * text) and appends findings. `floor` is where lookback may start (context kept from a previous region).
 * Returns the last line start it walked to, so a caller counting lines can go on from there.
 */
export function scanRegion(
  set: PatternSet,
  access: TextAccess,
  run: (onHit: (end: number, literal: number) => void) => void,
  from: number,
  to: number,
  firstLine: number,
  floor: number,
  options: ScanOptions,
  state: ScanState,
  out: Finding[],
): LinePosition {
  const hitEnds: number[] = [];
  const hitLiterals: number[] = [];
  run((end, literal) => {
    hitEnds.push(end);
    hitLiterals.push(literal);
  });
  if (hitEnds.length === 0) return { lineNo: firstLine, lineStart: from };

  let lineNo = firstLine;
  let lineStart = from;
  let lineEnd = access.nextNewline(from, to);
  if (lineEnd === -1) lineEnd = to;
  let pending: Candidate[] = [];
  const max = options.maxFindings ?? Infinity;

  const flush = (): void => {
    if (pending.length) emitLine(access, lineNo, lineStart, lineEnd, floor, pending, options, state, out);
    pending = [];
  };

  for (let h = 0; h < hitEnds.length && state.findings < max; h++) {
    const end = hitEnds[h];
    const start = end - set.literals[hitLiterals[h]].length;
    if (start > lineEnd) {
      flush();
      // advance to the line containing start
      while (start > lineEnd) {
        lineStart = lineEnd + 1;
        lineNo++;
        const nl = access.nextNewline(lineStart, to);
        lineEnd = nl === -1 ? to : nl;
      }
    }
    for (const pi of set.byLiteral[hitLiterals[h]]) pending.push({ pattern: set.patterns[pi], start, end });
  }
  flush();
  return { lineNo, lineStart };
}

function emitLine(
  access: TextAccess,
  lineNo: number,
  lineStart: number,
  lineEnd: number,
  floor: number,
  hits: Candidate[],
  options: ScanOptions,
  state: ScanState,
  out: Finding[],
): void {
  const text = access.lineText(lineStart, lineEnd);
  const wrapper = detectWrapper(text);
  let blockWrapper: Wrapper | undefined | null = null; // null = not computed yet
  const contextWrapper = (): Wrapper | undefined => {
    if (blockWrapper === null) blockWrapper = isFieldLine(text) || isContinuationLine(text) ? lookBack(access, lineStart, floor) : undefined;
    return blockWrapper;
  };

  type Ranged = { pattern: CompiledPattern; startCol: number; endCol: number; wrapper?: Wrapper };
  const ranged: Ranged[] = [];
  const regexDone = new Set<CompiledPattern>();
  const regexTries = new Map<CompiledPattern, number>();
  for (const hit of hits) {
    const p = hit.pattern;
    if (p.lookalike && !options.includeLookalikes) continue;
    const w = wrapper ?? contextWrapper();
    if (p.requiresWrapper) {
      if (!w) continue;
      if (p.wrappers && !wrapperAllowed(p.wrappers, w.implementation)) continue;
    }
    if (p.regex) {
      // A regex sees only a bounded window around this hit of its anchor, a bounded number of times per line.
      if (regexDone.has(p)) continue;
      const tries = regexTries.get(p) ?? 0;
      if (tries >= REGEX_ATTEMPTS_PER_LINE) continue;
      regexTries.set(p, tries + 1);
      const m = execInWindow(p, text, access.column(lineStart, hit.start), hit.end - hit.start);
      if (!m) continue;
      regexDone.add(p);
      ranged.push({ pattern: p, startCol: m.start, endCol: m.end, wrapper: w });
    } else {
      const startCol = access.column(lineStart, hit.start);
      ranged.push({ pattern: p, startCol, endCol: startCol + (p.literal?.length ?? 0), wrapper: w });
    }
  }
  if (!ranged.length) return;

  let top = -Infinity;
  for (const r of ranged) if (r.pattern.priority > top) top = r.pattern.priority;
  const kept: Ranged[] = [];
  for (const r of ranged.filter((x) => x.pattern.priority === top).sort((a, b) => (b.endCol - b.startCol) - (a.endCol - a.startCol))) {
    if (kept.some((k) => k.pattern.entryId === r.pattern.entryId)) continue;
    if (kept.some((k) => r.startCol < k.endCol && k.startCol < r.endCol)) continue; // overlaps a longer hit
    kept.push(r);
  }
  const continuation = isContinuationLine(text);
  kept.sort((a, b) => a.startCol - b.startCol);
  for (const r of kept) {
    const p = r.pattern;
    const last = state.lastFindingLine.get(p.entryId);
    state.lastFindingLine.set(p.entryId, lineNo);
    if (continuation && last !== undefined && lineNo - last <= INCIDENT_LINES) continue;
    if (state.findings >= (options.maxFindings ?? Infinity)) return;
    state.findings++;
    out.push({
      line: lineNo,
      column: r.startCol,
      endLine: lineNo,
      endColumn: r.endCol,
      entryId: p.entryId,
      title: p.title,
      status: r.wrapper?.status ?? p.status,
      family: p.family,
      implementation: p.implementation !== 'any' ? p.implementation : r.wrapper?.implementation ?? 'any',
      wrapper: r.wrapper?.implementation,
      lookalike: p.lookalike,
      matched: text.slice(r.startCol, r.endCol),
    });
  }
}

/**
 * Runs a pattern regex on the window around an anchor hit at `col` (UTF-16 column in `text`): from the hit
 * itself when the regex is sticky (every match starts with its anchor), else from a bounded margin before.
 */
function execInWindow(p: CompiledPattern, text: string, col: number, anchorLength: number): { start: number; end: number } | undefined {
  const re = p.regex!;
  const from = p.regexSticky ? col : Math.max(0, col - REGEX_WINDOW_BEFORE);
  const to = Math.min(text.length, col + anchorLength + REGEX_WINDOW_AFTER);
  re.lastIndex = 0;
  const m = re.exec(from === 0 && to === text.length ? text : text.slice(from, to));
  return m ? { start: from + m.index, end: from + m.index + m[0].length } : undefined;
}


/** The status wrapper of a multi-line block above this line (Python `status = StatusCode.X`). */
function lookBack(access: TextAccess, lineStart: number, floor: number): Wrapper | undefined {
  let end = lineStart - 1;
  let start = access.previousLineStart(lineStart, floor);
  for (let i = 0; i < LOOKBACK_LINES && start !== -1; i++) {
    const line = access.lineText(start, end);
    const w = detectWrapper(line);
    if (w) return w;
    if (!isFieldLine(line) && !/^\s*(?:at |<|\{|\}|>|metadata|\.\.\.)/.test(line) && line.trim() !== '') return undefined;
    end = start - 1;
    start = access.previousLineStart(start, floor);
  }
  return undefined;
}

/** Scans a whole string (editor documents, stdin). */
export function scanText(set: PatternSet, input: string, options: ScanOptions = {}): Finding[] {
  const out: Finding[] = [];
  const text = normalizeLoneCR(input);
  const access = new StringAccess(text);
  scanRegion(set, access, (cb) => searchString(set.search, text, 0, text.length, cb), 0, text.length, 0, 0, options, new ScanState(), out);
  return out;
}

/** A lone CR ends a line in editors; mapped to LF (same length, offsets unchanged). */
export function normalizeLoneCR(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Scans the lines [fromLine, toLine] of a document given as a string with line offsets, using up to
 * LOOKBACK_LINES lines above as context (incremental rescans after an edit).
 */
export function scanLines(
  set: PatternSet,
  input: string,
  lineOffsets: readonly number[],
  fromLine: number,
  toLine: number,
  options: ScanOptions = {},
  state = new ScanState(),
): Finding[] {
  const out: Finding[] = [];
  const text = normalizeLoneCR(input);
  const access = new StringAccess(text);
  const from = lineOffsets[fromLine] ?? text.length;
  const to = toLine + 1 < lineOffsets.length ? lineOffsets[toLine + 1] - 1 : text.length;
  const floor = lineOffsets[Math.max(0, fromLine - LOOKBACK_LINES)] ?? 0;
  scanRegion(set, access, (cb) => searchString(set.search, text, from, to, cb), from, to, fromLine, floor, options, state, out);
  return out;
}

/** Scans a byte buffer region (file chunks); see FileScanner for streaming. */
export function scanBytes(
  set: PatternSet,
  data: Buffer,
  from: number,
  to: number,
  firstLine: number,
  floor: number,
  options: ScanOptions,
  state: ScanState,
  out: Finding[],
): LinePosition {
  const access = new BytesAccess(data);
  return scanRegion(set, access, (cb) => searchBytes(set.search, data, from, to, cb), from, to, firstLine, floor, options, state, out);
}

export const SCAN_LOOKBACK_LINES = LOOKBACK_LINES;
/** Findings of one entry within this many lines are one incident (incremental rescans re-scan that far). */
export const SCAN_INCIDENT_LINES = INCIDENT_LINES;
