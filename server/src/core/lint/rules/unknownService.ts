/** sc/unknown-service: Service not found in .proto files. */
import type { Node } from 'jsonc-parser';
import { didYouMean } from '../schema';
import { bilingual } from '../../l10n';
import { ALL, type Collector, fix, inner, q, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/unknown-service',
  title: bilingual('Service not found in .proto files'),
  docs: `**What** (only when \`.proto\` files were found): a \`service\` that no \`.proto\` defines, with did-you-mean
(\`Echo\` → \`echo.Echo\`: the package is part of the name). **Who**: accepted everywhere but never matches a
call — the policy is silently unused. **Fix**: the fully-qualified name.`,
};

/** The service's methods when the workspace's .proto files define it; undefined (reported) when they do not. */
export function check(
  out: Collector,
  service: string,
  serviceNode: Node | undefined,
): ReadonlyMap<string, unknown> | undefined {
  const index = out.ctx.protoIndex;
  if (!index || index.services.size === 0 || !service || serviceNode?.type !== 'string') return undefined;
  const methods = index.services.get(service);
  if (methods) return methods;
  const known = [...index.services.keys()];
  // `Echo` for `echo.Echo`: the package is missing.
  const suggestion =
    known.find((k) => k.toLowerCase().endsWith(`.${service.toLowerCase()}`)) ?? didYouMean(service, known);
  out.add(
    meta,
    'warning',
    serviceNode,
    suggestion
      ? bilingual(
          "No service {0} in the workspace's .proto files; did you mean {1}? A name that matches no service is silently never applied (use the full name, package included).",
          q(service),
          q(suggestion),
        )
      : bilingual(
          "No service {0} in the workspace's .proto files. A name that matches no service is silently never applied (use the full name, package included).",
          q(service),
        ),
    ALL('ignores'),
    suggestion ? [fix(bilingual('Change to {0}', q(suggestion)), inner(serviceNode), suggestion)] : [],
  );
  return undefined;
}
