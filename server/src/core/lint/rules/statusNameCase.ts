/** sc/status-name-case: Status name not in UPPER_CASE. */
import type { Node } from 'jsonc-parser';
import { STATUS_NAMES } from '../schema';
import { bilingual } from '../../l10n';
import { type Collector, fix, inner, q, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/status-name-case',
  title: bilingual('Status name not in UPPER_CASE'),
  docs: `**What**: a status name not in UPPER_CASE (\`"unavailable"\`). **Who**: only grpc-js accepts it (it
upper-cases); C-core (\`failed to parse status code\`), grpc-go (\`invalid code\`) and Java reject it. In a
JS/TS file this is a warning. **Fix**: upper-case.`,
};

/** A status name in the wrong case (grpc-js alone upper-cases it); true when reported. */
export function check(out: Collector, item: Node, value: string): boolean {
  const upper = value.toUpperCase();
  if (value === upper || !(STATUS_NAMES as readonly string[]).includes(upper)) return false;
  out.add(
    meta,
    'error',
    item,
    bilingual('Status names are UPPER_CASE: {0}.', q(upper)),
    { core: 'rejects', go: 'rejects', node: 'accepts', java: 'rejects' },
    [fix(bilingual('Change to {0}', q(upper)), inner(item), upper)],
    true,
  );
  return true;
}
