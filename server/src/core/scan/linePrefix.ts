/**
 * Prefixes that containers, log collectors and CI runners put in front of every line a program prints.
 * The scanner skips them before it looks at a line's shape (a Python status block's `\tdetails = …`, a
 * Node dump's `  details: …`, a Java `Caused by:`), so multi-line blocks survive the wrapping. Other
 * features (the incident report's timestamps) read the same layers.
 *
 * Formats (each with a test in test/server/core/scan/linePrefix.test.ts):
 * - cri: the CRI log file format kubelet writes (`<RFC3339Nano> stdout|stderr F|P `), e.g. files under
 *   /var/log/pods read by Fluent Bit / Vector / Promtail;
 * - timestamp: `docker logs --timestamps` (RFC3339Nano + space), `kubectl logs --timestamps`, GitHub
 *   Actions raw logs (7 fraction digits), plain ISO timestamps + space;
 * - gitlab: GitLab runner job-log timestamps (`<RFC3339> 00O `, `00E+ `);
 * - kubectl: `kubectl logs --prefix` (`[pod/NAME/CONTAINER] `);
 * - compose: `docker compose logs` (`service-1  | `);
 * - syslog: journald short / RFC 3164 (`Dec  4 10:00:00 host app[123]: `), with an optional `<PRI>`;
 * - journal-iso: `journalctl -o short-iso` (`2026-12-04T10:00:00+0000 host app[123]: `);
 * - bracket-time: Jenkins timestamper and similar (`[2026-12-04T10:00:00.123Z] `, `[10:00:00] `).
 */

export type PrefixKind =
  'cri' | 'timestamp' | 'gitlab' | 'kubectl' | 'compose' | 'syslog' | 'journal-iso' | 'bracket-time';

export interface PrefixLayer {
  kind: PrefixKind;
  /** offset of the layer in the line and its length (including the separator after it) */
  start: number;
  length: number;
  /** the timestamp text of the layer, when it has one (as printed) */
  timestamp?: string;
  /** cri: the stream (stdout / stderr) and whether the line is partial (P) */
  stream?: string;
  partial?: boolean;
  /** kubectl: pod/container; compose: service; syslog/journal-iso: host and tag */
  source?: string;
}

export interface StrippedLine {
  /** offset where the program's own text starts */
  start: number;
  layers: PrefixLayer[];
}

const ISO = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?`;

interface Rule {
  kind: PrefixKind;
  re: RegExp;
  build: (m: RegExpExecArray) => Partial<PrefixLayer>;
}

const RULES: Rule[] = [
  {
    kind: 'cri',
    re: new RegExp(String.raw`^(${ISO}) (stdout|stderr) ([FP]) `),
    build: (m) => ({ timestamp: m[1], stream: m[2], partial: m[3] === 'P' }),
  },
  { kind: 'gitlab', re: new RegExp(String.raw`^(${ISO}) [0-9a-f]{2}[OE]\+? `), build: (m) => ({ timestamp: m[1] }) },
  {
    kind: 'journal-iso',
    re: new RegExp(String.raw`^(${ISO}) ([\w.-]+) ([\w./@-]+(?:\[\d+\])?): `),
    build: (m) => ({ timestamp: m[1], source: `${m[2]} ${m[3]}` }),
  },
  { kind: 'timestamp', re: new RegExp(String.raw`^(${ISO}) `), build: (m) => ({ timestamp: m[1] }) },
  { kind: 'kubectl', re: /^\[pod\/([^\s\]/]+\/[^\s\]]+)\] /, build: (m) => ({ source: m[1] }) },
  {
    kind: 'syslog',
    re: /^(?:<\d{1,3}>)?([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) ([\w.-]+) ([\w./@-]+(?:\[\d+\])?): /,
    build: (m) => ({ timestamp: m[1], source: `${m[2]} ${m[3]}` }),
  },
  {
    kind: 'bracket-time',
    re: new RegExp(String.raw`^\[(${ISO}|\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)\] `),
    build: (m) => ({ timestamp: m[1] }),
  },
  { kind: 'compose', re: /^([a-z0-9][\w.-]*?(?:[-_]\d+)?) *\| /, build: (m) => ({ source: m[1] }) },
];

/** Quick reject: every prefix starts with a digit, '[', '<', an upper-case month or a compose service name. */
const FIRST = /^[\d[<A-Za-z]/;

/** Layers are peeled from the outside in: `kubectl logs --prefix --timestamps` gives two. */
const MAX_LAYERS = 3;

/** One prefix layer at `from`, if the text there starts with one. */
export function prefixAt(line: string, from = 0): PrefixLayer | undefined {
  const rest = from ? line.slice(from, from + 200) : line.length > 200 ? line.slice(0, 200) : line;
  if (!FIRST.test(rest)) return undefined;
  for (const rule of RULES) {
    const m = rule.re.exec(rest);
    if (m) return { kind: rule.kind, start: from, length: m[0].length, ...rule.build(m) };
  }
  return undefined;
}

/**
 * Peels the container / collector / CI prefixes off a line. A compose-style `name | ` is accepted only as
 * the outermost layer (an application's own `a | b` text is not a prefix once a timestamp was seen).
 */
export function stripLinePrefix(line: string): StrippedLine {
  const layers: PrefixLayer[] = [];
  let start = 0;
  while (layers.length < MAX_LAYERS) {
    const layer = prefixAt(line, start);
    if (!layer || (layer.kind === 'compose' && layers.length > 0)) break;
    layers.push(layer);
    start += layer.length;
  }
  return { start, layers };
}

/** The line without its prefixes (the program's own text). */
export function lineBody(line: string): string {
  const { start } = stripLinePrefix(line);
  return start ? line.slice(start) : line;
}

/** The prefix regexes (checked by a ReDoS analyser in the tests; they run on at most 200 characters). */
export function prefixRegexes(): RegExp[] {
  return RULES.map((r) => r.re);
}
