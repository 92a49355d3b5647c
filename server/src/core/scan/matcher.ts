import { wrapperAllowed } from '../../../../shared/implementations';
import type { Family, Implementation, Status } from '../../../../shared/knowledge';
import { REGEX_ATTEMPTS_PER_LINE, REGEX_WINDOW_AFTER, REGEX_WINDOW_BEFORE } from './boundedRegex';
import { searchBytes, searchString } from './literalSearch';
import type { CompiledPattern, PatternSet } from './patterns';
import { BytesAccess, StringAccess, type TextAccess } from './textAccess';
import { findEvidence, lineLevel, numericPrefixStatus, type Evidence, type LineLevel } from './evidence';
import { stripLinePrefix } from './linePrefix';
import { lineView } from './structuredView';
import { isContinuationLine, isFieldLine } from './wrappers';

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
  /** 'context' for a library's own INFO/DEBUG line around a failure, 'failure' for the failure itself */
  level: LineLevel;
  /** the matched text (raw characters of the line) */
  matched: string;
}

export interface ScanOptions {
  includeLookalikes?: boolean;
  /** stop after this many findings */
  maxFindings?: number;
}

/** How far back a multi-line status block (Python repr, Node error dump) may reach. */
const LOOKBACK_LINES = 8;
/**
 * A continuation line (`details: …`, `Caused by: …`) repeating the message of the same entry's finding up to
 * this many lines above, with only the block's own lines between (stack frames, dump fields), is the same
 * incident.
 */
const INCIDENT_LINES = 60;

interface Candidate {
  pattern: CompiledPattern;
  start: number;
  end: number;
}

/**
 * Carries what must survive from one region to the next: the last finding line per entry (to merge an
 * incident's repeated detail lines) and of any entry (a log line and the exception it carries).
 */
export class ScanState {
  readonly lastFindingLine = new Map<string, number>();
  /** line of the last finding of any entry */
  lastLine: number | undefined;
  /** the last finding on a line printing grpc-java's Status{code=…} (its exception may follow) */
  statusLog: { line: number; entryId: string } | undefined;
  findings = 0;
}

