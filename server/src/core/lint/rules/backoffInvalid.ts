/** sc/backoff-invalid: Invalid or inconsistent backoff. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { ALL, type Collector, fix, inner, missingKey, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/backoff-invalid',
  title: bilingual('Invalid or inconsistent backoff'),
  docs: `**What**: \`initialBackoff\`/\`maxBackoff\` missing or \`"0s"\`, or \`initialBackoff\` > \`maxBackoff\`. **Who**:
\`"0s"\`: rejected by C-core, grpc-go, Java; **grpc-js accepts it** (no check). Missing: rejected
everywhere. Inverted: accepted everywhere (warning: every retry waits about \`maxBackoff\`). **Fix**:
\`"0.1s"\` for zero; set \`initialBackoff\` to \`maxBackoff\` when inverted.`,
};

/** A backoff key is missing from the retry policy. */
export function checkMissing(out: Collector, policy: Node, key: 'initialBackoff' | 'maxBackoff'): undefined {
  missingKey(out, policy, key, meta);
  return undefined;
}

/** A backoff of "0s" (grpc-js alone accepts it); true when reported. */
export function checkZero(out: Collector, node: Node, key: string, seconds: number): boolean {
  if (seconds !== 0) return false;
  out.add(
    meta,
    'error',
    node,
    bilingual('{0} must be greater than 0.', key),
    { core: 'rejects', go: 'rejects', node: 'accepts', java: 'rejects' },
    [fix(bilingual('Change to "0.1s"'), node, '"0.1s"')],
    true,
  );
  return true;
}

/** initialBackoff above maxBackoff: every retry waits about maxBackoff. */
export function checkOrder(out: Collector, initial: Node, initialSeconds: number, max: Node, maxSeconds: number): void {
  if (initialSeconds > maxSeconds && maxSeconds > 0) {
    out.add(
      meta,
      'warning',
      initial,
      bilingual('initialBackoff is larger than maxBackoff: every retry waits about maxBackoff ({0}s).', maxSeconds),
      ALL('accepts'),
      [fix(bilingual('Set initialBackoff to {0}', max.value), inner(initial), String(max.value))],
    );
  }
}
