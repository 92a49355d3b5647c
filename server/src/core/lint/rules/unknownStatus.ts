/** sc/unknown-status: Unknown status code. */
import type { Node } from 'jsonc-parser';
import { didYouMean, STATUS_NAMES } from '../schema';
import { bilingual } from '../../l10n';
import { ALL, type Collector, fix, inner, q, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/unknown-status',
  title: bilingual('Unknown status code'),
  docs: `**What**: a name that is no status code (\`"CANCELED"\`, \`"TIMEOUT"\`), a number outside 0–16, or \`"OK"\`.
**Who**: unknown names/numbers are rejected everywhere (did-you-mean + fix, e.g. \`CANCELLED\`). \`"OK"\`:
accepted by C-core, Go, grpc-js (it never fails a call, so it does nothing), rejected by Java (warning).`,
};

/** A number that is no status code; true when reported. */
export function checkNumber(out: Collector, item: Node): boolean {
  if (item.type !== 'number') return false;
  out.add(
    meta,
    'error',
    item,
    bilingual('{0} is not a gRPC status code (0–16).', item.value),
    ALL('rejects'),
    [],
    true,
  );
  return true;
}

/** "OK" (does nothing; grpc-java rejects it); true when reported. */
export function checkOk(out: Collector, item: Node, value: string): boolean {
  if (value !== 'OK') return false;
  out.add(meta, 'warning', item, bilingual('OK is not a failure: listing it does nothing (grpc-java rejects it).'), {
    core: 'accepts',
    go: 'accepts',
    node: 'accepts',
    java: 'rejects',
  });
  return true;
}

/** A name that is no status code, with "did you mean". */
export function checkName(out: Collector, item: Node, value: string): void {
  const suggestion = didYouMean(
    value.toUpperCase(),
    STATUS_NAMES.filter((s) => s !== 'OK'),
  );
  out.add(
    meta,
    'error',
    item,
    suggestion
      ? bilingual('{0} is not a gRPC status code; did you mean {1}?', q(value), q(suggestion))
      : bilingual('{0} is not a gRPC status code.', q(value)),
    ALL('rejects'),
    suggestion ? [fix(bilingual('Change to {0}', q(suggestion)), inner(item), suggestion)] : [],
    true,
  );
}
