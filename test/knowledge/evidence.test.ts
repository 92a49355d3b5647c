import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { DeadEndMeasurement, Measurement } from '../../shared/knowledge';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';
import { scanFile } from '../../server/src/cli/fileScanner';
import { formatMeasurement, renderEntryMarkdown } from '../../server/src/core/knowledge/render';
import { msg, type Locale } from '../../server/src/core/l10n';
import { fixture, ROOT, shippedPatterns } from '../helpers/knowledge';

interface ResultRecord {
  id: string;
  impl: string;
  implementation: string;
  version: string;
  cell: string;
  kind: string;
  variant: string;
  role: 'baseline' | 'workaround' | 'dead-end';
  workaround: string | null;
  deadEnd: string | null;
  call: string;
  runs: number;
  successes: number;
  failures: number;
  harnessErrors: number;
  measuredWith: string;
  scenario: string;
  date: string;
  failurePrinted: Record<string, number>;
}

const RESULTS_REF = 'test/fixtures/evidence/results.json';
const BY = 'npm run evidence (scripts/evidence/apply.mjs)';
const results = JSON.parse(fs.readFileSync(fixture('evidence', 'results.json'), 'utf8')) as { records: ResultRecord[] };
const byId = new Map(results.records.map((r) => [r.id, r]));
const entries = defaultKnowledge().entries;
const LOCALES: Locale[] = ['en', 'zh-cn'];

// Entries whose error the capture harness can produce (some implementation, some scenario in
// scripts/capture/run.mjs). Each must be shown by at least one capture.
const RUNNABLE = [
  'grpc-core/cancelling-all-calls',
  'grpc-core/connection-reset-by-peer',
  'grpc-core/failed-to-connect-to-all-addresses',
  'grpc-core/goaway-received',
  'grpc-core/goaway-too-many-pings',
  'grpc-core/max-connection-age',
  'grpc-core/rst-stream-cancel',
  'grpc-core/rst-stream-protocol-error',
  'grpc-core/socket-closed',
  'grpc-core/stream-removed',
  'grpc-go/client-connection-closing',
  'grpc-go/closing-transport-prior-goaway',
  'grpc-go/context-canceled',
  'grpc-go/dial-connection-refused',
  'grpc-go/error-reading-from-server',
  'grpc-go/rst-stream-cancel',
  'grpc-go/rst-stream-error-code',
  'grpc-go/too-many-pings',
  'grpc-go/transport-is-closing',
  'grpc-java/channel-shutdown-invoked',
  'grpc-java/channel-shutdownnow-invoked',
  'grpc-java/client-cancelled-by-application',
  'grpc-java/connection-closed-after-goaway',
  'grpc-java/io-exception',
  'grpc-java/network-closed-unknown-reason',
  'grpc-java/rst-stream-closed-stream',
  'grpc-java/too-many-pings',
  'grpc-js/bandwidth-exhausted',
  'grpc-js/call-cancelled',
  'grpc-js/cancelled-on-client',
  'grpc-js/channel-has-been-shut-down',
  'grpc-js/connection-dropped',
  'grpc-js/no-connection-established',
  'grpc-js/read-econnreset',
  'grpc-js/rst-stream-code-0',
  'grpc-js/session-closed-internal-error',
  'grpc-python/channel-closed',
  'grpc-python/closed-channel-valueerror',
  'grpc-python/locally-cancelled',
  'tonic/error-reading-body',
  'tonic/h2-http2-error',
  'tonic/operation-canceled',
  'tonic/tcp-connect-error',
  'tonic/transport-error',
];

function measurementsOf(): Array<{
  entry: string;
  where: 'workaround' | 'dead end';
  m: Measurement | DeadEndMeasurement;
}> {
  return entries.flatMap((e) => [
    ...e.workarounds.flatMap((w) =>
      (w.measurements ?? []).map((m) => ({ entry: e.id, where: 'workaround' as const, m })),
    ),
    ...e.dead_ends.flatMap((d) => (d.measurements ?? []).map((m) => ({ entry: e.id, where: 'dead end' as const, m }))),
  ]);
}

