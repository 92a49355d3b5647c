import type { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { searchString } from '../../core/scan/literalSearch';
import {
  normalizeLoneCR,
  scanRegion,
  ScanState,
  SCAN_INCIDENT_LINES,
  SCAN_LOOKBACK_LINES,
  type Finding,
  type ScanOptions,
} from '../../core/scan/matcher';
import type { PatternSet } from '../../core/scan/patterns';
import { StringAccess } from '../../core/scan/textAccess';
import { LineText } from './lineText';

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

interface LineRange {
  from: number;
  to: number;
}

/**
 * An open document with its findings, kept up to date incrementally: edits shift the findings below
 * them and mark a line range dirty; refresh() re-scans only that range (plus the context above and the
 * reach below), splicing the results in. Equal to a full scan of the current text (property-tested).
 */
export class DocumentFindings {
  private readonly text: LineText;
  private currentVersion: number;
  /** sorted by line, then column; line numbers are current */
  private list: Finding[] = [];
  private dirty: LineRange | undefined;
  private configKey: string | undefined;
  /** number of lines re-scanned by the last refresh (for tests and logs) */
  lastScannedLines = 0;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
  ) {
    this.text = new LineText(text);
    this.currentVersion = version;
    this.dirty = { from: 0, to: Number.MAX_SAFE_INTEGER };
  }

  get version(): number {
    return this.currentVersion;
  }
  get lineCount(): number {
    return this.text.lineCount;
  }
  get isDirty(): boolean {
    return this.dirty !== undefined;
  }

  /** The whole text (joined once per version: call it only when the whole text is needed). */
  getText(range?: Range): string {
    return range ? this.text.getRangeText(range) : this.text.getText();
  }

  /** Line `line` without its line break. */
  lineAt(line: number): string {
    return this.text.lineAt(line);
  }

  /** Applies LSP content changes (incremental or full) in order, tracking which lines need a rescan. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        this.text.setText(change.text);
        this.list = [];
        this.markAllDirty();
        continue;
      }
      const { startLine, endLine, newLines } = this.text.replace(change.range, change.text);
      this.shift(startLine, endLine, newLines);
    }
    this.currentVersion = version;
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
    const lastLine = this.text.lineCount - 1;
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
  findings(): readonly Finding[] {
    return this.list;
  }

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
      ? {
          from: Math.min(mapLine(this.dirty.from, 'from'), touched.from),
          to: Math.max(mapLine(this.dirty.to, 'to'), touched.to),
        }
      : touched;
  }

  /** Scans lines [fromLine, toLine] with LOOKBACK lines of context above. */
  private scan(config: ScanConfig, fromLine: number, toLine: number): Finding[] {
    const floorLine = Math.max(0, fromLine - SCAN_LOOKBACK_LINES);
    // Only the lines scanned (and their context above) are joined: an edit never copies the whole text.
    const from = this.text.lengthOf(floorLine, fromLine - 1);
    // LSP also ends lines at a lone '\r' (progress output); the matcher only at '\n'. Same length, same lines.
    const region = normalizeLoneCR(this.text.linesText(floorLine, toLine));
    const to = region.length;
    const out: Finding[] = [];
    const options: ScanOptions = { includeLookalikes: config.includeLookalikes };
    scanRegion(
      config.set,
      new StringAccess(region),
      (cb) => searchString(config.set.search, region, from, to, cb),
      from,
      to,
      fromLine,
      0,
      options,
      new ScanState(),
      out,
    );
    return out;
  }
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
