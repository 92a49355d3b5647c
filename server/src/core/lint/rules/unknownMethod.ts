/** sc/unknown-method: Method not found in .proto files. */
import type { Node } from 'jsonc-parser';
import { didYouMean } from '../schema';
import { bilingual } from '../../l10n';
import { ALL, type Collector, fix, inner, q, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/unknown-method',
  title: bilingual('Method not found in .proto files'),
  docs: `**What**: a \`method\` the named service does not have, with did-you-mean and fix. **Who**: as
\`sc/unknown-service\`.`,
};

/** `methods`: the named service's methods from the .proto files. */
export function check(
  out: Collector,
  methods: ReadonlyMap<string, unknown>,
  service: string,
  method: string,
  methodNode: Node | undefined,
): void {
  if (!method || methodNode?.type !== 'string' || methods.has(method)) return;
  const suggestion = didYouMean(method, [...methods.keys()]);
  out.add(
    meta,
    'warning',
    methodNode,
    suggestion
      ? bilingual(
          'Service {0} has no method {1}; did you mean {2}? This name is silently never applied.',
          q(service),
          q(method),
          q(suggestion),
        )
      : bilingual('Service {0} has no method {1}. This name is silently never applied.', q(service), q(method)),
    ALL('ignores'),
    suggestion ? [fix(bilingual('Change to {0}', q(suggestion)), inner(methodNode), suggestion)] : [],
  );
}