/** Where line walking stopped: the number of the line that starts at `lineStart`. */
export interface LinePosition {
  lineNo: number;
  lineStart: number;
}

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
  const raw = access.lineText(lineStart, lineEnd);
  const view = lineView(raw, stripLinePrefix(raw).start);
  const body = view.text;
  const above = previousLine(access, lineStart, floor);
  const previous = above?.body;
  // Node prints the source line of an uncaught throw under `file.js:LINE` (then a caret): code, not output.
  if (previous !== undefined && previous.length < 1024 && NODE_SOURCE_HEADER.test(previous)) return;

  let lineEvidence: Evidence | undefined | null = null; // null = not computed yet
  const evidence = (): Evidence | undefined => {
    if (lineEvidence === null) {
      lineEvidence =
        findEvidence(body) ??
        (above?.partial ? findEvidence(above.body) : undefined) ??
        blockEvidence(access, body, previous, lineStart, floor);
    }
    return lineEvidence;
  };

  type Ranged = { pattern: CompiledPattern; startCol: number; endCol: number; evidence?: Evidence; status?: Status };
  const ranged: Ranged[] = [];
  const done = new Set<CompiledPattern>();
  for (const hit of hits) {
    const p = hit.pattern;
    if (done.has(p)) continue;
    done.add(p);
    if (p.lookalike && !options.includeLookalikes) continue;
    const m = matchInView(p, body);
    if (!m) continue;
    const ev = evidence();
    const numeric = numericPrefixStatus(body.slice(Math.max(0, m.start - 8), m.start));
    if (p.requiresWrapper) {
      if (!ev && !numeric) continue;
      if (p.wrappers && ev?.implementation && !wrapperAllowed(p.wrappers, ev.implementation)) continue;
    }
    ranged.push({ pattern: p, startCol: m.start, endCol: m.end, evidence: ev, status: ev?.status ?? numeric });
  }
  if (!ranged.length) return;

  let top = -Infinity;
  for (const r of ranged) if (r.pattern.priority > top) top = r.pattern.priority;
  const kept: Ranged[] = [];
  // Longest first; in a structured record (one incident) the earliest, the message before its repetitions.
  const order = view.structured
    ? (a: Ranged, b: Ranged): number => a.startCol - b.startCol || b.endCol - b.startCol - (a.endCol - a.startCol)
    : (a: Ranged, b: Ranged): number => b.endCol - b.startCol - (a.endCol - a.startCol);
  for (const r of ranged.filter((x) => x.pattern.priority === top).sort(order)) {
    if (kept.some((k) => k.pattern.entryId === r.pattern.entryId)) continue;
    if (kept.some((k) => r.startCol < k.endCol && k.startCol < r.endCol)) continue; // overlaps a longer hit
    kept.push(r);
    break; // one printed line, one incident: its longest top-priority message (the earliest in a record)
  }
  // The rest of a record a CRI runtime split into partial lines (`P`) belongs to the record's finding.
  if (above?.partial && state.lastLine === lineNo - 1) return;
  const continuation = isContinuationLine(body);
  // Java: a log line printing grpc-java's Status (`WARNING: RPC failed: Status{code=…}`), then the exception
  // it carries (`io.grpc.StatusRuntimeException: …`) on the next line or the one after — one incident.
  const statusLog = state.statusLog;
  const exceptionAfterLog = statusLog !== undefined && lineNo - statusLog.line <= 2 && EXCEPTION_START.test(body);
  state.statusLog = undefined;
  kept.sort((a, b) => a.startCol - b.startCol);
  for (const r of kept) {
    const p = r.pattern;
    const last = state.lastFindingLine.get(p.entryId);
    state.lastFindingLine.set(p.entryId, lineNo);
    if (
      continuation &&
      last !== undefined &&
      lineNo - last <= INCIDENT_LINES &&
      sameBlock(access, lineStart, floor, lineNo - last - 1)
    )
      continue;
    if (exceptionAfterLog && statusLog.entryId === p.entryId) continue;
    if (JAVA_STATUS.test(body)) state.statusLog = { line: lineNo, entryId: p.entryId };
    const status = r.status ?? p.status;
    // The printed status decides: a shutdown-family text printed with DEADLINE_EXCEEDED is a deadline.
    const deadline = status.name === 'DEADLINE_EXCEEDED' && p.family !== 'deadline-exceeded';
    if (deadline && !options.includeLookalikes) continue;
    if (state.findings >= (options.maxFindings ?? Infinity)) return;
    state.findings++;
    state.lastLine = lineNo;
    const ev = r.evidence;
    out.push({
      line: lineNo,
      column: view.col(r.startCol),
      endLine: lineNo,
      endColumn: view.col(r.endCol),
      entryId: p.entryId,
      title: p.title,
      status,
      family: deadline ? 'deadline-exceeded' : p.family,
      implementation: p.implementation !== 'any' ? p.implementation : (ev?.implementation ?? 'any'),
      wrapper: ev?.wrapper ? ev.implementation : undefined,
      lookalike: p.lookalike || deadline,
      level: ev?.library && lineLevel(body) === 'context' ? 'context' : 'failure',
      matched: raw.slice(view.col(r.startCol), view.col(r.endCol)),
    });
  }
}

/** `/app/client.js:12`, `file:///app/client.mjs:12`: Node's header above the source excerpt of an uncaught throw. */
const NODE_SOURCE_HEADER = /^\s*(?:file:\/\/)?\S+\.[cm]?[jt]sx?:\d+\s*$/;
/** The first line of a Java / Kotlin exception (`io.grpc.StatusRuntimeException: …`). */
const EXCEPTION_START = /^(?:Exception in thread "[^"]*" )?(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)\b/;
/** grpc-java's Status.toString(): `Status{code=UNAVAILABLE, description=…, cause=…}`. */
const JAVA_STATUS = /\bStatus\{code=[A-Z_]+, description=/;
/**
 * Where the pattern matches in the view: a literal at its first occurrence; a regex only in bounded windows
 * around occurrences of its anchor (sticky at the anchor when every match starts with it), at most
 * REGEX_ATTEMPTS_PER_LINE windows per line, so regex work per line stays linear in its length.
 */
function matchInView(p: CompiledPattern, text: string): { start: number; end: number } | undefined {
  if (p.literal !== undefined) {
    const i = text.indexOf(p.literal);
    return i === -1 ? undefined : { start: i, end: i + p.literal.length };
  }
  const re = p.regex;
  const anchor = p.regexAnchor;
  if (!re || !anchor) return undefined;
  let tries = 0;
  for (
    let at = text.indexOf(anchor);
    at !== -1 && tries < REGEX_ATTEMPTS_PER_LINE;
    at = text.indexOf(anchor, at + 1), tries++
  ) {
    const from = p.regexSticky ? at : Math.max(0, at - REGEX_WINDOW_BEFORE);
    const to = Math.min(text.length, at + anchor.length + REGEX_WINDOW_AFTER);
    re.lastIndex = 0;
    const m = re.exec(from === 0 && to === text.length ? text : text.slice(from, to));
    if (m) return { start: from + m.index, end: from + m.index + m[0].length };
  }
  return undefined;
}

/**
 * The line above: the program's text (prefix stripped) and whether a CRI runtime marked it partial (`P`:
 * this line continues it). Undefined at the floor or when that line is long (no header, no evidence).
 */
function previousLine(
  access: TextAccess,
  lineStart: number,
  floor: number,
): { body: string; partial: boolean } | undefined {
  const start = access.previousLineStart(lineStart, floor);
  if (start === -1 || lineStart - start > 4096) return undefined;
  const line = access.lineText(start, lineStart - 1);
  const { start: bodyStart, layers } = stripLinePrefix(line);
  return { body: line.slice(bodyStart), partial: layers.some((l) => l.partial === true) };
}

/** Lines inside a printed error block: indented (stack frames, dump fields), braces, `Caused by:`, `... 5 more`. */
const BLOCK_LINE = /^(?:\s|[{}>\]]|Caused by: |for call at$|\.\.\. \d+ more|$)/;

