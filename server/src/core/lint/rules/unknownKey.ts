/** sc/unknown-key: Unknown or misspelled service-config key. */
import type { Node } from 'jsonc-parser';
import { didYouMean, GRPC_JS_ONLY_KEYS, KEYS, type Level } from '../schema';
import type { Verdicts } from '../types';
import * as wrongLevel from './wrongLevel';
import { bilingual } from '../../l10n';
import { type Collector, fix, inner, props, q, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/unknown-key',
  title: bilingual('Unknown or misspelled service-config key'),
  docs: `**What**: a key the schema does not know at that level (\`retry_policy\`, \`maxAttempt\`, \`RetryPolicy\`),
with "did you mean" (same letters ignoring case and \`_\`, or a small edit distance) and a rename fix. Also
grpc-js's own \`maxRequestBytes\`/\`maxResponseBytes\` (warning: only grpc-js knows them). **Why**: unknown
keys are ignored (gRPC A21), so a misspelled \`retryPolicy\` means *no retries and no error*. **Who**:
ignored everywhere — except grpc-go, whose JSON decoding matches keys case-insensitively, so
\`RetryPolicy\`/\`MaxAttempts\` work there only. A misspelled *required* key also triggers that key's rule
(e.g. \`maxAttempt\` → \`sc/max-attempts-range\` "needs maxAttempts", rejected). **Fix**: rename.`,
};

/** Unknown keys (with "did you mean"), keys that belong to another level (sc/wrong-level), grpc-js-only names. */
export function check(out: Collector, node: Node, level: Level): void {
  const known = KEYS[level];
  for (const { key, name } of props(node)) {
    if (known.includes(name)) continue;
    if (level === 'methodConfig' && name in GRPC_JS_ONLY_KEYS) {
      const standard = GRPC_JS_ONLY_KEYS[name];
      out.add(
        meta,
        'warning',
        key,
        bilingual("{0} is grpc-js's own name; other implementations only know {1}.", q(name), q(standard)),
        { core: 'ignores', go: 'ignores', node: 'accepts', java: 'ignores' },
        [fix(bilingual('Rename to {0}', q(standard)), inner(key), standard)],
      );
      continue;
    }
    if (wrongLevel.check(out, key, name, level)) continue;
    const suggestion = didYouMean(name, known);
    // Go's encoding/json matches field names case-insensitively, so `RetryPolicy` works there only.
    const goAccepts = suggestion !== undefined && suggestion.toLowerCase() === name.toLowerCase();
    const verdicts: Verdicts = {
      core: 'ignores',
      go: goAccepts ? 'accepts' : 'ignores',
      node: 'ignores',
      java: 'ignores',
    };
    if (suggestion) {
      out.add(
        meta,
        'error',
        key,
        bilingual('Unknown key {0} in {1}; did you mean {2}?', q(name), wrongLevel.LEVEL_LABEL[level], q(suggestion)),
        verdicts,
        [fix(bilingual('Rename to {0}', q(suggestion)), inner(key), suggestion)],
      );
    } else {
      out.add(
        meta,
        'error',
        key,
        bilingual('Unknown key {0} in {1}.', q(name), wrongLevel.LEVEL_LABEL[level]),
        verdicts,
      );
    }
  }
}
