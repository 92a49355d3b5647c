/** One-line titles per lint rule code (docs/lint.md has the full text under the same headings). */
import { bilingual, type Text } from '../l10n';

export const RULE_TITLES: Record<string, Text> = {
  'sc/parse-error': bilingual('Service config is not valid JSON'),
  'sc/wrong-type': bilingual('Service-config value has the wrong type'),
  'sc/unknown-key': bilingual('Unknown or misspelled service-config key'),
  'sc/wrong-level': bilingual('Service-config key at the wrong level'),
  'sc/duration-format': bilingual('Invalid duration format'),
  'sc/max-attempts-range': bilingual('maxAttempts outside 2–5'),
  'sc/backoff-invalid': bilingual('Invalid or inconsistent backoff'),
  'sc/backoff-multiplier': bilingual('backoffMultiplier not greater than 0'),
  'sc/retryable-codes-empty': bilingual('retryableStatusCodes empty or missing'),
  'sc/status-name-case': bilingual('Status name not in UPPER_CASE'),
  'sc/status-as-number': bilingual('Status code given as a number'),
  'sc/unknown-status': bilingual('Unknown status code'),
  'sc/retry-and-hedging': bilingual('retryPolicy and hedgingPolicy together'),
  'sc/duplicate-method-name': bilingual('Duplicate method-config name'),
  'sc/method-without-service': bilingual('Method name without a service'),
  'sc/missing-name': bilingual('Method config without names'),
  'sc/wait-for-ready-ignored': bilingual('waitForReady ignored by grpc-js'),
  'sc/wildcard-name': bilingual('Policy applies to every method'),
  'sc/stream-retry-after-response': bilingual('Retry policy cannot re-open a stream'),
  'sc/retry-throttling-range': bilingual('retryThrottling out of range'),
  'sc/unknown-service': bilingual('Service not found in .proto files'),
  'sc/unknown-method': bilingual('Method not found in .proto files'),
};
