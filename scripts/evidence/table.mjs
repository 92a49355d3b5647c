#!/usr/bin/env node
// Renders test/fixtures/evidence/results.json as the results table of docs/evidence.md
// (between <!-- results:start --> and <!-- results:end -->). --write updates the file, else prints.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(ROOT, 'test', 'fixtures', 'evidence', 'results.json');
const DOC = path.join(ROOT, 'docs', 'evidence.md');
const { records } = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));

const VARIANT = {
  none: 'nothing (baseline)',
  retry: 'retry policy',
  wfr: 'waitForReady + 10 s deadline',
  loop: 'reconnection loop (backoff + jitter, resume position, waitForReady)',
  keepalive: 'client keepalive 10 s / 5 s',
};
const label = (r) => {
  if (r.cell === 'unary-shutdown/hard') return 'server hard stop (baseline)';
  if (r.cell === 'unary-shutdown/graceful') return 'server graceful stop, forced after 3 s';
  const v = VARIANT[r.variant] ?? r.variant;
  return r.variant === 'retry' ? `${v} [${r.codes.join(', ')}]` : v;
};
const role = (r) => (r.role === 'dead-end' ? ' — dead end' : r.role === 'workaround' ? '' : '');
const impls = [...new Map(records.map((r) => [r.impl, `${r.implementation} ${r.version}`])).entries()].sort(
  (a, b) =>
    ['grpc-js', 'grpc-js-1.8', 'grpcio', 'grpcio-deb', 'grpc-go'].indexOf(a[0]) -
    ['grpc-js', 'grpc-js-1.8', 'grpcio', 'grpcio-deb', 'grpc-go'].indexOf(b[0]),
);
const scenarios = [...new Set(records.map((r) => r.scenario))];
const out = [];
const dates = [...new Set(records.map((r) => r.date))].sort();
out.push(
  `Calls that ended OK out of the runs (streams: all 10 messages, in order). Measured ${dates.join(', ')} by \`npm run evidence\`; raw records in [results.json](../test/fixtures/evidence/results.json).`,
  '',
);
for (const s of scenarios) {
  const rs = records.filter((r) => r.scenario === s);
  out.push(`**${rs[0].call}: ${s}**`, '');
  out.push(`| client does | ${impls.map(([, l]) => l).join(' | ')} |`);
  out.push(`| --- | ${impls.map(() => '---:').join(' | ')} |`);
  const rank = (c) => ['baseline', 'workaround', 'dead-end'].indexOf(rs.find((r) => r.cell === c).role);
  for (const cell of [...new Set(rs.map((r) => r.cell))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))) {
    const any = rs.find((r) => r.cell === cell);
    const cells = impls.map(([impl]) => {
      const r = rs.find((x) => x.cell === cell && x.impl === impl);
      if (!r) return '—';
      return `${r.successes}/${r.runs}${r.executedTwice ? ` (${r.executedTwice} ran twice)` : ''}`;
    });
    out.push(`| ${label(any)}${role(any)} | ${cells.join(' | ')} |`);
  }
  out.push('');
}
const table = out.join('\n');
if (process.argv.includes('--write')) {
  const doc = fs.readFileSync(DOC, 'utf8');
  const next = doc.replace(
    /<!-- results:start -->[\s\S]*<!-- results:end -->/,
    `<!-- results:start -->\n${table}\n<!-- results:end -->`,
  );
  fs.writeFileSync(DOC, next);
  console.log(`[table] ${path.relative(ROOT, DOC)} updated (${records.length} records)`);
} else console.log(table);
