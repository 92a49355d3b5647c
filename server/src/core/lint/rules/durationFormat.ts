/** sc/duration-format: Invalid duration format. */
import type { Node } from 'jsonc-parser';
import type { Text } from '../../l10n';
import { PORTABLE_DURATION } from '../schema';
import type { Verdicts } from '../types';
import { bilingual } from '../../l10n';
import { ALL, type Collector, fix, q, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/duration-format',
  title: bilingual('Invalid duration format'),
  docs: `**What**: \`initialBackoff\`, \`maxBackoff\`, \`hedgingDelay\` or \`timeout\` not in the portable form
\`^\\d+(\\.\\d{1,9})?s$\`: \`".5s"\`, \`"100ms"\`, \`"1"\`, \`1\`, \`"1.5S"\`, negative values, a \`{seconds, nanos}\`
object. **Who**: \`".5s"\` is accepted by grpc-go only (C-core: \`Not a duration (not a number of
seconds)\`, grpc-js regex, Java \`parseLong\`); the object form by grpc-js only; everything else is rejected
everywhere. **Fix**: offered for \`".5s"\` → \`"0.5s"\`, units → seconds (\`"250ms"\` → \`"0.25s"\`), missing
\`s\`, upper-case \`S\`, bare numbers → \`"Ns"\`.`,
};

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, min: 60, h: 3600 };

/** Checks one Duration value; returns its seconds when it is in the portable form, else undefined. */
export function check(out: Collector, node: Node, key: string): number | undefined {
  const bad = (text: Text, verdicts: Verdicts, replacement?: string): undefined => {
    const fixes = replacement ? [fix(bilingual('Change to {0}', q(replacement)), node, q(replacement))] : [];
    out.add(meta, 'error', node, text, verdicts, fixes, key !== 'timeout');
    return undefined;
  };
  const form = bilingual('{0} must be a string like "0.1s" (seconds, leading digit, "s" suffix)', key);
  if (node.type === 'number') {
    return bad(bilingual('{0}, not a number.', form), { ...ALL('rejects') }, `${node.value}s`);
  }
  if (node.type === 'object' && key === 'timeout') {
    return bad(bilingual('{0}; the {seconds, nanos} object form is grpc-js only.', form), {
      core: 'rejects',
      go: 'rejects',
      node: 'accepts',
      java: 'rejects',
    });
  }
  if (node.type !== 'string') return bad(bilingual('{0}.', form), ALL('rejects'));
  const value = String(node.value);
  if (!PORTABLE_DURATION.test(value)) {
    const unit = value.length <= 64 ? /^(\d*\.?\d+)\s*(ns|us|µs|ms|s|m|min|h)$/i.exec(value.trim()) : null; // bounded input
    if (/^\.\d{1,9}s$/.test(value)) {
      return bad(
        bilingual('{0}: {1} lacks the leading 0.', form, q(value)),
        { core: 'rejects', go: 'accepts', node: 'rejects', java: 'rejects' },
        `0${value}`,
      );
    }
    if (/^\d+(\.\d{1,9})?$/.test(value)) {
      return bad(bilingual('{0}: {1} has no "s".', form, q(value)), ALL('rejects'), `${value}s`);
    }
    if (/^\d+(\.\d{1,9})?S$/.test(value)) {
      return bad(bilingual('{0}: the suffix is a lower-case "s".', form), ALL('rejects'), value.toLowerCase());
    }
    if (unit && unit[2].toLowerCase() !== 's') {
      const seconds = Number(unit[1]) * UNIT_SECONDS[unit[2].toLowerCase()];
      const replacement = `${Number(seconds.toFixed(9))}s`;
      return bad(
        bilingual('{0}: {1} uses another unit.', form, q(value)),
        ALL('rejects'),
        PORTABLE_DURATION.test(replacement) ? replacement : undefined,
      );
    }
    if (/^-\d+(\.\d{1,9})?s$/.test(value)) {
      return bad(bilingual('{0} must not be negative.', key), ALL('rejects'));
    }
    return bad(bilingual('{0}; {1} is not.', form, q(value)), ALL('rejects'));
  }
  return Number(value.slice(0, -1));
}
