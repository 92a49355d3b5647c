/** sc/missing-name: Method config without names. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { ALL, type Collector, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/missing-name',
  title: bilingual('Method config without names'),
  docs: `**What**: a method config without \`name\`, or with \`name: []\`. **Who**: grpc-js throws for a missing
\`name\` (\`invalid name array\`); everyone else skips the entry, and \`[]\` is skipped everywhere — the policy
applies to nothing. **Fix**: list the services/methods, or \`[{}]\` for all.`,
};

/** No "name" list; true when reported. */
export function checkMissing(out: Collector, mc: Node, nameNode: Node | undefined): boolean {
  if (nameNode) return false;
  const anchor = mc.children?.length ? mc.children[0].children![0] : { offset: mc.offset, length: 1 };
  out.add(meta, 'error', anchor, bilingual('This method config has no "name" list, so it applies to no method.'), {
    core: 'ignores',
    go: 'ignores',
    node: 'rejects',
    java: 'ignores',
  });
  return true;
}

/** An empty "name" list; true when reported. */
export function checkEmpty(out: Collector, nameNode: Node): boolean {
  if (nameNode.children?.length) return false;
  out.add(
    meta,
    'error',
    nameNode,
    bilingual('An empty "name" list matches no method: this method config is skipped. Use [{}] for every method.'),
    ALL('ignores'),
  );
  return true;
}
