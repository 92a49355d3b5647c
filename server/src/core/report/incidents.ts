/**
 * From findings to incidents: findings of the same family, implementation and side that follow each
 * other with gaps shorter than a window are one incident (a rolling deploy's thousand UNAVAILABLEs become
 * one line with a count). Client incidents are then lined up with the server events that came just
 * before them (server graceful stop, forced stop, GOAWAY, too many pings) in any of the logs.
 */
import type {
  Family,
  Implementation,
  KnowledgeEntry,
  Measurement,
  StatusName,
  Workaround,
} from '../../../../shared/knowledge';
import type { Locale } from '../l10n';
import { oneLineExplanation } from '../knowledge/render';
import type { Finding } from '../scan/matcher';
import { EXPLAINS, findingEventKind, type ServerEvent, type ServerEventKind } from './serverEvents';

export type Side = 'client' | 'server' | 'unknown';

/** A finding with the line it was found on and the time that line carries (or inherits). */
export interface TimedFinding {
  finding: Finding;
  /** the finding's first line, as printed */
  text: string;
  time?: number;
}

export interface ReportFileInput {
  file: string;
  /** what the log is: from its name or the caller; 'unknown' lets each finding's pattern decide */
  role: Side;
  findings: TimedFinding[];
  /** lifecycle lines found in a server log (serverEvents.ts) */
  events: ServerEvent[];
  /** set when the file was not read (binary, read error) */
  skipped?: string;
  /** whether the log's stamps carry a zone (UTC `Z`, an offset); undefined when it has none */
  zoned?: boolean;
  /** true when the log prints times of day only (its dates were guessed) */
  dateless?: boolean;
  /** set by alignClocks: hours added to this log's zone-less times to line them up with a zoned log */
  clockShiftMs?: number;
}

export interface Fix {
  kind: Workaround['kind'];
  /** the workaround's first sentence */
  text: string;
  /** the best stored measurement, when there is one: never an estimate */
  measurement?: Measurement;
}

export interface Cause {
  kind: ServerEventKind;
  time: number;
  file: string;
  line: number;
  text: string;
}

export interface Location {
  file: string;
  line: number;
}

export interface Incident {
  /** 1-based, in time order */
  id: number;
  family: Family;
  implementation: Implementation;
  side: Side;
  status: StatusName;
  /** entries seen, most frequent first */
  entryIds: string[];
  title: string;
  explanation: string;
  fix?: Fix;
  count: number;
  first?: number;
  last?: number;
  /** the first occurrence */
  at: Location;
  /** occurrences to link to (at most MAX_LOCATIONS) */
  locations: Location[];
  files: string[];
  methods: string[];
  peers: string[];
  cause?: Cause;
}

export interface ReportOptions {
  locale: Locale;
  /** a gap longer than this starts a new incident (ms) */
  windowMs?: number;
  /** how long before a client error a server event may have caused it (ms) */
  causeWindowMs?: number;
  /** clocks of two hosts may disagree: an event this much after the error still counts (ms) */
  skewMs?: number;
}

export const DEFAULT_WINDOW_MS = 5_000;
const DEFAULT_CAUSE_WINDOW_MS = 60_000;
const DEFAULT_SKEW_MS = 1_000;
const MAX_LOCATIONS = 50;
const MAX_NAMES = 8;

// /package.Service/Method as gRPC prints full method names; host:port and [v6]:port peers
const METHOD_RE = /(?<![\w.])\/?((?:[A-Za-z_][\w]*\.)+[A-Za-z_]\w*\/[A-Za-z_]\w*)(?![\w/])/g;
const PEER_RE = /(?<![\w.:])((?:\d{1,3}\.){3}\d{1,3}:\d{1,5}|\[[0-9a-fA-F:]+\]:\d{1,5})(?![\d])/g;

export function methodsIn(text: string): string[] {
  return [...text.matchAll(METHOD_RE)].map((m) => `/${m[1]}`);
}

