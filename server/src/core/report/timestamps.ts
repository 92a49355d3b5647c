/**
 * Timestamps as real logs print them, found near the start of a line (after a logger name, a container
 * prefix or a level letter). Times with a zone (RFC 3339 `Z` / `+02:00`, epoch numbers) are exact; times
 * without one are kept as the wall clock the log printed (stored as if UTC, shown as printed). Dates with no
 * year (C-core / glog, syslog) take the year from the last full date seen, else from the reference date;
 * times with no date at all take the date of the last stamp seen, rolling over at midnight.
 *
 * Why no date library: the work is finding the stamp inside an arbitrary prefix and inferring the missing
 * year, date or zone; libraries (date-fns `parse`, dayjs customParseFormat, luxon) parse a string whose
 * format is already known and isolated, one format at a time, and have no notion of "the year of the last
 * line". After the regex below has isolated the fields the conversion is `Date.UTC`, which is exact.
 */

export type TimeForm = 'iso' | 'go-log' | 'glog' | 'java-jul' | 'syslog' | 'epoch-s' | 'epoch-ms' | 'time-only';

export interface ParsedTime {
  /** milliseconds since the epoch (fraction kept for µs / ns stamps) */
  ms: number;
  /** true when the stamp carried a zone (Z, an offset, or an epoch number) */
  zoned: boolean;
  form: TimeForm;
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
const MON = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
/** How far into a line a stamp may start (prefixes: `[service] `, `2026-…Z stderr F `, `{"level":…,`). */
const SEARCH_CHARS = 96;

// ISO 8601 / RFC 3339, logback `2026-12-04 10:15:08.123`, Python logging `2026-12-04 10:15:08,123`, CRI / kubectl
const ISO =
  /(?<![\d.])(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s?(Z|[+-]\d{2}(?::?\d{2})?)?(?![\d])/;
// Go `log`: 2026/12/04 10:15:08 (log.Lmicroseconds adds .123456)
const GO_LOG = /(?<![\d/])(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?![\d])/;
// glog / absl (gRPC C-core): I1204 10:15:08.123456   1234 file.cc:12]
const GLOG = /(?:^|[\s\]:])[IWEFD](\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{1,9})(?![\d])/;
// java.util.logging SimpleFormatter: Dec 04, 2026 10:15:09 AM
const JUL = new RegExp(`${MON} (\\d{1,2}), (\\d{4}) (\\d{1,2}):(\\d{2}):(\\d{2}) ([AP]M)`);
// syslog / journalctl: Dec  4 10:15:08 (short-precise: .123456)
const SYSLOG = new RegExp(`(?:^|[\\s\\]])${MON} {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?![\\d])`);
// JSON loggers: {"ts":1733307308.123} (zap), {"time":1733307308123} (pino), "timestamp"
const JSON_EPOCH = /"(?:ts|time|timestamp|@timestamp)"\s*:\s*(\d{9,10}(?:\.\d+)?|\d{12,13}(?:\.\d+)?)(?![\d.])/;
// a bare time of day at the start (tracing-style `14:33:53.580Z`, `10:15:08.123 INFO`)
const TIME_ONLY = /^\W{0,2}(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z)?(?![\d:])/;

/** The line-prefix forms, in priority order for stamps that start at the same place. */
const FORMS: [TimeForm, RegExp][] = [
  ['iso', ISO],
  ['go-log', GO_LOG],
  ['java-jul', JUL],
  ['glog', GLOG],
  ['syslog', SYSLOG],
  ['time-only', TIME_ONLY],
];

const fractionMs = (digits: string | undefined): number => (digits ? Number(`0.${digits}`) * 1000 : 0);

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

function valid(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return mo >= 0 && mo < 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s <= 60 && y >= 1970 && y < 3000;
}

const DAY_MS = 86_400_000;

/**
 * Reads the stamps of one log in line order and remembers the last date seen, so stamps without a year
 * or a date can be completed. `reference` (ms since the epoch) stands for "now" when the log has no full
 * date at all (the CLI passes the file's modification time).
 */
export class TimeReader {
  private lastMs: number | undefined;
  private lastYear: number | undefined;

  constructor(private readonly reference: number = Date.UTC(1970, 0, 1)) {}

  /** The last stamp seen (what a line without one inherits). */
  get last(): number | undefined {
    return this.lastMs;
  }

  /** stamps read, and how many of them carried a zone */
  parsed = 0;
  zoned = 0;
  timeOnly = 0;

  /** Parses the stamp of `line`, or undefined; a found stamp becomes the one later lines inherit. */
  read(line: string): ParsedTime | undefined {
    const parsed = this.parse(line.length > SEARCH_CHARS * 2 ? line.slice(0, SEARCH_CHARS * 2) : line);
    if (parsed) {
      this.lastMs = parsed.ms;
      this.parsed++;
      if (parsed.zoned) this.zoned++;
      if (parsed.form === 'time-only') this.timeOnly++;
    }
    return parsed;
  }

