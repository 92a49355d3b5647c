import { STATUS_CODES, type Implementation, type Status, type StatusName } from '../../../../shared/knowledge';
import { canonicalStatusName, detectWrapper } from './wrappers';

/**
 * gRPC evidence on a line (or in one structured record): what makes a generic message ("Socket closed",
 * "transport is closing") a gRPC error rather than prose. A library's status wrapper is the strongest
 * form; applications and logging frameworks print the status in many other ways, and the libraries' own
 * log lines carry trace prefixes, component tags and logger names. docs/detection.md lists each rule with
 * a positive and a negative example.
 */
export interface Evidence {
  /** which rule matched first (docs/detection.md) */
  rule: EvidenceRule;
  /** the implementation the evidence names, when it names one */
  implementation?: Implementation;
  /** the status printed with the message, when one is printed */
  status?: Status;
  /** true when the evidence is a library wrapper (the exact form an implementation prints) */
  wrapper: boolean;
  /** true when the line is a gRPC library's own log line (trace prefix, component tag, logger name) */
  library: boolean;
}

export type EvidenceRule =
  | 'wrapper'
  | 'status-field'
  | 'status-name'
  | 'code-and-name'
  | 'grpc-status'
  | 'trace-prefix'
  | 'component-tag'
  | 'logger-name'
  | 'numeric-message';

const NAMES = Object.keys(STATUS_CODES) as (keyof typeof STATUS_CODES)[];

function statusOf(name: StatusName | undefined): Status | undefined {
  return name && name !== 'NONE' ? { name, code: STATUS_CODES[name] } : undefined;
}

function statusOfCode(code: number): Status | undefined {
  const name = NAMES.find((n) => STATUS_CODES[n] === code);
  return name ? { name, code } : undefined;
}

/** A status value as printed: a name in any casing and prefix, or a number 1–16. */
function statusOfValue(raw: string, numbers: boolean): Status | undefined {
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    return numbers && n >= 1 && n <= 16 ? statusOfCode(n) : undefined;
  }
  const name = canonicalStatusName(
    raw.replace(/^(?:StatusCode|Code|codes|Status\.Code|grpc\.StatusCode)(?:\.|::)/, ''),
  );
  return name === 'OK' ? undefined : statusOf(name);
}

/**
 * Status fields: `code=StatusCode.UNAVAILABLE`, `code: Unavailable`, `status=UNAVAILABLE`, `"code":"Unavailable"`,
 * `"grpc.code":"Unavailable"`, `"code":14`, `grpc_code=Unavailable`, `"rpc.grpc.status_code":14`, `Status{code=UNAVAILABLE`,
 * Go's `codes.Unavailable`, Python/.NET `StatusCode.UNAVAILABLE`, Ruby's `GRPC::Unavailable`.
 * Numbers count only under a key that says code or grpc (an HTTP `status=503` is not a gRPC status), and an
 * HTTP/2 `error code: 11` (C-core's GOAWAY text) is not a status either.
 */
