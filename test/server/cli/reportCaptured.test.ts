/**
 * The incident report on the captured runs (test/fixtures/captured): every client log with its server log,
 * as `grpc-doctor report client.log server.log` reads them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { buildCliReport } from '../../../server/src/cli/report';
import { defaultKnowledge } from '../../../server/src/project/knowledgeFiles';
import type { Report } from '../../../server/src/core/report/report';
import { fixture, shippedPatterns } from '../../helpers/knowledge';

const knowledge = defaultKnowledge();
const DIR = fixture('captured');
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(Math.floor(ms)).toISOString();

function report(...files: string[]): Report {
  const { report: r, errors } = buildCliReport({
    files: files.map((f) => path.join(DIR, f)),
    set: shippedPatterns(),
    byId: knowledge.byId,
    locale: 'en',
    includeLookalikes: false,
  });
  assert.deepEqual(errors, []);
  return r;
}

/** Every client log that has its server log beside it: single-implementation runs and mixed pairs. */
function pairs(): [string, string][] {
  const out: [string, string][] = [];
  for (const dir of fs
    .readdirSync(DIR)
    .filter((d) => fs.statSync(path.join(DIR, d)).isDirectory())
    .sort()) {
    for (const f of fs.readdirSync(path.join(DIR, dir)).sort()) {
      if (!f.endsWith('.log') || f.endsWith('.server.log')) continue;
      const server = f.replace(/\.log$/, '.server.log');
      if (fs.existsSync(path.join(DIR, dir, server))) out.push([`${dir}/${f}`, `${dir}/${server}`]);
    }
  }
  return out;
}

const STOPS = new Set([
  'graceful-stop',
  'hard-stop',
  'kill-sigkill',
  'kill-sigterm',
  'restart-short',
  'restart-long',
  'call-while-gone',
  'refused-and-restart',
]);
const CAUSED = new Set(['server-hard-stop', 'server-graceful-stop', 'server-unreachable', 'connection-lost', 'goaway']);

test('every captured pair: incidents in time order, inside the client log; errors after a server stop name it as the cause', () => {
  const all = pairs();
  assert.ok(all.length >= 100, `only ${all.length} pairs`);
  let caused = 0;
  for (const [client, server] of all) {
    const r = report(client, server);
    const scenario = path.basename(client, '.log');
    const clientSummary = r.files.find((f) => f.file.endsWith(client))!;
    assert.equal(clientSummary.role, 'client', client);
    assert.equal(r.files.find((f) => f.file.endsWith(server))!.role, 'server', server);
    const total = r.incidents.reduce((a, i) => a + i.count, 0);
    assert.equal(total, r.totalFindings, `${client}: every finding is in one incident`);
    for (const [k, inc] of r.incidents.entries()) {
      assert.equal(inc.id, k + 1);
      assert.ok(inc.first !== undefined && inc.last! >= inc.first, `${client} #${inc.id} has times`);
      if (k) assert.ok(inc.first >= r.incidents[k - 1].first!, `${client}: incidents in time order`);
      assert.ok(inc.explanation.length > 10 && inc.title, `${client} #${inc.id} explained`);
      if (!STOPS.has(scenario) || !CAUSED.has(inc.family) || inc.side !== 'client') continue;
      // (a run where the harness never got to stop the server, e.g. the client timed out first, has nothing to blame)
      if (!r.events.some((e) => e.kind !== 'started' && e.time! <= inc.first! + 1000)) continue;
      assert.ok(inc.cause, `${client} #${inc.id} ${inc.family} at ${iso(inc.first)}: no cause found in ${server}`);
      assert.ok(inc.cause.file.endsWith(server), client);
      assert.ok(
        inc.cause.time <= inc.first + 1000 && inc.cause.time >= inc.first - 60_000,
        `${client} #${inc.id}: cause ${iso(inc.cause.time)} vs ${iso(inc.first)}`,
      );
      assert.notEqual(inc.cause.kind, 'started');
      caused++;
    }
  }
  assert.ok(caused >= 150, `only ${caused} incidents with a cause`);
});