  /** The stamp of `line` if it has one, else the last one seen. */
  timeOf(line: string): number | undefined {
    return this.read(line)?.ms ?? this.lastMs;
  }

  private parse(line: string): ParsedTime | undefined {
    if (line.charCodeAt(0) === 123 /* { */) {
      const j = JSON_EPOCH.exec(line);
      if (j) {
        const n = Number(j[1]);
        const isMs = j[1].split('.')[0].length >= 12;
        const ms = isMs ? n : n * 1000;
        this.lastYear = new Date(ms).getUTCFullYear();
        return { ms, zoned: true, form: isMs ? 'epoch-ms' : 'epoch-s' };
      }
      const inJson = ISO.exec(line);
      return inJson ? this.convert('iso', inJson) : undefined;
    }
    // The leftmost stamp wins: a wrapped line (journald, CRI, kubectl) carries the wrapper's stamp first and
    // the application's after it, and lines of the wrapped log without an application stamp (a stack
    // trace, a multi-line status) still have the wrapper's, so every line is read on the same clock.
    const head = line.slice(0, SEARCH_CHARS);
    let best: [TimeForm, RegExpExecArray] | undefined;
    for (const [form, re] of FORMS) {
      const m = re.exec(head);
      if (m && (!best || m.index < best[1].index)) best = [form, m];
    }
    if (!best) return undefined;
    return this.convert(best[0], best[1]) ?? undefined;
  }

  private convert(form: TimeForm, m: RegExpExecArray): ParsedTime | undefined {
    switch (form) {
      case 'iso': {
        const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
        if (!valid(y, mo - 1, d, h, mi, s)) return undefined;
        this.lastYear = y;
        const ms = Date.UTC(y, mo - 1, d, h, mi, s) + fractionMs(m[7]) - zoneOffsetMs(m[8]);
        return { ms, zoned: m[8] !== undefined, form };
      }
      case 'go-log': {
        const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
        if (!valid(y, mo - 1, d, h, mi, s)) return undefined;
        this.lastYear = y;
        return { ms: Date.UTC(y, mo - 1, d, h, mi, s) + fractionMs(m[7]), zoned: false, form };
      }
      case 'java-jul': {
        const mo = MONTHS[m[1].toLowerCase()];
        const [d, y, h12, mi, s] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
        const h = (h12 % 12) + (m[7] === 'PM' ? 12 : 0);
        if (h12 < 1 || h12 > 12 || !valid(y, mo, d, h, mi, s)) return undefined;
        this.lastYear = y;
        return { ms: Date.UTC(y, mo, d, h, mi, s), zoned: false, form };
      }
      case 'glog': {
        const [mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
        const ms = this.withoutYear(mo - 1, d, h, mi, s, fractionMs(m[6]));
        return ms === undefined ? undefined : { ms, zoned: false, form };
      }
      case 'syslog': {
        const mo = MONTHS[m[1].toLowerCase()];
        const [d, h, mi, s] = [m[2], m[3], m[4], m[5]].map(Number);
        const ms = this.withoutYear(mo, d, h, mi, s, fractionMs(m[6]));
        return ms === undefined ? undefined : { ms, zoned: false, form };
      }
      case 'time-only': {
        const [h, mi, s] = [m[1], m[2], m[3]].map(Number);
        if (h >= 24 || mi >= 60 || s > 60) return undefined;
        const timeOfDay = ((h * 60 + mi) * 60 + s) * 1000 + fractionMs(m[4]);
        const base = this.lastMs ?? this.reference;
        let ms = Math.floor(base / DAY_MS) * DAY_MS + timeOfDay;
        // A time more than 12 h before the last one is the next day (the log crossed midnight).
        if (this.lastMs !== undefined && ms < this.lastMs - DAY_MS / 2) ms += DAY_MS;
        return { ms, zoned: m[5] === 'Z', form };
      }
      default:
        return undefined;
    }
  }

  /** A month-day stamp: the year of the last full date, else the reference's; never far in its future. */
  private withoutYear(mo: number, d: number, h: number, mi: number, s: number, frac: number): number | undefined {
    const refYear = new Date(this.lastMs ?? this.reference).getUTCFullYear();
    let y = this.lastYear ?? refYear;
    if (!valid(y, mo, d, h, mi, s)) return undefined;
    let ms = Date.UTC(y, mo, d, h, mi, s) + frac;
    // With no full date to go by, a date more than a day after the reference is from the year before
    // (a December log read in January).
    if (this.lastYear === undefined && ms > this.reference + DAY_MS) ms = Date.UTC(--y, mo, d, h, mi, s) + frac;
    return ms;
  }
}

/** `13:47:23.101` (the wall clock as printed; UTC for zoned stamps), with the date when asked. */
export function formatTime(ms: number, withDate = false): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2026-12-04T13:47:23.101Z
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso.slice(11, 23);
}
