/** sc/duplicate-method-name: Duplicate method-config name. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { ALL, type Collector, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/duplicate-method-name',
  title: bilingual('Duplicate method-config name'),
  docs: `**What**: the same \`{service, method}\` (or two \`{}\` defaults) in more than one method config (an empty
\`method\` equals a missing one). **Who**: rejected everywhere (\`duplicated name\`, \`multiple method configs
for path\`, \`duplicate default method config\`). **Fix**: merge the entries.`,
};

/** `seen` maps "service/method" to the first entry with that name, across the config's method configs. */
export function check(out: Collector, entry: Node, service: string, method: string, seen: Map<string, Node>): void {
  const key = `${service}/${method}`;
  if (!seen.has(key)) {
    seen.set(key, entry);
    return;
  }
  const what = service ? (method ? `${service}/${method}` : `service ${service}`) : 'the default {}';
  out.add(
    meta,
    'error',
    entry,
    bilingual('Duplicate name: {0} already appears in an earlier method config entry.', what),
    ALL('rejects'),
  );
}
