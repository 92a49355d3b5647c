/** sc/backoff-multiplier: backoffMultiplier not greater than 0. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { ALL, type Collector, fix, missingKey, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/backoff-multiplier',
  title: bilingual('backoffMultiplier not greater than 0'),
  docs: `**What**: \`backoffMultiplier\` missing, not a number, or ≤ 0. **Who**: rejected everywhere. **Fix**: set 2.`,
};

export function check(out: Collector, retry: Node, multiplier: Node | undefined): void {
  if (!multiplier) {
    missingKey(out, retry, 'backoffMultiplier', meta);
  } else if (multiplier.type !== 'number' || !(Number(multiplier.value) > 0)) {
    out.add(
      meta,
      'error',
      multiplier,
      bilingual('backoffMultiplier must be a number greater than 0.'),
      ALL('rejects'),
      [fix(bilingual('Set backoffMultiplier to 2'), multiplier, '2')],
      true,
    );
  }
}
