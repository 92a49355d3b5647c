/**
 * Service configs for the differential test: each is run through real grpc-js, grpcio and grpc-go and
 * the observed outcome is compared with the lint's verdicts. Every config targets /probe.Svc/Call on a
 * loopback server that always answers UNAVAILABLE, with a fast retry policy unless the case changes it.
 *
 * probe 'retries': accepted configs are told apart by counting attempts (1 = the policy was ignored).
 * probe 'errors': only "rejected or not" is compared (the effect is not observable with one unary call).
 */
export interface DifferentialCase {
  id: string;
  config: string;
  probe: 'retries' | 'errors';
}

export const PROBE_PATH = '/probe.Svc/Call';

const policy = (over: Record<string, unknown> = {}, drop: string[] = []): Record<string, unknown> => {
  const p: Record<string, unknown> = {
    maxAttempts: 3,
    initialBackoff: '0.01s',
    maxBackoff: '0.05s',
    backoffMultiplier: 2,
    retryableStatusCodes: ['UNAVAILABLE'],
    ...over,
  };
  for (const k of drop) delete p[k];
  return p;
};
const NAME = [{ service: 'probe.Svc' }];
const mc = (extra: Record<string, unknown>): string => JSON.stringify({ methodConfig: [{ name: NAME, ...extra }] });
const withPolicy = (over: Record<string, unknown> = {}, drop: string[] = []): string =>
  mc({ retryPolicy: policy(over, drop) });

