/** sc/parse-error: Service config is not valid JSON. */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { ALL, type Collector, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/parse-error',
  title: bilingual('Service config is not valid JSON'),
  docs: `**What**: the config is not strict JSON (syntax error, comment, trailing comma). **Why**: every
implementation parses with a strict JSON parser. **Who**: rejected everywhere. **Fix**: make it valid
JSON; comments are not allowed.`,
};

/** Reports strict-JSON errors; returns the tree (undefined when nothing parsed). */
export function check(out: Collector, text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const reported = new Set<number>();
  for (const e of errors) {
    if (reported.has(e.offset)) continue; // the parser reports one bad token several ways
    reported.add(e.offset);
    const name = printParseErrorCode(e.error);
    // An error at the end of the text (truncated JSON) marks the last character, never past the end.
    const start = Math.max(0, Math.min(e.offset, text.length - 1));
    const length = Math.min(Math.max(1, e.length), text.length - start);
    out.add(meta, 'error', { offset: start, length }, bilingual('Not valid JSON ({0}).', name), ALL('rejects'));
  }
  return root;
}