export function peersIn(text: string): string[] {
  return [...text.matchAll(PEER_RE)].map((m) => m[1]);
}

/** The side a finding speaks for: its pattern's side when that is one side, else the file's role. */
export function findingSide(f: Finding, entry: KnowledgeEntry | undefined, role: Side): Side {
  const sides = new Set(
    (entry?.patterns ?? [])
      .filter((p) => p.implementation === f.implementation || p.implementation === 'any')
      .map((p) => p.side),
  );
  if (sides.size === 1 && !sides.has('both')) return [...sides][0] as Side;
  return role;
}

/** The role a log's name says it has (`server.log`, `orders-client.log`), else 'unknown'. */
export function roleFromName(file: string): Side {
  const base = file.split(/[\\/]/).pop() ?? file;
  if (/(?:^|[^a-z])server(?:[^a-z]|$)/i.test(base)) return 'server';
  if (/(?:^|[^a-z])client(?:[^a-z]|$)/i.test(base)) return 'client';
  return 'unknown';
}

const rate = (ms: Measurement[]): number => {
  const runs = ms.reduce((a, m) => a + m.runs, 0);
  return runs ? ms.reduce((a, m) => a + m.successes, 0) / runs : 0;
};

/** The fix that works: the best measured workaround (rate, then runs), else the entry's first one. */
export function bestFix(entry: KnowledgeEntry, locale: Locale): Fix | undefined {
  const measured = entry.workarounds
    .filter((w) => (w.measurements ?? []).length && rate(w.measurements!) > 0)
    .sort(
      (a, b) =>
        rate(b.measurements!) - rate(a.measurements!) ||
        b.measurements!.reduce((s, m) => s + m.runs, 0) - a.measurements!.reduce((s, m) => s + m.runs, 0),
    );
  const w = measured[0] ?? entry.workarounds.find((x) => !(x.measurements ?? []).length);
  if (!w) return undefined;
  const text = locale === 'zh-cn' ? w.text_zh : w.text;
  const m = /^(.+?(?:\.(?=\s|$)|。))/.exec(text);
  const best = w.measurements
    ?.slice()
    .sort((a, b) => b.successes / b.runs - a.successes / a.runs || b.runs - a.runs)[0];
  return { kind: w.kind, text: m ? m[1] : text, ...(best ? { measurement: best } : {}) };
}

interface Item {
  file: string;
  tf: TimedFinding;
  side: Side;
}

function mostFrequent<T>(values: T[]): T[] {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
}

