/** sc/wrong-level: Service-config key at the wrong level. */
import type { Node } from 'jsonc-parser';
import type { Text } from '../../l10n';
import { homeLevel, type Level } from '../schema';
import { bilingual } from '../../l10n';
import { ALL, type Collector, q, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/wrong-level',
  title: bilingual('Service-config key at the wrong level'),
  docs: `**What**: a known key at another level: \`retryPolicy\`, \`name\`, \`timeout\`, \`waitForReady\` at the top
level; \`retryThrottling\` inside a method config; \`maxAttempts\` directly in a method config. **Who**:
ignored everywhere. **Fix**: move it (\`retryPolicy\` inside a \`methodConfig\` entry, \`retryThrottling\` at
the top level).`,
};

export const LEVEL_LABEL: Record<Level, Text | string> = {
  top: bilingual('the top level'),
  methodConfig: bilingual('a methodConfig entry'),
  name: bilingual('a name entry'),
  retryPolicy: 'retryPolicy',
  hedgingPolicy: 'hedgingPolicy',
  retryThrottling: 'retryThrottling',
};

/** A known key at another level; true when reported. */
export function check(out: Collector, key: Node, name: string, level: Level): boolean {
  const home = homeLevel(name);
  if (!home || home === level) return false;
  out.add(
    meta,
    'error',
    key,
    bilingual('{0} belongs in {1}, not in {2}: here it has no effect.', q(name), LEVEL_LABEL[home], LEVEL_LABEL[level]),
    ALL('ignores'),
  );
  return true;
}