test('results.json is well-formed: N >= 20, consistent counts, one record per implementation and cell', () => {
  assert.ok(results.records.length >= 20, `only ${results.records.length} records`);
  assert.equal(byId.size, results.records.length, 'duplicate record ids');
  for (const r of results.records) {
    assert.equal(r.id, `${r.impl}/${r.cell}`);
    assert.ok(Number.isInteger(r.runs) && r.runs >= 20, `${r.id}: runs ${r.runs}`);
    assert.ok(Number.isInteger(r.successes) && r.successes >= 0 && r.successes <= r.runs, `${r.id}: successes`);
    assert.equal(r.failures, r.runs - r.successes, `${r.id}: failures`);
    assert.equal(r.harnessErrors, 0, `${r.id}: harness errors make a record meaningless`);
    assert.match(r.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(
      r.measuredWith.startsWith(`${r.implementation} ${r.version}, `),
      `${r.id}: measuredWith ${r.measuredWith}`,
    );
    assert.ok(r.scenario.length > 5);
    assert.ok(['baseline', 'workaround', 'dead-end'].includes(r.role));
    if (r.role === 'workaround')
      assert.ok(
        ['retry-policy', 'wait-for-ready', 'reconnect-loop', 'graceful-shutdown'].includes(String(r.workaround)),
        r.id,
      );
    if (r.role === 'dead-end') assert.ok(r.deadEnd, r.id);
    // every failure of a cell printed something the harness kept
    const printed = Object.values(r.failurePrinted).reduce((a, b) => a + b, 0);
    assert.equal(printed, r.failures, `${r.id}: printed errors ${printed} vs failures ${r.failures}`);
  }
  // each workaround and dead-end cell has its baseline measured on the same implementation
  for (const r of results.records.filter((x) => x.role !== 'baseline')) {
    const base = r.cell.startsWith('unary-shutdown/') ? 'unary-shutdown/hard' : `${r.cell.split('/')[0]}/none`;
    assert.ok(byId.has(`${r.impl}/${base}`), `${r.id}: no baseline ${base}`);
  }
});

test('every measurement in the knowledge base is a results.json record with identical numbers', () => {
  const all = measurementsOf();
  assert.ok(all.length >= 30, `only ${all.length} measurements`);
  for (const { entry, where, m } of all) {
    const ref = m.capture ?? '';
    assert.ok(ref.startsWith(`${RESULTS_REF}#`), `${entry}: measurement without a results.json reference`);
    const rec = byId.get(ref.slice(RESULTS_REF.length + 1));
    assert.ok(rec, `${entry}: ${ref} not in results.json`);
    assert.equal(m.runs, rec.runs, `${entry} ${ref} runs`);
    assert.equal(m.measuredWith, rec.measuredWith);
    assert.equal(m.scenario, rec.scenario);
    assert.equal(m.date, rec.date);
    // workarounds count recoveries; dead ends count the runs where the approach did not help
    if (where === 'dead end') {
      assert.ok(!('successes' in m), `${entry} ${ref}: a dead end counts didNotHelp, not successes`);
      assert.equal(m.didNotHelp, rec.failures, `${entry} ${ref} ${where}`);
    } else {
      assert.equal((m as Measurement).successes, rec.successes, `${entry} ${ref} ${where}`);
    }
    assert.ok(
      where === 'dead end' ? rec.role === 'dead-end' : rec.role !== 'baseline',
      `${entry}: ${ref} is a ${rec.role} record`,
    );
  }
});

test('the seed claims are measured: its retry policy against a stream that already received messages', () => {
  const seed = entries.find((e) => e.id === 'grpc/stream-interrupted-by-shutdown');
  assert.ok(seed);
  const retry = seed.workarounds.find((w) => w.kind === 'retry-policy');
  assert.ok(retry?.claimedRate !== undefined, 'the seed claim stays labelled');
  const streamCells = (retry.measurements ?? []).filter((m) => /stream killed/.test(m.scenario));
  assert.ok(streamCells.length >= 2, 'measured on streams');
});

test('rendered entries show no number that is not a stored measurement or a labelled seed claim', () => {
  const known = new Set(measurementsOf().flatMap(({ m }) => LOCALES.map((l) => formatMeasurement(m, l))));
  for (const e of entries) {
    for (const locale of LOCALES) {
      for (const compact of [false, true]) {
        const md = renderEntryMarkdown(e, locale, { compact });
        for (const line of md.split('\n')) {
          if (/\d\s*%/.test(line)) {
            // the only percentages allowed: "<unmeasured claim label>: 80 %"
            const stripped = line.replace(
              new RegExp(
                `${msg(locale, 'unmeasured claim from the seed page').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ %`,
                'g',
              ),
              '',
            );
            assert.doesNotMatch(stripped, /\d\s*%/, `${e.id} (${locale}): unlabelled percentage in: ${line}`);
          }
          const verbs = [msg(locale, 'recovered'), msg(locale, 'did not help')].join('|');
          for (const hit of line.matchAll(new RegExp(`(?:${verbs}) \\d+/\\d+ \\(`, 'g'))) {
            const at = hit.index ?? 0;
            assert.ok(
              [...known].some((k) => line.startsWith(k, at)),
              `${e.id} (${locale}): "${line.slice(at, at + 120)}" is not a stored measurement`,
            );
          }
        }
      }
    }
  }
});

test('every entry with a runnable scenario is shown by at least one real capture (checked with the scanner)', () => {
  const set = shippedPatterns();
  for (const id of RUNNABLE) {
    const e = entries.find((x) => x.id === id);
    assert.ok(e, `${id} is not an entry`);
    const captured = e.evidence.filter((ev) => ev.kind === 'captured-run' && ev.by === BY);
    assert.ok(captured.length > 0, `${id}: no captured-run evidence`);
    const ref = captured[0].ref ?? '';
    assert.ok(fs.existsSync(path.join(ROOT, ref)), `${id}: ${ref} missing`);
    const found = scanFile(set, path.join(ROOT, ref), { includeLookalikes: true }).findings.filter(
      (f) => f.entryId === id,
    );
    assert.ok(found.length > 0, `${id}: ${ref} does not show it`);
  }
});

test('captured-run evidence is what apply.mjs computes from the captures and results now', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/evidence/apply.mjs'), '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `entries are out of date; run node scripts/evidence/apply.mjs\n${r.stdout}${r.stderr}`);
});