/** true when the `between` lines above the line at lineStart all belong to one printed block. */
function sameBlock(access: TextAccess, lineStart: number, floor: number, between: number): boolean {
  let end = lineStart - 1;
  let start = access.previousLineStart(lineStart, floor);
  for (let i = 0; i < between && start !== -1; i++) {
    if (end - start > 4096) return false;
    const raw = access.lineText(start, end);
    if (!BLOCK_LINE.test(raw.slice(stripLinePrefix(raw).start))) return false;
    end = start - 1;
    start = access.previousLineStart(start, floor);
  }
  return true;
}

/** JUL's second line (`WARNING: message`) under its `date logger method` header. */
const JUL_MESSAGE = /^(?:SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): /;

/**
 * Evidence from the incident around a line without its own: the status block above a Python
 * `details = …` / Node `details: …` field line, the JUL header above its message line. Walks up over the
 * block's lines only; a wrapper wins over weaker evidence found first.
 */
function blockEvidence(
  access: TextAccess,
  body: string,
  previous: string | undefined,
  lineStart: number,
  floor: number,
): Evidence | undefined {
  if (JUL_MESSAGE.test(body)) return previous !== undefined ? findEvidence(previous) : undefined;
  if (!isFieldLine(body) && !isContinuationLine(body)) return undefined;
  let end = lineStart - 1;
  let start = access.previousLineStart(lineStart, floor);
  let first: Evidence | undefined;
  for (let i = 0; i < LOOKBACK_LINES && start !== -1; i++) {
    const raw = access.lineText(start, end);
    const line = raw.slice(stripLinePrefix(raw).start);
    const ev = findEvidence(line);
    if (ev?.wrapper) return ev;
    first ??= ev;
    if (!isFieldLine(line) && !/^\s*(?:at |<|\{|\}|>|metadata|\.\.\.)/.test(line) && line.trim() !== '') break;
    end = start - 1;
    start = access.previousLineStart(start, floor);
  }
  return first;
}

/** Scans a whole string (editor documents, stdin). */
export function scanText(set: PatternSet, input: string, options: ScanOptions = {}): Finding[] {
  const out: Finding[] = [];
  const text = normalizeLoneCR(input);
  const access = new StringAccess(text);
  scanRegion(
    set,
    access,
    (cb) => searchString(set.search, text, 0, text.length, cb),
    0,
    text.length,
    0,
    0,
    options,
    new ScanState(),
    out,
  );
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
  scanRegion(
    set,
    access,
    (cb) => searchString(set.search, text, from, to, cb),
    from,
    to,
    fromLine,
    floor,
    options,
    state,
    out,
  );
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
  return scanRegion(
    set,
    access,
    (cb) => searchBytes(set.search, data, from, to, cb),
    from,
    to,
    firstLine,
    floor,
    options,
    state,
    out,
  );
}

export const SCAN_LOOKBACK_LINES = LOOKBACK_LINES;
/** Findings of one entry within this many lines are one incident (incremental rescans re-scan that far). */
export const SCAN_INCIDENT_LINES = INCIDENT_LINES;
