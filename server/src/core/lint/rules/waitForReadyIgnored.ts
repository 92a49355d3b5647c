/** sc/wait-for-ready-ignored: waitForReady ignored by grpc-js. */
import type { Node } from 'jsonc-parser';
import { bilingual } from '../../l10n';
import { type Collector, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/wait-for-ready-ignored',
  title: bilingual('waitForReady ignored by grpc-js'),
  docs: `**What**: \`"waitForReady": true\` in a method config, in a JS/TS file (warning) or a \`.json\` config
(information). **Why**: grpc-js reads the key but does not apply it — calls still fail fast while the
channel is in TRANSIENT_FAILURE (measured with 1.14.7, retry-facts §0 point 8); C-core, grpc-go and
grpc-java honour it, so Python/Go/Java files are not flagged. **Who**: ignored by grpc-js, accepted
elsewhere. **Fix**: pass it per call in grpc-js — \`new Metadata({waitForReady: true})\` (or the
\`waitForReady\` call option of generated clients) together with a \`deadline\`.`,
};

export function check(out: Collector, wfr: Node | undefined): void {
  // Only grpc-js ignores it; where the file says another implementation applies there is nothing to say.
  const impl = out.ctx.impl;
  if (wfr?.value !== true || (impl !== undefined && impl !== 'node')) return;
  out.add(
    meta,
    impl === 'node' ? 'warning' : 'information',
    wfr,
    bilingual(
      'waitForReady in a service config has no effect in grpc-js: pass it per call (new Metadata({waitForReady: true}) plus a deadline).',
    ),
    { core: 'accepts', go: 'accepts', node: 'ignores', java: 'accepts' },
  );
}
