/**
 * docs/quickfixes.md's table, generated from the providers' `meta` (fixes/languages/*.ts) and the fix kinds
 * below (scripts/docs.mjs writes it; a test keeps it current).
 */
import { replaceRegion } from '../generatedDocs';
import { PROVIDERS } from './index';
import type { LanguageSupport } from './types';

export const TABLE_BEGIN = '<!-- quickfixes: generated from server/src/core/fixes by `npm run docs`; do not edit -->';
export const TABLE_END = '<!-- /quickfixes -->';

/** Providers with the same sites are listed once, their names joined. */
function grouped(field: 'channel' | 'server'): { text: string; names: string[] }[] {
  const groups: { text: string; names: string[] }[] = [];
  for (const p of PROVIDERS) {
    const g = groups.find((x) => x.text === p.meta[field]);
    if (g) g.names.push(p.meta.name);
    else groups.push({ text: p.meta[field], names: [p.meta.name] });
  }
  return groups;
}

const names = (providers: readonly LanguageSupport[]): string => providers.map((p) => p.meta.name).join(', ');

export function renderQuickFixTable(): string {
  const channels = grouped('channel')
    .map((g) => `${g.text} (${g.names.join('/').replace(/ \(.*\)/, '')})`)
    .join(', ');
  const servers = grouped('server')
    .map((g) => g.text)
    .join(', ');
  const rows = [
    [
      "**Add retry service config for `pkg.Service`** (one per service in the workspace's `.proto` files) and **… for every method (`[{}]`)** (only as its own, explicitly worded choice)",
      `channel creation: ${channels}`,
      names(PROVIDERS),
    ],
    [
      '**Add CODE to the existing retry service config**',
      'instead of the above when the file already passes a service config',
      'same',
    ],
    [
      '**Add reconnection loop for this stream**',
      'calls of a server-streaming method from the `.proto` files; any finding',
      'same',
    ],
    ['**Add graceful shutdown to this server**', servers, 'same'],
    [
      '**Explain: …** → command `grpcDoctor.openEntry` `{id}`; **Search gRPC Doctor knowledge base** → `grpcDoctor.lookup` `{query}`',
      'findings (and a one-line selection for Search)',
      'any document',
    ],
  ];
  return [
    TABLE_BEGIN,
    '| action | offered on | languages |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    TABLE_END,
  ].join('\n');
}

/** `doc` with its generated table replaced (or the hand-written table replaced the first time). */
export function withQuickFixTable(doc: string): string {
  return replaceRegion(doc, { begin: TABLE_BEGIN, end: TABLE_END }, renderQuickFixTable(), () => {
    const start = doc.indexOf('| action | offered on | languages |');
    if (start < 0) throw new Error('docs/quickfixes.md has no quick-fix table');
    return doc.slice(0, start) + renderQuickFixTable() + doc.slice(doc.indexOf('\n\n', start));
  });
}
