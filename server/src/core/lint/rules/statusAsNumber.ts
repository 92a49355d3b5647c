/** sc/status-as-number: Status code given as a number. */
import type { Node } from 'jsonc-parser';
import { STATUS_NAMES } from '../schema';
import { bilingual } from '../../l10n';
import { type Collector, fix, q, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/status-as-number',
  title: bilingual('Status code given as a number'),
  docs: `**What**: a status code as a number (\`[14]\`). **Who**: C-core rejects (\`is not a string\`); grpc-go,
grpc-js and Java accept. Error in Python files and \`.json\`, warning in Go/JS files. **Fix**: the name
(\`14\` → \`"UNAVAILABLE"\`).`,
};

/** A valid status code given as a number (C-core rejects it); true when reported. */
export function check(out: Collector, item: Node): boolean {
  if (item.type !== 'number') return false;
  const n = Number(item.value);
  const name = Number.isInteger(n) && n >= 0 && n < STATUS_NAMES.length ? STATUS_NAMES[n] : undefined;
  if (!name) return false;
  out.add(
    meta,
    'error',
    item,
    bilingual('Status code {0} given as a number; write {1}.', n, q(name)),
    { core: 'rejects', go: 'accepts', node: 'accepts', java: 'accepts' },
    [fix(bilingual('Change to {0}', q(name)), item, q(name))],
    true,
  );
  return true;
}
