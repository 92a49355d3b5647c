import type { StatusName } from '../../../../shared/knowledge';
import { compareVersions, type DependencyVersions } from '../versions';
import type { EditLanguage } from './text';

/** A `methodConfig.name` entry: `{}` (every method), `{service}` or `{service, method}`. */
export interface MethodName {
  service?: string;
  method?: string;
}

export interface RetryPlan {
  names: MethodName[];
  /** `name: [{}]`, chosen explicitly */
  wildcard: boolean;
  retryableStatusCodes: StatusName[];
  /** the chosen service has streaming methods (or the wildcard covers unknown ones) */
  coversStreams: boolean;
  /** version traps found in the project's dependency files */
  warnings: string[];
}

/** Codes that may be retried without knowing more: the server did not process the request. */
const ALWAYS_RETRYABLE: StatusName[] = ['UNAVAILABLE'];
/** Shutdown-related codes that can follow an executed call: retried only when the finding shows them. */
const RETRYABLE_WHEN_SEEN = new Set<StatusName>(['CANCELLED', 'INTERNAL', 'RESOURCE_EXHAUSTED']);

/** UNAVAILABLE, plus the finding's status when shutdowns produce it (CANCELLED, INTERNAL, RESOURCE_EXHAUSTED). */
export function retryableCodesFor(status?: StatusName): StatusName[] {
  return status && RETRYABLE_WHEN_SEEN.has(status) ? [...ALWAYS_RETRYABLE, status] : [...ALWAYS_RETRYABLE];
}

/**
 * Codes on which a stream is re-opened. Re-opening a read stream is idempotent, so CANCELLED (not caused by
 * us: the loops check their own cancellation first) is included; INTERNAL/RESOURCE_EXHAUSTED when seen.
 */
export function reconnectCodesFor(status?: StatusName): StatusName[] {
  const codes: StatusName[] = ['UNAVAILABLE', 'CANCELLED'];
  if (status && RETRYABLE_WHEN_SEEN.has(status) && !codes.includes(status)) codes.push(status);
  return codes;
}

/** Whether the implementation applies `waitForReady` from the service config (§1.2: grpc-js and .NET do not). */
export function honoursServiceConfigWaitForReady(language: EditLanguage): boolean {
  return language === 'python' || language === 'go' || language === 'java' || language === 'cpp';
}

export const RETRY_POLICY = { maxAttempts: 5, initialBackoff: '0.1s', maxBackoff: '1s', backoffMultiplier: 2 } as const;

/** The portable service config (§1.3) as a plain object. */
export function portableServiceConfig(plan: RetryPlan, language: EditLanguage): object {
  const methodConfig: Record<string, unknown> = { name: plan.wildcard ? [{}] : plan.names };
  if (honoursServiceConfigWaitForReady(language)) methodConfig.waitForReady = true;
  methodConfig.retryPolicy = { ...RETRY_POLICY, retryableStatusCodes: plan.retryableStatusCodes };
  return { methodConfig: [methodConfig] };
}

/** JSON with two-space indentation and one name object per line, as people write it. */
export function serviceConfigJson(plan: RetryPlan, language: EditLanguage): string {
  return JSON.stringify(portableServiceConfig(plan, language), null, 2)
    .replace(
      /\{\n\s+("service": "[^"]*"(?:,\n\s+"method": "[^"]*")?)\n\s+\}/g,
      (_, inner: string) => `{${inner.replace(/\n\s+/g, ' ')}}`,
    )
    .replace(/\[\n\s+(\{[^\n]*\})\n\s+\]/g, '[$1]')
    .replace(
      /\[\n\s+("[A-Z_]+"(?:,\n\s+"[A-Z_]+")*)\n\s+\]/g,
      (_, inner: string) => `[${inner.replace(/,\n\s+/g, ', ')}]`,
    );
}

const DEADLINE_HINT: Record<EditLanguage, string> = {
  python: 'timeout=',
  go: 'context.WithTimeout',
  typescript: '{ deadline }',
  javascript: '{ deadline }',
  java: 'stub.withDeadlineAfter',
  csharp: 'deadline:',
  cpp: 'ClientContext::set_deadline',
};

