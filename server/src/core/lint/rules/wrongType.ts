/** sc/wrong-type: Service-config value has the wrong type. */
import type { Node } from 'jsonc-parser';
import type { Text } from '../../l10n';
import type { Verdicts } from '../types';
import { bilingual } from '../../l10n';
import { type Collector, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/wrong-type',
  title: bilingual('Service-config value has the wrong type'),
  docs: `**What**: a value has the wrong JSON type (\`"waitForReady": "yes"\`, \`methodConfig\` not an array, a name
that is not an object). **Who**: rejected everywhere (C-core: \`is not a boolean\`; Go: unmarshal error;
grpc-js: \`invalid waitForReady\`). **Fix**: use the type the schema asks for.`,
};

const TYPE_NAMES: Record<string, Text> = {
  object: bilingual('an object'),
  array: bilingual('an array'),
  boolean: bilingual('true or false'),
  number: bilingual('a number'),
  string: bilingual('a string'),
};

export type JsonType = 'object' | 'array' | 'boolean' | 'number' | 'string';

/** True when `node` has the type; else reports it (the caller then skips what is inside). */
export function check(out: Collector, node: Node, type: JsonType, what: string, verdicts: Verdicts): boolean {
  if (node.type === type) return true;
  out.add(meta, 'error', node, bilingual('{0} must be {1}.', what, TYPE_NAMES[type]), verdicts);
  return false;
}