/** Groups the findings of all files into incidents and finds their causes among the server events. */
export function buildIncidents(
  files: ReportFileInput[],
  byId: Map<string, KnowledgeEntry>,
  options: ReportOptions,
): { incidents: Incident[]; events: ServerEvent[] } {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const items: Item[] = [];
  const events: ServerEvent[] = [];
  for (const f of files) {
    for (const tf of f.findings) {
      const side = findingSide(tf.finding, byId.get(tf.finding.entryId), f.role);
      items.push({ file: f.file, tf, side });
      const kind = side === 'server' ? findingEventKind(tf.finding.family) : undefined;
      if (kind)
        events.push({
          kind,
          file: f.file,
          line: tf.finding.line,
          time: tf.time,
          text: clip(tf.text),
          entryId: tf.finding.entryId,
        });
    }
    events.push(...f.events);
  }
  const order = (a: { time?: number; file: string; line: number }, b: typeof a): number =>
    (a.time ?? -Infinity) - (b.time ?? -Infinity) || a.file.localeCompare(b.file) || a.line - b.line;
  items.sort((a, b) =>
    order(
      { time: a.tf.time, file: a.file, line: a.tf.finding.line },
      { time: b.tf.time, file: b.file, line: b.tf.finding.line },
    ),
  );
  events.sort(order);

  // Sessions per key: a finding joins its key's open group unless the gap is longer than the window.
  const open = new Map<string, Item[]>();
  const groups: Item[][] = [];
  for (const it of items) {
    const f = it.tf.finding;
    const key = `${it.side}|${f.family}|${f.implementation}`;
    const group = open.get(key);
    const prev = group?.[group.length - 1];
    const joins =
      group && (it.tf.time === undefined || prev!.tf.time === undefined || it.tf.time - prev!.tf.time <= windowMs);
    if (joins) group.push(it);
    else {
      const g = [it];
      open.set(key, g);
      groups.push(g);
    }
  }

  const incidents = groups.map((g): Incident => {
    const head = g[0];
    const f = head.tf.finding;
    const entryIds = mostFrequent(g.map((i) => i.tf.finding.entryId));
    const entry = byId.get(entryIds[0]);
    const times = g.map((i) => i.tf.time).filter((t): t is number => t !== undefined);
    const text = g.map((i) => i.tf.text);
    const fix = entry ? bestFix(entry, options.locale) : undefined;
    return {
      id: 0,
      family: f.family,
      implementation: f.implementation,
      side: head.side,
      status: mostFrequent(g.map((i) => i.tf.finding.status.name))[0],
      entryIds,
      title: entry ? (options.locale === 'zh-cn' ? entry.title_zh : entry.title) : f.title,
      explanation: entry ? oneLineExplanation(entry, options.locale) : '',
      ...(fix ? { fix } : {}),
      count: g.length,
      ...span(times),
      at: { file: head.file, line: f.line },
      locations: g.slice(0, MAX_LOCATIONS).map((i) => ({ file: i.file, line: i.tf.finding.line })),
      files: [...new Set(g.map((i) => i.file))],
      methods: mostFrequent(text.flatMap(methodsIn)).slice(0, MAX_NAMES),
      peers: mostFrequent(text.flatMap(peersIn)).slice(0, MAX_NAMES),
    };
  });
  incidents.sort((a, b) =>
    order({ time: a.first, file: a.at.file, line: a.at.line }, { time: b.first, file: b.at.file, line: b.at.line }),
  );
  incidents.forEach((inc, i) => {
    inc.id = i + 1;
  });
  for (const inc of incidents) {
    if (inc.side === 'server') continue;
    const cause = findCause(inc, events, options);
    if (cause) inc.cause = cause;
  }
  return { incidents, events };
}

/**
 * The server event that explains a client incident: the latest one of a kind that can cause the
 * incident's family, at most causeWindowMs before its first error (skewMs after it still counts: two
 * hosts' clocks), and never from the incident's own lines.
 */
export function findCause(inc: Incident, events: ServerEvent[], options: ReportOptions): Cause | undefined {
  if (inc.first === undefined) return undefined;
  const before = options.causeWindowMs ?? DEFAULT_CAUSE_WINDOW_MS;
  const skew = options.skewMs ?? DEFAULT_SKEW_MS;
  // the latest event at or before the first error, else the earliest within the skew after it
  let best: ServerEvent | undefined;
  let after: ServerEvent | undefined;
  for (const e of events) {
    if (e.time === undefined || !EXPLAINS[e.kind].includes(inc.family)) continue;
    if (e.time < inc.first - before || e.time > inc.first + skew) continue;
    if (inc.locations.some((l) => l.file === e.file && l.line === e.line)) continue;
    if (e.time <= inc.first) {
      if (!best || e.time >= best.time!) best = e;
    } else if (!after || e.time < after.time!) after = e;
  }
  best ??= after;
  return best ? { kind: best.kind, time: best.time!, file: best.file, line: best.line, text: best.text } : undefined;
}

/** {first, last} of some times (a loop: spreading a long array into Math.min overflows the stack). */
export function span(times: number[]): { first?: number; last?: number } {
  if (!times.length) return {};
  let first = Infinity;
  let last = -Infinity;
  for (const t of times) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return { first, last };
}

export function clip(text: string): string {
  const t = text.trim();
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}
