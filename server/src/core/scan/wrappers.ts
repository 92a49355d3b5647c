import { STATUS_CODES, type Implementation, type Status, type StatusName } from '../../../../shared/knowledge';

/**
 * The status wrappers each implementation prints around a message (shared/reference §1). A wrapper tells
 * which implementation printed the line and with which status, so a generic message ("Socket closed") is
 * attributed correctly and counts as a finding.
 */
export interface Wrapper {
  implementation: Implementation;
  status?: Status;
}

interface WrapperRule {
  implementation: Implementation;
  re: RegExp;
  /** converts the captured status text to a canonical name */
  status?: (m: RegExpExecArray) => StatusName | undefined;
}

/** Go (Canceled, DeadlineExceeded), .NET/tonic (Cancelled) and upper-case names → canonical names. */
export function canonicalStatusName(raw: string): StatusName | undefined {
  const upper = raw.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  const name = upper === 'CANCELED' ? 'CANCELLED' : upper;
  return name in STATUS_CODES ? (name as StatusName) : undefined;
}

/** tonic ≥ 0.14.6 prints Code::description() instead of the name. */
const TONIC_DESCRIPTIONS: Record<string, StatusName> = {
  'The operation completed successfully': 'OK',
  'The operation was cancelled': 'CANCELLED',
  'Unknown error': 'UNKNOWN',
  'Client specified an invalid argument': 'INVALID_ARGUMENT',
  'Deadline expired before operation could complete': 'DEADLINE_EXCEEDED',
  'Some resource has been exhausted': 'RESOURCE_EXHAUSTED',
  'Internal error': 'INTERNAL',
  'The service is currently unavailable': 'UNAVAILABLE',
};

const NODE_NAMES = Object.keys(STATUS_CODES).join('|');

const RULES: WrapperRule[] = [
  { implementation: 'grpc-go', re: /rpc error: code = ([A-Za-z]+) desc = /, status: (m) => canonicalStatusName(m[1]) },
  {
    implementation: 'grpc-java',
    re: /\bStatus(?:Runtime)?Exception: ([A-Z_]+)\b/,
    status: (m) => canonicalStatusName(m[1]),
  },
  { implementation: 'grpc-python', re: /\bstatus = StatusCode\.([A-Z_]+)/, status: (m) => canonicalStatusName(m[1]) },
  {
    implementation: 'grpc-python',
    re: /<(?:_InactiveRpcError|_MultiThreadedRendezvous|_SingleThreadedRendezvous|_Rendezvous|AioRpcError) of RPC that terminated/,
  },
  { implementation: 'grpc-core', re: /grpc_status"?:\s?(\d{1,2})\b/, status: (m) => nameOfCode(Number(m[1])) },
  {
    implementation: 'grpc-js',
    re: new RegExp(`\\b(1[0-6]|[0-9]) (${NODE_NAMES}): `),
    status: (m) =>
      STATUS_CODES[m[2] as keyof typeof STATUS_CODES] === Number(m[1]) ? (m[2] as StatusName) : undefined,
  },
  {
    implementation: 'grpc-dotnet',
    re: /Status\(StatusCode="([A-Za-z]+)", Detail=/,
    status: (m) => canonicalStatusName(m[1]),
  },
  {
    implementation: 'grpc-csharp-legacy',
    re: /Status\(StatusCode=([A-Za-z]+), Detail=/,
    status: (m) => canonicalStatusName(m[1]),
  },
  { implementation: 'tonic', re: /\bstatus: ([A-Za-z]+), message: "/, status: (m) => canonicalStatusName(m[1]) },
  { implementation: 'tonic', re: /\bcode: '([^']{3,60})', message: "/, status: (m) => TONIC_DESCRIPTIONS[m[1]] },
];

function nameOfCode(code: number): StatusName | undefined {
  for (const [name, value] of Object.entries(STATUS_CODES)) if (value === code) return name as StatusName;
  return undefined;
}

/** Cheap gate: every wrapper contains one of these, so most lines skip the regexes. */
const WRAPPER_HINT =
  /rpc error|Exception: |StatusCode|RpcError|Rendezvous|grpc_status|[0-9] [A-Z]{2}|Status\(|status: |code: '/;

/** Finds the wrapper on one line, if any. */
export function detectWrapper(line: string): Wrapper | undefined {
  if (!WRAPPER_HINT.test(line)) return undefined;
  for (const rule of RULES) {
    const m = rule.re.exec(line);
    if (!m) continue;
    const name = rule.status?.(m);
    if (rule.status && !name) continue;
    return {
      implementation: rule.implementation,
      status: name ? { name, code: STATUS_CODES[name as keyof typeof STATUS_CODES] } : undefined,
    };
  }
  return undefined;
}

/**
 * Lines that repeat a message already shown by the incident's first line: Python `details = "…"` /
 * `debug_error_string = …`, Node's `details: '…'` dump, Java `Caused by:`, C-core `grpc_message`.
 */
export function isContinuationLine(line: string): boolean {
  return /^\s*(?:details|debug_error_string|message|grpc_message)\s*[:=]|grpc_message|^\s*Caused by: /.test(line);
}

/** Lines that belong to a status block printed over several lines (Python repr, Node error dump). */
export function isFieldLine(line: string): boolean {
  return /^\s*(?:details|debug_error_string|status|code|message)\s*[:=]/.test(line);
}

/** The regexes detectWrapper runs on whole lines (checked by a ReDoS analyser in the tests). */
export function wrapperRegexes(): RegExp[] {
  return [WRAPPER_HINT, ...RULES.map((r) => r.re)];
}
