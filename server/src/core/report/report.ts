/** The whole report: incidents, server events, a timeline and counts, for the renderers and `--format json`. */
import type { Family, KnowledgeEntry } from '../../../../shared/knowledge';
import { buildIncidents, span, type Incident, type ReportFileInput, type ReportOptions, type Side } from './incidents';
import type { ServerEvent } from './serverEvents';

export interface ReportFileSummary {
  file: string;
  role: Side;
  findings: number;
  first?: number;
  last?: number;
  /** findings whose line (and the lines above it) carry no time */
  untimed: number;
  skipped?: string;
  /** added to this log's zone-less times to line them up with a log that prints UTC (ms) */
  clockShiftMs?: number;
}

export interface TimelineBucket {
  start: number;
  counts: Partial<Record<Family, number>>;
}

export interface Timeline {
  start: number;
  end: number;
  bucketMs: number;
  buckets: TimelineBucket[];
  families: Family[];
}

export interface Report {
  version: 1;
  locale: ReportOptions['locale'];
  files: ReportFileSummary[];
  totalFindings: number;
  incidents: Incident[];
  /** server events found (lifecycle lines and server-side findings), in time order */
  events: ServerEvent[];
  timeline?: Timeline;
  /** the first and last time of any finding or event */
  first?: number;
  last?: number;
  byStatus: Record<string, number>;
  byImplementation: Record<string, number>;
  byFamily: Record<string, number>;
}

/** Bucket sizes a reader can read at a glance. */
const STEPS = [
  100, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];
export const MAX_BUCKETS = 60;

function count<T>(values: T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

export function buildTimeline(
  points: { time: number; family: Family }[],
  extraTimes: number[] = [],
): Timeline | undefined {
  const times = [...points.map((p) => p.time), ...extraTimes];
  if (!times.length) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const span = Math.max(1, max - min);
  const bucketMs =
    STEPS.find((s) => span / s <= MAX_BUCKETS) ?? Math.ceil(span / MAX_BUCKETS / 86_400_000) * 86_400_000;
  const start = Math.floor(min / bucketMs) * bucketMs;
  const n = Math.floor((max - start) / bucketMs) + 1;
  const buckets: TimelineBucket[] = Array.from({ length: n }, (_, i) => ({ start: start + i * bucketMs, counts: {} }));
  const families = new Set<Family>();
  for (const p of points) {
    const b = buckets[Math.floor((p.time - start) / bucketMs)];
    b.counts[p.family] = (b.counts[p.family] ?? 0) + 1;
    families.add(p.family);
  }
  return { start, end: start + n * bucketMs, bucketMs, buckets, families: [...families].sort() };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function timesOf(f: ReportFileInput): number[] {
  return [...f.findings.map((x) => x.time), ...f.events.map((e) => e.time)].filter((t): t is number => t !== undefined);
}

const shiftBy = (f: ReportFileInput, shift: number): ReportFileInput => {
  const move = <T extends { time?: number }>(x: T): T => (x.time === undefined ? x : { ...x, time: x.time + shift });
  return {
    ...f,
    findings: f.findings.map(move),
    events: f.events.map(move),
    clockShiftMs: (f.clockShiftMs ?? 0) + shift,
  };
};

/**
 * Lines up logs whose clocks are printed differently. 1. A log that prints times of day only got its date
 * from a guess: it takes the date of the dated logs beside it (whole days). 2. One log prints UTC (`Z`),
 * another the local wall clock (Go `log`, Python logging): when they do not overlap but would after
 * shifting the zone-less one by a whole number of half hours (at most 14 h), it is shifted. The report says
 * by how much. Logs printed the same way are never shifted.
 */
export function alignClocks(input: ReportFileInput[]): ReportFileInput[] {
  let files = input;
  const dated = span(files.filter((f) => f.dateless === false).flatMap(timesOf));
  if (dated.first !== undefined) {
    files = files.map((f) => {
      const own = span(timesOf(f));
      if (!f.dateless || own.first === undefined) return f;
      const days = Math.round((dated.first! - own.first) / DAY);
      return days ? shiftBy(f, days * DAY) : f;
    });
  }
  const ref = span(files.filter((f) => f.zoned === true).flatMap(timesOf));
  if (ref.first === undefined) return files;
  return files.map((f) => {
    if (f.zoned !== false) return f;
    const own = span(timesOf(f));
    if (own.first === undefined) return f;
    const overlaps = (shift: number): boolean =>
      own.first! + shift <= ref.last! + 60_000 && own.last! + shift >= ref.first! - 60_000;
    if (overlaps(0)) return f;
    const half = HOUR / 2;
    const guess = Math.round((ref.first! - own.first) / half) * half;
    const shift = [guess, guess - half, guess + half].find((s) => Math.abs(s) <= 14 * HOUR && s !== 0 && overlaps(s));
    return shift === undefined ? f : shiftBy(f, shift);
  });
}

export function buildReport(
  input: ReportFileInput[],
  byId: Map<string, KnowledgeEntry>,
  options: ReportOptions,
): Report {
  const files = alignClocks(input);
  const { incidents, events } = buildIncidents(files, byId, options);
  const all = files.flatMap((f) => f.findings);
  const points = all.filter((tf) => tf.time !== undefined).map((tf) => ({ time: tf.time!, family: tf.finding.family }));
  const eventTimes = events.filter((e) => e.time !== undefined).map((e) => e.time!);
  // the timeline spans the errors and the stops; a start long before the first error would squeeze it
  const firstError = span(points.map((p) => p.time)).first ?? -Infinity;
  const chartEvents = events
    .filter((e) => e.time !== undefined && (e.kind !== 'started' || e.time >= firstError))
    .map((e) => e.time!);
  const summaries = files.map((f): ReportFileSummary => {
    const times = f.findings.map((x) => x.time).filter((t): t is number => t !== undefined);
    return {
      file: f.file,
      role: f.role,
      findings: f.findings.length,
      ...span(times),
      untimed: f.findings.length - times.length,
      ...(f.skipped ? { skipped: f.skipped } : {}),
      ...(f.clockShiftMs ? { clockShiftMs: f.clockShiftMs } : {}),
    };
  });
  const timeline = buildTimeline(points, chartEvents);
  return {
    version: 1,
    locale: options.locale,
    files: summaries,
    totalFindings: all.length,
    incidents,
    events,
    ...(timeline ? { timeline } : {}),
    ...span([...points.map((p) => p.time), ...eventTimes]),
    byStatus: count(all.map((tf) => tf.finding.status.name)),
    byImplementation: count(all.map((tf) => tf.finding.implementation)),
    byFamily: count(all.map((tf) => tf.finding.family)),
  };
}
