/** Types of a knowledge entry; the JSON Schema in knowledge/schema.json is the source of truth. */
import type { ImplementationId } from './implementations';

/** The gRPC status codes by number (0–16): the one list every part derives from. */
export const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

/** A status name; `NONE` where an entry's message carries no status of its own. */
export type StatusName = (typeof STATUS_NAMES)[number] | 'NONE';

export interface Status {
  name: StatusName;
  code: number;
}

export type Family =
  | 'server-graceful-stop'
  | 'server-hard-stop'
  | 'client-channel-closed'
  | 'connection-lost'
  | 'goaway'
  | 'keepalive'
  | 'server-unreachable'
  | 'deadline-exceeded'
  | 'client-cancelled'
  | 'negotiation-failure'
  | 'stream-protocol-error'
  | 'resource-limit'
  | 'unverified';

/** One id per gRPC implementation: shared/implementations.ts. */
export type Implementation = ImplementationId;

export type PatternLanguage =
  'go' | 'java' | 'kotlin' | 'python' | 'cpp' | 'ruby' | 'php' | 'node' | 'csharp' | 'rust' | 'any';

export interface Pattern {
  implementation: Implementation;
  language: PatternLanguage[];
  literal?: string;
  regex?: string;
  requiresWrapper?: boolean;
  wrappers?: Implementation[];
  status: Status;
  side: 'client' | 'server' | 'both';
  family: Family;
  /** Among hits on one line only the highest priority survives (default 0). */
  priority?: number;
  note?: string;
}

export interface Measurement {
  runs: number;
  successes: number;
  measuredWith: string;
  scenario: string;
  date: string;
  capture?: string;
}

/** A dead end measured by `npm run evidence`: in `didNotHelp` of `runs` the call still failed with it applied. */
export interface DeadEndMeasurement {
  runs: number;
  didNotHelp: number;
  measuredWith: string;
  scenario: string;
  date: string;
  capture?: string;
}

export type WorkaroundKind =
  | 'retry-policy'
  | 'wait-for-ready'
  | 'reconnect-loop'
  | 'graceful-shutdown'
  | 'keepalive-config'
  | 'deadline'
  | 'server-config'
  | 'upgrade'
  | 'other';

export interface Workaround {
  kind: WorkaroundKind;
  text: string;
  text_zh: string;
  code?: string;
  measurements?: Measurement[];
  /** The seed page's unmeasured claim; never shown as a fact. */
  claimedRate?: number;
}

export interface DeadEnd {
  text: string;
  text_zh: string;
  why: string;
  why_zh: string;
  measurements?: DeadEndMeasurement[];
  claimedFailRate?: number;
}

export interface Source {
  repository?: string;
  file?: string;
  since?: string;
  ref?: string;
  capture?: string;
}

export interface Evidence {
  kind: 'source-reading' | 'captured-run' | 'issue-report' | 'binary-strings';
  observed: string;
  by: string;
  ref?: string;
  implementation?: Implementation;
  version?: string;
  scenario?: string;
  count?: number;
}

/** One line of released source (a tag, never a branch). */
export interface SourceLine {
  repository: string;
  file: string;
  tag: string;
  line?: number;
  code?: string;
}

export type RetryRule =
  | 'gRFC A6 committed'
  | 'gRFC A6 uncommitted'
  | 'transparent retry'
  | 'implementation code path'
  | 'no retry support'
  | 'not a failed call';

export type VerifiedPackage =
  'grpcio' | 'grpc-go' | 'grpc-js' | 'grpc-java' | 'tonic' | 'tonic-build' | 'h2' | 'hyper' | 'hyper-util';

/** One text looked for in one package's released source (kb:verify). */
export interface VersionCheck {
  package: VerifiedPackage;
  text: string;
  files?: string[];
  since: string;
  until?: string;
  present: string[];
  absent: string[];
  at?: { tag?: string; file?: string; line?: number };
  note?: string;
}

export type VerificationMethod = 'source-checked' | 'source-read, not version-checked' | 'captured';

/** How an entry's messages and versions were verified. */
export interface Verification {
  method: VerificationMethod;
  date: string;
  note?: string;
  checks?: VersionCheck[];
  unchecked?: { text: string; why: string }[];
}

export type RetryVerdict =
  'no' | 'transparent' | 'before-first-response' | 'unary-only' | 'not-reliably' | 'yes' | 'n/a';

export interface KnowledgeEntry {
  id: string;
  title: string;
  title_zh: string;
  signature: string;
  signature_zh: string;
  regex: string;
  domain: 'grpc';
  category: string;
  family: Family;
  lookalike: boolean;
  status: Status;
  status_meaning: string;
  status_meaning_zh: string;
  root_cause: string;
  root_cause_zh: string;
  trigger: string;
  trigger_zh: string;
  retry: { policyHelps: RetryVerdict; text: string; text_zh: string; rule?: RetryRule; source?: SourceLine };
  /** The line that sets the status this entry claims. */
  status_source?: SourceLine;
  versions: {
    implementation: Implementation;
    version: string;
    status: string;
    introduced?: string;
    deprecated?: string;
    notes?: string;
  }[];
  patterns: Pattern[];
  examples: { match: string[]; noMatch: string[] };
  workarounds: Workaround[];
  dead_ends: DeadEnd[];
  sources: Source[];
  evidence: Evidence[];
  verified: boolean;
  verification: Verification;
  unverified_note?: string;
  unverified_note_zh?: string;
  docs: { title: string; url: string }[];
  related: string[];
  seed?: {
    originalText?: string;
    claimedFixRate?: number;
    claimedConfidence?: number;
    claimedEvidenceCount?: number;
    firstSeen?: string;
    aiGenerated?: boolean;
    tags?: string[];
  };
}

export const STATUS_CODES: Record<Exclude<StatusName, 'NONE'>, number> = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
};

/**
 * Where a diagnostic's code links to: the implementation's source file on GitHub (real, citable),
 * else the entry's first documentation link.
 */
export function entryHref(entry: Pick<KnowledgeEntry, 'sources' | 'docs'>): string | undefined {
  const src = entry.sources.find((s) => s.repository && s.file);
  if (src) return `https://github.com/${src.repository}/blob/master/${src.file}`;
  return entry.docs[0]?.url;
}
