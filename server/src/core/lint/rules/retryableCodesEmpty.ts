/** sc/retryable-codes-empty: retryableStatusCodes empty or missing. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { ALL, type Collector, fix, missingKey, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/retryable-codes-empty',
  title: bilingual('retryableStatusCodes empty or missing'),
  docs: `**What**: \`retryableStatusCodes\` missing or \`[]\`. **Who**: rejected everywhere (\`must be non-empty\`).
**Fix**: \`["UNAVAILABLE"]\`.`,
};

/** Missing or empty retryableStatusCodes; true when the list is there and has items to check. */
export function check(out: Collector, retry: Node, codes: Node | undefined): codes is Node {
  if (!codes) {
    missingKey(out, retry, 'retryableStatusCodes', meta);
    return false;
  }
  if (codes.type === 'array' && !codes.children?.length) {
    out.add(
      meta,
      'error',
      codes,
      bilingual('retryableStatusCodes must list at least one status code (e.g. "UNAVAILABLE").'),
      ALL('rejects'),
      [fix(bilingual('Retry on UNAVAILABLE'), codes, '["UNAVAILABLE"]')],
      true,
    );
    return false;
  }
  return true;
}