test('grpc-java graceful stop: the RST_STREAMs 13 ms after shutdownNow() are caused by it', () => {
  const r = report('grpc-java-1.85.1/graceful-stop.log', 'grpc-java-1.85.1/graceful-stop.server.log');
  assert.deepEqual(
    r.incidents.map((i) => [i.family, i.count, iso(i.first), iso(i.last)]),
    [
      ['server-hard-stop', 2, '2026-11-28T15:33:39.754Z', '2026-11-28T15:33:39.763Z'],
      ['connection-lost', 1, '2026-11-28T15:33:39.779Z', '2026-11-28T15:33:39.779Z'],
      // the server's own log: `Bidi cancelled …: Status{code=CANCELLED, description=client cancelled, …}`
      ['connection-lost', 1, '2026-11-28T15:33:39.781Z', '2026-11-28T15:33:39.781Z'],
    ],
  );
  const cause = r.incidents[0].cause!;
  assert.equal(cause.kind, 'hard-stop');
  assert.equal(iso(cause.time), '2026-11-28T15:33:39.741Z');
  assert.equal(cause.line + 1, 8);
  assert.match(cause.text, /grace period expired, calling shutdownNow\(\)/);
  // the graceful stop two seconds before is an event too
  assert.ok(r.events.some((e) => e.kind === 'graceful-stop' && iso(e.time) === '2026-11-28T15:33:37.733Z'));
});

test('grpc-go restart, 5 s down: 30 refused dials are one incident caused by the SIGTERM', () => {
  const r = report('grpc-go-1.85.0/restart-long.log', 'grpc-go-1.85.0/restart-long.server.log');
  const refused = r.incidents.find((i) => i.family === 'server-unreachable')!;
  assert.equal(refused.count, 30);
  assert.equal(iso(refused.first), '2026-11-28T15:32:43.039Z');
  assert.equal(iso(refused.last), '2026-11-28T15:32:51.763Z');
  assert.match(refused.peers[0], /^127\.0\.0\.1:\d+$/);
  assert.equal(refused.cause?.kind, 'stop');
  assert.equal(refused.cause?.line, 8);
  assert.equal(refused.fix?.measurement?.successes, 20, 'the measured fix: wait-for-ready');
  assert.equal(refused.fix?.kind, 'wait-for-ready');
  // the server came back: a second "started" event after the stop
  assert.deepEqual(
    r.events.map((e) => e.kind),
    ['started', 'stop', 'started'],
  );
});

test('tonic prints UTC times of day only, grpc-go local dates: the report lines them up', () => {
  const r = report(
    'tonic-0.14.9-client--grpc-go-1.85.0-server/hard-stop.log',
    'tonic-0.14.9-client--grpc-go-1.85.0-server/hard-stop.server.log',
  );
  const tonic = r.files.find((f) => f.file.endsWith('hard-stop.log'))!;
  assert.ok(tonic.clockShiftMs, "the dateless log took the server log's date");
  assert.equal(iso(r.incidents[0].first)!.slice(0, 10), '2026-11-28');
  for (const inc of r.incidents) assert.ok(inc.cause, `#${inc.id} ${inc.family}`);
});

test('single logs: keepalive too_many_pings (Go log stamp without fraction) and a client close with no server', () => {
  const r = report('grpc-go-1.85.0/keepalive-too-many-pings.log');
  assert.equal(r.incidents[0].family, 'keepalive');
  assert.equal(iso(r.incidents[0].first), '2026-11-28T15:31:39.000Z');
  assert.equal(r.incidents[0].cause, undefined);
  const close = report('grpc-go-1.85.0/client-close.log');
  assert.deepEqual(
    close.incidents.map((i) => [i.family, i.count]),
    [['client-channel-closed', 4]],
  );
});
