/** The per-implementation sentence appended to a lint message (en + zh-cn). */
import { IMPLEMENTATIONS } from '../../../../shared/implementations';
import { bilingual, type Text } from '../l10n';
import {
  SC_IMPLEMENTATION_ID,
  SC_IMPLEMENTATIONS,
  type LintSeverity,
  type ScImplementation,
  type Verdicts,
} from './types';

/** Short names from the registry (shared/implementations.ts). */
export const IMPLEMENTATION_NAMES = Object.fromEntries(
  SC_IMPLEMENTATIONS.map((i) => [i, IMPLEMENTATIONS[SC_IMPLEMENTATION_ID[i]].short]),
) as Record<ScImplementation, string>;

const NONE: Text = { en: '', zh: '' };

const REJECT_NOTE: Record<ScImplementation, Text> = {
  core: bilingual(
    'grpcio/C-core does not raise: the channel is created "lame" and every RPC fails with INVALID_ARGUMENT.',
  ),
  go: bilingual('grpc-go: grpc.NewClient returns an error.'),
  node: bilingual('grpc-js: the client constructor throws.'),
  java: bilingual('grpc-java: build() throws IllegalStateException.'),
};

function list(impls: ScImplementation[]): string {
  return impls.map((i) => IMPLEMENTATION_NAMES[i]).join(', ');
}

/**
 * With a known implementation: what exactly happens there. Without: who rejects and who ignores.
 * `retryPolicyError` adds grpc-go's version history for retry-policy validation.
 */
export function implementationNote(
  verdicts: Verdicts,
  impl: ScImplementation | undefined,
  retryPolicyError = false,
): Text {
  if (impl) {
    const v = verdicts[impl];
    if (v === 'rejects') {
      if (impl === 'go' && retryPolicyError) {
        return bilingual(
          'grpc-go: grpc.NewClient returns an error (retry-policy errors only since v1.70.0; older versions silently drop the retry policy).',
        );
      }
      return REJECT_NOTE[impl];
    }
    const name = IMPLEMENTATION_NAMES[impl];
    if (v === 'ignores') return bilingual('{0} silently ignores it: no error, no effect.', name);
    const rejecters = SC_IMPLEMENTATIONS.filter((i) => verdicts[i] === 'rejects');
    if (!rejecters.length) return NONE;
    return bilingual('{0} accepts this, but {1} reject it.', name, list(rejecters));
  }
  const rejecters = SC_IMPLEMENTATIONS.filter((i) => verdicts[i] === 'rejects');
  const ignorers = SC_IMPLEMENTATIONS.filter((i) => verdicts[i] === 'ignores');
  if (rejecters.length === SC_IMPLEMENTATIONS.length) return bilingual('Every implementation rejects it.');
  if (ignorers.length === SC_IMPLEMENTATIONS.length) return bilingual('Every implementation silently ignores it.');
  if (rejecters.length && ignorers.length)
    return bilingual('Rejected by {0}; silently ignored by {1}.', list(rejecters), list(ignorers));
  if (rejecters.length) return bilingual('Rejected by {0}.', list(rejecters));
  if (ignorers.length) return bilingual('Silently ignored by {0}.', list(ignorers));
  return NONE;
}

/** A portability problem is only a warning where the file's implementation accepts it. */
export function severityFor(base: LintSeverity, verdicts: Verdicts, impl: ScImplementation | undefined): LintSeverity {
  if (!impl || base !== 'error') return base;
  return verdicts[impl] === 'accepts' ? 'warning' : base;
}
