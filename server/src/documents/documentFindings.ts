import { TextDocument, type Position, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { searchString } from '../scan/literalSearch';
import { scanRegion, ScanState, SCAN_INCIDENT_LINES, SCAN_LOOKBACK_LINES, type Finding, type ScanOptions } from '../scan/matcher';
import type { PatternSet } from '../scan/patterns';
import { StringAccess } from '../scan/textAccess';

/** What a scan depends on besides the text; a different key means a full rescan. */
export interface ScanConfig {
  set: PatternSet;
  includeLookalikes: boolean;
  /** identifies set + options (e.g. JSON of the user patterns and flags) */
  key: string;
}

/**
 * How far an edit of lines [a, b] reaches. A line's hits depend on up to LOOKBACK lines above it (status
 * wrappers of multi-line blocks), so hits change on [a, b + LOOKBACK]; whether a hit is reported depends on
 * the same entry's hits up to INCIDENT lines above (one incident, one finding), so findings change on
 * [a, b + LOOKBACK + INCIDENT]. Re-scanning starts INCIDENT lines above `a` to rebuild that incident state.
 */
export const RESCAN_ABOVE = SCAN_INCIDENT_LINES;
export const RESCAN_BELOW = SCAN_LOOKBACK_LINES + SCAN_INCIDENT_LINES;

interface LineRange { from: number; to: number }

/**
 * An open document with its findings, kept up to date incrementally: edits shift the findings below
 * them and mark a line range dirty; refresh() re-scans only that range (plus the context above and the
 * reach below), splicing the results in. Equal to a full scan of the current text (property-tested).
 */
export class DocumentFindings {
  private document: TextDocument;
  /** sorted by line, then column; line numbers are current */
  private list: Finding[] = [];
  private dirty: LineRange | undefined;
  private configKey: string | undefined;
  /** number of lines re-scanned by the last refresh (for tests and logs) */
  lastScannedLines = 0;

  constructor(uri: string, languageId: string, version: number, text: string) {
    this.document = TextDocument.create(uri, languageId, version, text);
    this.dirty = { from: 0, to: Number.MAX_SAFE_INTEGER };
  }

  get textDocument(): TextDocument { return this.document; }
  get uri(): string { return this.document.uri; }
  get version(): number { return this.document.version; }
  get languageId(): string { return this.document.languageId; }
  get isDirty(): boolean { return this.dirty !== undefined; }

  /** Applies LSP content changes (incremental or full) in order, tracking which lines need a rescan. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        this.document = TextDocument.update(this.document, [change], version);
        this.list = [];
        this.markAllDirty();
        continue;
      }
      const lastLine = this.document.lineCount - 1;
      const startLine = clamp(change.range.start.line, 0, lastLine);
      const endLine = clamp(Math.max(change.range.end.line, startLine), startLine, lastLine);
      const oldCount = this.document.lineCount;
      // Positions past the end are clamped here: TextDocument.update would index lines that do not exist
      // and corrupt its line table (an insert at line 119 of a 49-line text gave 121 lines).
      const valid = (p: Position): Position => this.document.positionAt(this.document.offsetAt(p));
      const range = { start: valid(change.range.start), end: valid(change.range.end) };
      this.document = TextDocument.update(this.document, [{ range, text: change.text }], version);
      // From the line counts, not the inserted text: an inserted '\r' before a '\n' adds no line.
      this.shift(startLine, endLine, Math.max(0, endLine - startLine + this.document.lineCount - oldCount));
    }
  }

  /** Everything is re-scanned on the next refresh (open, settings change). */
  markAllDirty(): void {
    this.dirty = { from: 0, to: Number.MAX_SAFE_INTEGER };
  }

  /** Brings the findings up to date with the text and config; cheap when nothing changed. */
  refresh(config: ScanConfig): void {
    if (config.key !== this.configKey) {
      this.configKey = config.key;
      this.markAllDirty();
    }
    const dirty = this.dirty;
    this.dirty = undefined;
    this.lastScannedLines = 0;
    if (!dirty) return;
    const lastLine = this.document.lineCount - 1;
    const keepFrom = clamp(dirty.from, 0, lastLine);
    const scanFrom = Math.max(0, keepFrom - RESCAN_ABOVE);
    const scanTo = dirty.to >= lastLine ? lastLine : Math.min(lastLine, dirty.to + RESCAN_BELOW);
    const fresh = this.scan(config, scanFrom, scanTo).filter((f) => f.line >= keepFrom);
    const lo = lowerBound(this.list, keepFrom);
    const hi = lowerBound(this.list, scanTo + 1);
    this.list = this.list.slice(0, lo).concat(fresh, this.list.slice(hi));
    this.lastScannedLines = scanTo - scanFrom + 1;
  }

  /** Current findings (call refresh first). */
  findings(): readonly Finding[] { return this.list; }

  /** Findings whose range contains the position (hover). */
  findingsAt(line: number, character: number): Finding[] {
    const out: Finding[] = [];
    for (let i = lowerBound(this.list, line); i < this.list.length && this.list[i].line === line; i++) {
      const f = this.list[i];
      if (f.column <= character && character <= f.endColumn) out.push(f);
    }
    return out;
  }

  /** Old lines [startLine, endLine] became newLines + 1 lines: drop their findings, move the rest. */
  private shift(startLine: number, endLine: number, newLines: number): void {
    const delta = newLines - (endLine - startLine);
    const lo = lowerBound(this.list, startLine);
    const hi = lowerBound(this.list, endLine + 1);
    this.list.splice(lo, hi - lo);
    if (delta !== 0) {
      for (let i = lo; i < this.list.length; i++) {
        const f = this.list[i];
        this.list[i] = { ...f, line: f.line + delta, endLine: f.endLine + delta };
      }
    }
    const mapLine = (line: number, edge: 'from' | 'to'): number => {
      if (line < startLine) return line;
      if (line > endLine) return line === Number.MAX_SAFE_INTEGER ? line : line + delta;
      return edge === 'from' ? startLine : startLine + newLines;
    };
    const touched = { from: startLine, to: startLine + newLines };
    this.dirty = this.dirty
      ? { from: Math.min(mapLine(this.dirty.from, 'from'), touched.from), to: Math.max(mapLine(this.dirty.to, 'to'), touched.to) }
      : touched;
  }

  /** Scans lines [fromLine, toLine] with LOOKBACK lines of context above. */
  private scan(config: ScanConfig, fromLine: number, toLine: number): Finding[] {
    const doc = this.document;
    const floorLine = Math.max(0, fromLine - SCAN_LOOKBACK_LINES);
    const floorOffset = doc.offsetAt({ line: floorLine, character: 0 });
    const fromOffset = doc.offsetAt({ line: fromLine, character: 0 });
    const text = doc.getText();
    const toOffset = toLine + 1 < doc.lineCount ? doc.offsetAt({ line: toLine + 1, character: 0 }) - 1 : text.length;
    // LSP also ends lines at a lone '\r' (progress output); the matcher only at '\n'. Same length, same lines.
    const region = toLineFeeds(text.slice(floorOffset, Math.max(toOffset, fromOffset)));
    const from = fromOffset - floorOffset;
    const to = region.length;
    const out: Finding[] = [];
    const options: ScanOptions = { includeLookalikes: config.includeLookalikes };
    scanRegion(config.set, new StringAccess(region), (cb) => searchString(config.set.search, region, from, to, cb), from, to, fromLine, 0, options, new ScanState(), out);
    return out;
  }
}

/** Replaces each lone '\r' by '\n' (keeps offsets). */
export function toLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** First index whose finding is on `line` or later. */
function lowerBound(list: readonly Finding[], line: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
