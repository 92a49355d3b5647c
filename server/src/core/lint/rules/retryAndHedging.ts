/** sc/retry-and-hedging: retryPolicy and hedgingPolicy together. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { type Collector, prop, props, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/retry-and-hedging',
  title: bilingual('retryPolicy and hedgingPolicy together'),
  docs: `**What**: one method config with both \`retryPolicy\` and \`hedgingPolicy\`. **Why**: the spec allows only
one. **Who**: grpc-js throws; Java fails each call; C-core and grpc-go do not implement hedging and
ignore it (the retry policy works). **Fix**: keep one.`,
};

export function check(out: Collector, mc: Node): void {
  if (!prop(mc, 'retryPolicy') || !prop(mc, 'hedgingPolicy')) return;
  const hedgingKey = props(mc).find((p) => p.name === 'hedgingPolicy')!.key;
  out.add(meta, 'error', hedgingKey, bilingual('A method config may have retryPolicy or hedgingPolicy, not both.'), {
    core: 'ignores',
    go: 'ignores',
    node: 'rejects',
    java: 'rejects',
  });
}
