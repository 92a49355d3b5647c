/** sc/max-attempts-range: maxAttempts outside 2–5. */
import type { Node } from 'jsonc-parser';
import type { Verdicts } from '../types';
import { bilingual } from '../../l10n';
import { ALL, type Collector, fix, missingKey, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/max-attempts-range',
  title: bilingual('maxAttempts outside 2–5'),
  docs: `**What**: \`maxAttempts\` missing, not an integer, below 2, or above 5. **Who**: missing / < 2 /
fractional: rejected everywhere (grpc-go only since v1.70.0; before, the policy was dropped silently). A
string \`"3"\`: C-core accepts, others reject. > 5: accepted and clamped to 5 (information). **Fix**: set 2
(below range), clamp to 5 (above), use the number (string).`,
};

/** maxAttempts of a retry or hedging policy; `invalid` says what each implementation does with an invalid value. */
export function check(out: Collector, node: Node | undefined, policy: Node, invalid: Verdicts): void {
  if (!node) {
    missingKey(out, policy, 'maxAttempts', meta, invalid);
    return;
  }
  const value = node.value;
  if (node.type === 'string' && /^\d+$/.test(String(value))) {
    // C-core parses numbers given as strings; Go's int field and grpc-js's Number.isInteger do not.
    out.add(
      meta,
      'error',
      node,
      bilingual('maxAttempts must be a JSON number, not a string.'),
      { ...invalid, core: invalid.core === 'rejects' ? 'accepts' : invalid.core },
      [fix(bilingual('Use the number {0}', value), node, String(value))],
      true,
    );
    return;
  }
  if (node.type !== 'number' || !Number.isInteger(value)) {
    out.add(meta, 'error', node, bilingual('maxAttempts must be an integer from 2 to 5.'), invalid, [], true);
    return;
  }
  if (value < 2) {
    out.add(
      meta,
      'error',
      node,
      bilingual('maxAttempts {0} is below 2 (the first attempt counts): the policy is invalid.', value),
      invalid,
      [fix(bilingual('Set maxAttempts to 2'), node, '2')],
      true,
    );
  } else if (value > 5) {
    out.add(
      meta,
      'information',
      node,
      bilingual('maxAttempts {0} is clamped to 5 by default in every implementation.', value),
      ALL('accepts'),
      [fix(bilingual('Set maxAttempts to 5'), node, '5')],
    );
  }
}
