/** sc/wildcard-name: Policy applies to every method. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { ALL, type Collector, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/wildcard-name',
  title: bilingual('Policy applies to every method'),
  docs: `**What** (information): \`name: [{}]\` (or \`{"service": ""}\`) with a retry or hedging policy. **Why**: the
policy then covers every method, including non-idempotent ones; a unary call that the server already
executed is re-sent when the connection drops (measured: handler executed twice, retry-facts §3.4). In
JS/TS files a second note says grpc-js supports \`{}\` only since 1.9.1. **Who**: accepted everywhere.
**Fix**: name the idempotent services/methods.`,
};

/** The default name {} with a retry or hedging policy. */
export function check(out: Collector, entry: Node, service: string, hasPolicy: boolean): void {
  if (service || !hasPolicy) return;
  out.add(
    meta,
    'information',
    entry,
    bilingual(
      'The default name {} applies this policy to every method, including non-idempotent ones: a call the server already executed can run twice. Prefer listing services/methods.',
    ),
    ALL('accepts'),
  );
  if (out.ctx.impl === 'node') {
    out.add(
      meta,
      'information',
      entry,
      bilingual('grpc-js supports the default name {} since 1.9.1; older versions throw "Invalid method config name".'),
      ALL('accepts'),
    );
  }
}