const FIELD =
  /(?:\b|")((?:rpc[._])?(?:grpc[._-]?)?(?:status[._-]?)?code|(?:grpc[._-]?)?status)"?\s*[:=]\s*["']?((?:StatusCode\.|Code::|codes\.)?[A-Za-z_]{2,20}|\d{1,2})\b/g;
const PREFIXED_NAME = /\b(?:StatusCode|codes|GRPC|Code)(?:\.|::)([A-Z][A-Za-z_]{1,19})\b/g;
/** Upper-case canonical names standing alone (`UNAVAILABLE: Socket closed`); OK is not evidence. */
const UPPER_NAME = new RegExp(`\\b(${NAMES.filter((n) => n !== 'OK').join('|')})\\b`);
/** A number next to its name: `14 UNAVAILABLE`, `UNAVAILABLE(14)`, `Unavailable (14)`. */
const CODE_AND_NAME = /\b(1[0-6]|[1-9])[ :(]+([A-Z][A-Za-z_]{1,19})\b|\b([A-Z][A-Za-z_]{1,19}) ?\((1[0-6]|[1-9])\)/g;
/** `grpc-status: 14`, `grpc_status=14`, or the header name alone. */
const GRPC_STATUS = /\bgrpc[-_]status\b(?:["']?\s*[:=]\s*["']?(\d{1,2}))?/;

/** C-core / absl: `E1204 10:15:08.123456     123 chttp2_transport.cc:1234]`. */
const CCORE_PREFIX = /^([EWID])\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s+\d+ [\w./-]+:\d+\]/;
/** grpc-js trace / log output: `D 2026-12-04T10:00:00.000Z | v1.14.0 123 | transport | …` (older: without the version). */
const GRPCJS_PREFIX = /^([DIEW]) \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z \| /;
/**
 * grpc-go component loggers (`grpclog.Component("transport")`, `"core"`, …) print `[transport]`, `[core]`
 * before the message, also when redirected into zap / logrus / slog.
 */
const COMPONENT_TAG =
  /\[(transport|core|channelz|balancer|grpclb|xds|xds-client|dns|roundrobin|pick-first-lb|pick-first-leaf-lb|priority-lb|weighted-round-robin|health-service)\]/;
/** Logger names of the libraries, as text (`io.grpc.netty…`, `grpc._server`, `h2::proto`, `Grpc.Net.Client`) or as a record field. */
const LOGGER_NAME =
  /"(?:logger|logger_name|loggerName|name|target|module|component|category|SourceContext)"\s*:\s*"(?:grpc\b|io\.grpc\.|grpc\._|grpc\.aio|h2::|tonic::|Grpc\.)|\b(?:logger|logger_name|name|target|component)=["']?(?:grpc\b|io\.grpc\.|grpc\._|h2::|tonic::|Grpc\.)|\bio\.grpc\.[a-z]\w*\.|\bgrpc\._(?:channel|server|common|cython)\b|\b(?:h2|tonic)::[a-z]\w*|@grpc\/grpc-js|\bGrpc\.(?:Net\.Client|AspNetCore\.Server)\b/;

const IMPL_OF_LOGGER: [RegExp, Implementation][] = [
  [/io\.grpc/, 'grpc-java'],
  [/grpc\._|grpc\.aio/, 'grpc-python'],
  [/h2::|tonic::/, 'tonic'],
  [/@grpc\/grpc-js/, 'grpc-js'],
  [/Grpc\./, 'grpc-dotnet'],
];

/**
 * Finds gRPC evidence in `text` (one line, or one decoded structured record). Returns the strongest:
 * a wrapper first, then a status the line prints, then a library log line's marks. Library marks are
 * merged in (`library`) whichever rule gave the status.
 */
export function findEvidence(text: string): Evidence | undefined {
  const library = libraryMark(text);
  const wrapper = detectWrapper(text);
  if (wrapper)
    return {
      rule: 'wrapper',
      implementation: wrapper.implementation,
      status: wrapper.status,
      wrapper: true,
      library: !!library,
    };
  const status = printedStatus(text);
  if (status) return { ...status, implementation: library?.implementation, wrapper: false, library: !!library };
  return library ? { ...library, wrapper: false, library: true } : undefined;
}

function printedStatus(text: string): { rule: EvidenceRule; status?: Status } | undefined {
  for (const m of text.matchAll(FIELD)) {
    if (/error $/i.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    const key = m[1].toLowerCase();
    const status = statusOfValue(m[2], key.includes('code') || key.includes('grpc'));
    if (status) return { rule: 'status-field', status };
  }
  for (const m of text.matchAll(PREFIXED_NAME)) {
    const status = statusOfValue(m[1], false);
    if (status) return { rule: 'status-field', status };
  }
  for (const m of text.matchAll(CODE_AND_NAME)) {
    const [code, name] = m[1] ? [Number(m[1]), m[2]] : [Number(m[4]), m[3]];
    const status = statusOfValue(name, false);
    if (status && status.code === code) return { rule: 'code-and-name', status };
  }
  const gs = GRPC_STATUS.exec(text);
  if (gs) {
    const status = gs[1] ? statusOfCode(Number(gs[1])) : undefined;
    if (status || !gs[1]) return { rule: 'grpc-status', status };
  }
  const upper = UPPER_NAME.exec(text);
  if (upper) return { rule: 'status-name', status: statusOf(upper[1] as StatusName)! };
  return undefined;
}

function libraryMark(text: string): { rule: EvidenceRule; implementation?: Implementation } | undefined {
  if (CCORE_PREFIX.test(text)) return { rule: 'trace-prefix', implementation: 'grpc-core' };
  if (GRPCJS_PREFIX.test(text)) return { rule: 'trace-prefix', implementation: 'grpc-js' };
  if (COMPONENT_TAG.test(text)) return { rule: 'component-tag', implementation: 'grpc-go' };
  const logger = LOGGER_NAME.exec(text);
  if (logger) return { rule: 'logger-name', implementation: IMPL_OF_LOGGER.find(([re]) => re.test(logger[0]))?.[1] };
  return undefined;
}

/**
 * The C++ / Ruby form: the application prints `status.error_code() << ": " << status.error_message()`
 * (`14: Socket closed`), Ruby's BadStatus `14:Socket closed`. `before` is the text just before the message.
 */
export function numericPrefixStatus(before: string): Status | undefined {
  const m = /(?:^|[^\w.:])(1[0-6]|[1-9]): ?$/.exec(before.length > 8 ? before.slice(-8) : before);
  return m ? statusOfCode(Number(m[1])) : undefined;
}

export type LineLevel = 'context' | 'failure';

const TEXT_LEVEL =
  /(?:^|[\s[|:])(TRACE|DEBUG|INFO|FINE|FINER|FINEST|CONFIG|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL)(?=[\s\]|:]|$)/;
const FIELD_LEVEL =
  /"(?:level|severity|lvl|levelname|log\.level|@l)"\s*:\s*"?(\w+)|\b(?:level|lvl|severity)=["']?(\w+)/i;
const CONTEXT_LEVELS = new Set([
  'trace',
  'debug',
  'info',
  'information',
  'informational',
  'fine',
  'finer',
  'finest',
  'config',
  'verbose',
  'vrb',
  'dbg',
  'inf',
  '10',
  '20',
  '30',
]);

/**
 * The level a library log line was printed at. INFO/DEBUG/TRACE lines of the libraries are context (what
 * the transport did around a failure); everything else is the failure. Only library lines (evidence.library)
 * are ever context: an application's own INFO line that prints a status is a failure it chose to log low.
 */
export function lineLevel(text: string): LineLevel {
  const c = CCORE_PREFIX.exec(text) ?? GRPCJS_PREFIX.exec(text);
  if (c) return c[1] === 'I' || c[1] === 'D' ? 'context' : 'failure';
  const f = FIELD_LEVEL.exec(text);
  if (f) return CONTEXT_LEVELS.has((f[1] ?? f[2]).toLowerCase()) ? 'context' : 'failure';
  const t = TEXT_LEVEL.exec(text.length > 120 ? text.slice(0, 120) : text);
  if (t) return CONTEXT_LEVELS.has(t[1].toLowerCase()) ? 'context' : 'failure';
  return 'failure';
}

/** The regexes evidence and level checks run on whole lines / records (checked by a ReDoS analyser in the tests). */
export function evidenceRegexes(): RegExp[] {
  return [
    FIELD,
    PREFIXED_NAME,
    UPPER_NAME,
    CODE_AND_NAME,
    GRPC_STATUS,
    CCORE_PREFIX,
    GRPCJS_PREFIX,
    COMPONENT_TAG,
    LOGGER_NAME,
    TEXT_LEVEL,
    FIELD_LEVEL,
  ];
}