/** The comment lines above an inserted config (without comment markers). */
export function retryConfigComment(plan: RetryPlan, language: EditLanguage): string[] {
  const lines = [
    'gRPC Doctor: retry service config (portable: camelCase keys, UPPER_CASE codes, "0.1s" durations).',
    `Give every call a deadline (${DEADLINE_HINT[language]}): it bounds all attempts and the wait for a connection.`,
  ];
  if (language === 'typescript' || language === 'javascript') {
    lines.push(
      'grpc-js ignores waitForReady in a service config: pass new grpc.Metadata({ waitForReady: true }) per call.',
    );
  } else if (language === 'csharp') {
    lines.push(
      'Grpc.Net.Client has no waitForReady in the service config: use new CallOptions(...).WithWaitForReady().',
    );
  }
  if (plan.coversStreams)
    lines.push('A stream is retried only before its first response; one cut later needs a re-open loop.');
  if (plan.retryableStatusCodes.some((c) => c !== 'UNAVAILABLE')) {
    lines.push(
      `${plan.retryableStatusCodes.filter((c) => c !== 'UNAVAILABLE').join(', ')} can follow a call the server ran: keep them for idempotent methods.`,
    );
  }
  if (plan.wildcard)
    lines.push('WARNING: name [{}] retries every method, including non-idempotent ones that may then run twice.');
  for (const w of plan.warnings) lines.push(`WARNING: ${w}`);
  return lines;
}

interface Trap {
  key: keyof DependencyVersions;
  below: string;
  onlyWildcard?: boolean;
  text: (v: string) => string;
}

const TRAPS: Partial<Record<EditLanguage, Trap[]>> = {
  typescript: [
    { key: 'grpc-js', below: '1.8.0', text: (v) => `@grpc/grpc-js ${v} has no retries (needs >= 1.8.0)` },
    {
      key: 'grpc-js',
      below: '1.9.1',
      onlyWildcard: true,
      text: (v) => `@grpc/grpc-js ${v} throws on name [{}] (needs >= 1.9.1)`,
    },
  ],
  go: [
    {
      key: 'grpc-go',
      below: '1.41.0',
      text: (v) => `grpc-go ${v} retries only with GRPC_GO_RETRY=on (default from v1.41.0)`,
    },
    {
      key: 'grpc-go',
      below: '1.31.0',
      onlyWildcard: true,
      text: (v) => `grpc-go ${v} ignores name [{}] (needs >= v1.31.0)`,
    },
  ],
  python: [
    {
      key: 'grpcio',
      below: '1.40.0',
      text: (v) => `grpcio ${v} retries only with ("grpc.enable_retries", 1) (default from 1.40.0)`,
    },
  ],
  java: [
    {
      key: 'grpc-java',
      below: '1.40.0',
      text: (v) => `grpc-java ${v} retries only with enableRetry() (default from 1.40.0)`,
    },
    {
      key: 'grpc-java',
      below: '1.30.0',
      onlyWildcard: true,
      text: (v) => `grpc-java ${v} ignores name [{}] (needs >= 1.30.0)`,
    },
  ],
  csharp: [
    { key: 'Grpc.Net.Client', below: '2.36.0', text: (v) => `Grpc.Net.Client ${v} has no retries (needs >= 2.36.0)` },
  ],
};
TRAPS.javascript = TRAPS.typescript;

/** Version traps for a retry config in this language, given the declared dependency versions. */
export function retryVersionWarnings(language: EditLanguage, deps: DependencyVersions, wildcard: boolean): string[] {
  const out: string[] = [];
  for (const trap of TRAPS[language] ?? []) {
    const v = deps[trap.key];
    if (v && (!trap.onlyWildcard || wildcard) && compareVersions(v, trap.below) < 0) out.push(trap.text(v));
  }
  return out;
}

/** Two-space JSON indentation as tabs, so `layout` re-indents it with the file's unit. */
export function tabIndented(json: string): string {
  return json.replace(/^((?: {2})+)/gm, (m) => '\t'.repeat(m.length / 2));
}