export const CASES: DifferentialCase[] = [
  { id: 'valid', config: withPolicy(), probe: 'retries' },
  { id: 'parse-error-trailing-comma', config: withPolicy().replace(/}]}$/, ',}]}'), probe: 'errors' },
  { id: 'unknown-key-snake', config: mc({ retry_policy: policy() }), probe: 'retries' },
  { id: 'unknown-key-pascal', config: mc({ RetryPolicy: policy() }), probe: 'retries' },
  { id: 'unknown-key-typo', config: withPolicy().replace('"maxAttempts"', '"maxAttempt"'), probe: 'errors' },
  {
    id: 'wrong-level-top',
    config: JSON.stringify({ methodConfig: [{ name: NAME }], retryPolicy: policy() }),
    probe: 'retries',
  },
  { id: 'duration-leading-dot', config: withPolicy({ initialBackoff: '.01s' }), probe: 'retries' },
  { id: 'duration-ms', config: withPolicy({ initialBackoff: '10ms' }), probe: 'errors' },
  { id: 'duration-number', config: withPolicy({ maxBackoff: 0.05 }), probe: 'errors' },
  { id: 'duration-no-s', config: withPolicy({ maxBackoff: '0.05' }), probe: 'errors' },
  { id: 'duration-upper-s', config: withPolicy({ maxBackoff: '0.05S' }), probe: 'errors' },
  { id: 'timeout-object', config: mc({ timeout: { seconds: 5, nanos: 0 }, retryPolicy: policy() }), probe: 'errors' },
  { id: 'max-attempts-1', config: withPolicy({ maxAttempts: 1 }), probe: 'errors' },
  { id: 'max-attempts-7', config: withPolicy({ maxAttempts: 7 }), probe: 'retries' },
  { id: 'max-attempts-string', config: withPolicy({ maxAttempts: '3' }), probe: 'retries' },
  { id: 'max-attempts-missing', config: withPolicy({}, ['maxAttempts']), probe: 'errors' },
  { id: 'backoff-zero', config: withPolicy({ initialBackoff: '0s' }), probe: 'retries' },
  { id: 'backoff-inverted', config: withPolicy({ initialBackoff: '0.05s', maxBackoff: '0.01s' }), probe: 'retries' },
  { id: 'backoff-missing', config: withPolicy({}, ['maxBackoff']), probe: 'errors' },
  { id: 'multiplier-zero', config: withPolicy({ backoffMultiplier: 0 }), probe: 'errors' },
  { id: 'codes-empty', config: withPolicy({ retryableStatusCodes: [] }), probe: 'errors' },
  { id: 'codes-missing', config: withPolicy({}, ['retryableStatusCodes']), probe: 'errors' },
  { id: 'codes-lower-case', config: withPolicy({ retryableStatusCodes: ['unavailable'] }), probe: 'retries' },
  { id: 'codes-number', config: withPolicy({ retryableStatusCodes: [14] }), probe: 'retries' },
  { id: 'codes-number-17', config: withPolicy({ retryableStatusCodes: [17] }), probe: 'errors' },
  {
    id: 'codes-misspelled',
    config: withPolicy({ retryableStatusCodes: ['UNAVAILABLE', 'CANCELED'] }),
    probe: 'errors',
  },
  { id: 'codes-ok', config: withPolicy({ retryableStatusCodes: ['UNAVAILABLE', 'OK'] }), probe: 'retries' },
  {
    id: 'retry-and-hedging',
    config: mc({ retryPolicy: policy(), hedgingPolicy: { maxAttempts: 3, hedgingDelay: '0.01s' } }),
    probe: 'errors',
  },
  {
    id: 'duplicate-name',
    config: JSON.stringify({
      methodConfig: [
        { name: NAME, retryPolicy: policy() },
        { name: NAME, timeout: '5s' },
      ],
    }),
    probe: 'errors',
  },
  {
    id: 'duplicate-default',
    config: JSON.stringify({
      methodConfig: [
        { name: [{}], timeout: '5s' },
        { name: [{}], retryPolicy: policy() },
      ],
    }),
    probe: 'errors',
  },
  {
    id: 'wildcard-name',
    config: JSON.stringify({ methodConfig: [{ name: [{}], retryPolicy: policy() }] }),
    probe: 'retries',
  },
  {
    id: 'method-without-service',
    config: JSON.stringify({ methodConfig: [{ name: [{ method: 'Call' }], retryPolicy: policy() }] }),
    probe: 'errors',
  },
  {
    id: 'method-with-empty-service',
    config: JSON.stringify({ methodConfig: [{ name: [{ service: '', method: 'Call' }], retryPolicy: policy() }] }),
    probe: 'retries',
  },
  { id: 'name-missing', config: JSON.stringify({ methodConfig: [{ retryPolicy: policy() }] }), probe: 'retries' },
  {
    id: 'name-empty',
    config: JSON.stringify({ methodConfig: [{ name: [], retryPolicy: policy() }] }),
    probe: 'retries',
  },
  {
    id: 'unknown-method',
    config: JSON.stringify({
      methodConfig: [{ name: [{ service: 'probe.Svc', method: 'Cal' }], retryPolicy: policy() }],
    }),
    probe: 'retries',
  },
  {
    id: 'unknown-service',
    config: JSON.stringify({ methodConfig: [{ name: [{ service: 'Svc' }], retryPolicy: policy() }] }),
    probe: 'retries',
  },
  { id: 'wait-for-ready-string', config: mc({ waitForReady: 'yes', retryPolicy: policy() }), probe: 'errors' },
  {
    id: 'throttling-2000',
    config: JSON.stringify({
      methodConfig: [{ name: NAME, retryPolicy: policy() }],
      retryThrottling: { maxTokens: 2000, tokenRatio: 0.1 },
    }),
    probe: 'retries',
  },
  {
    id: 'throttling-fraction',
    config: JSON.stringify({
      methodConfig: [{ name: NAME, retryPolicy: policy() }],
      retryThrottling: { maxTokens: 10.5, tokenRatio: 0.1 },
    }),
    probe: 'retries',
  },
  {
    id: 'throttling-ratio-zero',
    config: JSON.stringify({
      methodConfig: [{ name: NAME, retryPolicy: policy() }],
      retryThrottling: { maxTokens: 10, tokenRatio: 0 },
    }),
    probe: 'errors',
  },
];
