/** sc/method-without-service: Method name without a service. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { type Collector, q, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/method-without-service',
  title: bilingual('Method name without a service'),
  docs: `**What**: a name with \`method\` but no or empty \`service\`. **Who**: grpc-go, grpc-js, Java reject it.
C-core rejects a *missing* service but takes \`"service": ""\` as the **default for every method** (the
retry policy then applies everywhere). **Fix**: add the fully-qualified service.`,
};

/** A method without a service; true when reported (the entry is then not checked further). */
export function check(
  out: Collector,
  entry: Node,
  serviceNode: Node | undefined,
  service: string,
  method: string,
): boolean {
  if (service || !method) return false;
  // C-core treats {"service": "", "method": "X"} as the global default; a missing service is an error there.
  const emptyService = serviceNode !== undefined;
  out.add(
    meta,
    'error',
    entry,
    emptyService
      ? bilingual(
          '"method": {0} needs a "service" (grpcio/C-core takes this entry as the default for every method).',
          q(method),
        )
      : bilingual('"method": {0} needs a "service".', q(method)),
    { core: emptyService ? 'accepts' : 'rejects', go: 'rejects', node: 'rejects', java: 'rejects' },
  );
  return true;
}
