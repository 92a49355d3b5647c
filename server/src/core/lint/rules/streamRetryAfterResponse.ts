/** sc/stream-retry-after-response: Retry policy cannot re-open a stream. */
import type { Node } from 'jsonc-parser';
import { SHUTDOWN_CODES, STATUS_NAMES } from '../schema';
import type { MethodName } from '../walk';
import { bilingual } from '../../l10n';
import { ALL, type Collector, prop, type RuleMeta } from '../kit';

export const meta: RuleMeta = {
  code: 'sc/stream-retry-after-response',
  title: bilingual('Retry policy cannot re-open a stream'),
  docs: `**What**: a retry policy that lists a status a server shutdown produces on a long-lived stream
(\`UNAVAILABLE\`, \`CANCELLED\`, \`INTERNAL\`) for names that cover streaming methods. **Why**: a call is
*committed* once response headers arrive; committed calls are never retried, so a stream that already
delivered messages and is cut by a shutdown ends with the error whatever \`retryableStatusCodes\` says
(retry-facts §3.1). **Severity**: information when the \`.proto\` shows a server-streaming method (named in
the message); hint ("unknown") when no \`.proto\` was found or the name covers every method — the CLI does
not print hints. **Fix**: re-open the stream in the application (with backoff and a resume position).`,
};

/** Retrying a stream on the codes a server shutdown produces does not re-open it once a response arrived. */
export function check(out: Collector, retry: Node, names: MethodName[]): void {
  const codes = prop(retry, 'retryableStatusCodes');
  const listed = (codes?.children ?? []).map((c) =>
    typeof c.value === 'string'
      ? c.value.toUpperCase()
      : typeof c.value === 'number'
        ? STATUS_NAMES[c.value]
        : undefined,
  );
  const shutdownCodes = [...new Set(listed.filter((c): c is string => c !== undefined && SHUTDOWN_CODES.has(c)))];
  if (!codes || !shutdownCodes.length) return;
  const protoIndex = out.ctx.protoIndex;
  const index = protoIndex && protoIndex.services.size ? protoIndex : undefined;
  const explain = bilingual(
    'A retry policy never retries a call after its first response: a stream that already delivered messages and is then cut by a server shutdown ends with the error; re-open it in the application.',
  );
  const streaming: string[] = [];
  let unknown = index === undefined;
  for (const n of names) {
    if (!index || !n.service) {
      unknown = true;
      continue;
    }
    const methods = index.services.get(n.service);
    if (!methods) continue;
    for (const [method, info] of methods) {
      if ((!n.method || n.method === method) && info.serverStreaming) streaming.push(`${n.service}/${method}`);
    }
  }
  const codeList = shutdownCodes.join(', ');
  if (streaming.length) {
    const shown = streaming.slice(0, 3).join(', ') + (streaming.length > 3 ? ', …' : '');
    out.add(
      meta,
      'information',
      codes,
      bilingual(
        'Retrying {0} covers the streaming method(s) {1} only until their first response. {2}',
        codeList,
        shown,
        explain,
      ),
      ALL('accepts'),
    );
  } else if (unknown) {
    out.add(
      meta,
      'hint',
      codes,
      bilingual(
        'Whether the methods named here stream is unknown ({0}). If they do, retrying {1} helps only until the first response. {2}',
        index ? bilingual('the name covers every method') : bilingual('no .proto found'),
        codeList,
        explain,
      ),
      ALL('accepts'),
    );
  }
}
