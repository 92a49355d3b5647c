/** The service-config JSON schema as the lint needs it: keys per level, status codes, durations. */

export type Level = 'top' | 'methodConfig' | 'name' | 'retryPolicy' | 'hedgingPolicy' | 'retryThrottling';

export const KEYS: Record<Level, readonly string[]> = {
  top: ['loadBalancingConfig', 'loadBalancingPolicy', 'methodConfig', 'retryThrottling', 'healthCheckConfig'],
  methodConfig: [
    'name',
    'waitForReady',
    'timeout',
    'maxRequestMessageBytes',
    'maxResponseMessageBytes',
    'retryPolicy',
    'hedgingPolicy',
  ],
  name: ['service', 'method'],
  retryPolicy: [
    'maxAttempts',
    'initialBackoff',
    'maxBackoff',
    'backoffMultiplier',
    'retryableStatusCodes',
    'perAttemptRecvTimeout',
  ],
  hedgingPolicy: ['maxAttempts', 'hedgingDelay', 'nonFatalStatusCodes'],
  retryThrottling: ['maxTokens', 'tokenRatio'],
};

/** Where a key found at the wrong level belongs (first level that has it). */
export function homeLevel(key: string): Level | undefined {
  return (Object.keys(KEYS) as Level[]).find((level) => KEYS[level].includes(key));
}

/** grpc-js's own names for the message-size limits (it ignores the standard ones). */
export const GRPC_JS_ONLY_KEYS: Record<string, string> = {
  maxRequestBytes: 'maxRequestMessageBytes',
  maxResponseBytes: 'maxResponseMessageBytes',
};

export { STATUS_NAMES } from '../../../../shared/knowledge';

/** Codes a client sees when a server shuts down under a long-lived stream (retry-facts §3.3). */
export const SHUTDOWN_CODES = new Set(['UNAVAILABLE', 'CANCELLED', 'INTERNAL']);

/** The duration form every implementation accepts: proto3 JSON, leading digit, ≤ 9 fraction digits. */
export const PORTABLE_DURATION = /^\d+(\.\d{1,9})?s$/;

/** Levenshtein distance, capped: returns max+1 as soon as it is exceeded. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

const normalise = (s: string): string => s.toLowerCase().replace(/[_\-\s]/g, '');

/** Best candidate for a misspelled name: same letters ignoring case and `_`, else small edit distance. */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const n = normalise(name);
  const same = candidates.find((c) => normalise(c) === n);
  if (same) return same;
  const limit = name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(n, normalise(c), limit);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}
