/** sc/retry-throttling-range: retryThrottling out of range. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { ALL, type Collector, fix, missingKey, prop, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/retry-throttling-range',
  title: bilingual('retryThrottling out of range'),
  docs: `**What**: \`retryThrottling\` without \`maxTokens\`/\`tokenRatio\`, \`maxTokens\` ≤ 0, > 1000 or fractional,
\`tokenRatio\` ≤ 0. **Who**: > 1000: grpc-go and grpc-js reject, **C-core and Java accept**; fractional
\`maxTokens\` (\`10.5\`): **C-core rejects**, the others accept; ≤ 0 / missing: rejected everywhere. **Fix**:
clamp to 1000; round.`,
};

export function check(out: Collector, node: Node): void {
  const tokens = prop(node, 'maxTokens');
  const ratio = prop(node, 'tokenRatio');
  if (!tokens || !ratio) {
    missingKey(out, node, tokens ? 'tokenRatio' : 'maxTokens', meta);
  }
  if (tokens) {
    const v = Number(tokens.value);
    if (tokens.type !== 'number' || v <= 0) {
      out.add(
        meta,
        'error',
        tokens,
        bilingual('retryThrottling.maxTokens must be a number in (0, 1000].'),
        ALL('rejects'),
      );
    } else if (v > 1000) {
      out.add(
        meta,
        'error',
        tokens,
        bilingual('retryThrottling.maxTokens {0} is above 1000.', v),
        { core: 'accepts', go: 'rejects', node: 'rejects', java: 'accepts' },
        [fix(bilingual('Set maxTokens to 1000'), tokens, '1000')],
      );
    } else if (!Number.isInteger(v)) {
      out.add(
        meta,
        'error',
        tokens,
        bilingual('retryThrottling.maxTokens {0} is not an integer.', v),
        { core: 'rejects', go: 'accepts', node: 'accepts', java: 'accepts' },
        [fix(bilingual('Set maxTokens to {0}', Math.round(v) || 1), tokens, String(Math.round(v) || 1))],
      );
    }
  }
  if (ratio && (ratio.type !== 'number' || !(Number(ratio.value) > 0))) {
    out.add(
      meta,
      'error',
      ratio,
      bilingual('retryThrottling.tokenRatio must be a number greater than 0.'),
      ALL('rejects'),
    );
  }
}
