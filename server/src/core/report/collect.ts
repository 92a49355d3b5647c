/**
 * Reads what a report needs from one log's text: the time of each finding's line (its own stamp, else the
 * last one printed before it) and, for a server log, its lifecycle lines. Only finding lines and the few
 * lines above them are decoded for times, so the cost follows the findings, not the size; a server log is
 * read line by line for lifecycle words (a cheap pre-check first).
 */
import type { Finding } from '../scan/matcher';
import type { TextAccess } from '../scan/textAccess';
import { clip, type ReportFileInput, type Side, type TimedFinding } from './incidents';
import { LIFECYCLE_HINT, lifecycleKind, type ServerEvent } from './serverEvents';
import { TimeReader } from './timestamps';

/** How many lines above a line without a stamp are searched for the one it inherits. */
export const LOOKBACK_LINES = 200;

/** Start offsets of every line of a text (built once, in one pass of native newline searches). */
export class LineIndex {
  private starts: Float64Array;
  readonly count: number;

  constructor(private readonly access: TextAccess) {
    let starts = new Float64Array(1024);
    let n = 0;
    const len = access.length;
    let pos = 0;
    for (;;) {
      if (n === starts.length) {
        const grown = new Float64Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = pos;
      const nl = access.nextNewline(pos, len);
      if (nl === -1) break;
      pos = nl + 1;
      if (pos >= len) break;
    }
    this.starts = starts;
    this.count = n;
  }

  /** The text of 0-based line `n` (without the line break), or undefined past the end. */
  line(n: number): string | undefined {
    if (n < 0 || n >= this.count) return undefined;
    const start = this.starts[n];
    const end = n + 1 < this.count ? this.starts[n + 1] - 1 : this.access.length;
    return this.access.lineText(start, Math.max(start, end));
  }
}

/** Time of line `n`: its own stamp, else the nearest stamp above it (LOOKBACK_LINES at most). */
function timeAt(
  lines: LineIndex,
  n: number,
  reader: TimeReader,
  cache: Map<number, number | null>,
): number | undefined {
  const seen: number[] = [];
  let result: number | undefined;
  for (let k = n; k >= 0 && k > n - LOOKBACK_LINES; k--) {
    const cached = cache.get(k);
    if (cached !== undefined) {
      result = cached ?? undefined;
      break;
    }
    seen.push(k);
    const text = lines.line(k);
    if (text === undefined) continue;
    const parsed = reader.read(text);
    if (parsed) {
      result = parsed.ms;
      break;
    }
  }
  for (const k of seen) cache.set(k, result ?? null);
  return result;
}

/**
 * The report input of one log. `reference` (ms since the epoch) completes stamps with no year or date when
 * the log has no full date (the file's modification time is a good one).
 */
export function collectLog(
  file: string,
  access: TextAccess,
  findings: Finding[],
  role: Side,
  reference?: number,
): ReportFileInput {
  const lines = new LineIndex(access);
  const reader = new TimeReader(reference);
  const cache = new Map<number, number | null>();
  const events: ServerEvent[] = [];
  const sorted = findings.slice().sort((a, b) => a.line - b.line);
  if (role === 'server') {
    // One pass over the server log: lifecycle lines, with stamps read in order as we go.
    const findingLines = new Set(sorted.map((f) => f.line));
    for (let n = 0; n < lines.count; n++) {
      const text = lines.line(n)!;
      const own = reader.read(text);
      cache.set(n, own?.ms ?? reader.last ?? null);
      if (findingLines.has(n) || !LIFECYCLE_HINT.test(text)) continue;
      const kind = lifecycleKind(text);
      // an event with no time can neither be placed nor cause anything: left out
      if (kind && reader.last !== undefined) events.push({ kind, file, line: n, time: reader.last, text: clip(text) });
    }
  }
  const timed: TimedFinding[] = sorted.map((finding) => {
    const text = lines.line(finding.line) ?? finding.matched;
    const time = timeAt(lines, finding.line, reader, cache);
    return { finding, text, ...(time !== undefined ? { time } : {}) };
  });
  return {
    file,
    role,
    findings: timed,
    events,
    ...(reader.parsed ? { zoned: reader.zoned * 2 > reader.parsed, dateless: reader.timeOnly === reader.parsed } : {}),
  };
}
