import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { collectLog } from '../../../../server/src/core/report/collect';
import {
  bestFix,
  findingSide,
  methodsIn,
  peersIn,
  roleFromName,
  type ReportFileInput,
  type Side,
} from '../../../../server/src/core/report/incidents';
import { alignClocks, buildReport } from '../../../../server/src/core/report/report';
import { lifecycleKind } from '../../../../server/src/core/report/serverEvents';
import { renderHtml, renderJson, renderMarkdown } from '../../../../server/src/core/report/render';
import { scanText } from '../../../../server/src/core/scan/matcher';
import { StringAccess } from '../../../../server/src/core/scan/textAccess';
import { defaultKnowledge } from '../../../../server/src/project/knowledgeFiles';
import { shippedPatterns } from '../../../helpers/knowledge';

const knowledge = defaultKnowledge();
const byId = knowledge.byId;
const REF = Date.UTC(2026, 11, 4);

function log(file: string, text: string, role: Side = roleFromName(file)): ReportFileInput {
  return collectLog(file, new StringAccess(text), scanText(shippedPatterns(), text), role, REF);
}

const GO_EOF = 'rpc error: code = Unavailable desc = error reading from server: EOF';
const GO_REFUSED =
  'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.0.0.7:50051: connect: connection refused"';

test('a rolling restart: repeated errors within the window are one incident; a gap starts another', () => {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++)
    lines.push(
      `2026/12/04 13:47:${String(23 + Math.floor(i / 10)).padStart(2, '0')}.${String(100 + i).padStart(6, '0')} call /orders.Orders/Get failed: ${GO_REFUSED}`,
    );
  lines.push(`2026/12/04 13:52:00.000000 call /orders.Orders/List failed: ${GO_REFUSED}`);
  const report = buildReport([log('client.log', `${lines.join('\n')}\n`)], byId, { locale: 'en' });
  assert.equal(report.incidents.length, 2);
  const [a, b] = report.incidents;
  assert.equal(a.count, 40);
  assert.equal(a.family, 'server-unreachable');
  assert.equal(a.implementation, 'grpc-go');
  assert.equal(a.side, 'client');
  assert.equal(new Date(a.first!).toISOString(), '2026-12-04T13:47:23.000Z');
  assert.equal(new Date(Math.floor(a.last!)).toISOString(), '2026-12-04T13:47:26.000Z');
  assert.deepEqual(a.methods, ['/orders.Orders/Get']);
  assert.deepEqual(a.peers, ['10.0.0.7:50051']);
  assert.deepEqual(a.at, { file: 'client.log', line: 0 });
  assert.equal(b.count, 1);
  assert.deepEqual(b.methods, ['/orders.Orders/List']);
  // a longer window joins them
  assert.equal(
    buildReport([log('client.log', `${lines.join('\n')}\n`)], byId, { locale: 'en', windowMs: 600_000 }).incidents
      .length,
    1,
  );
  assert.equal(report.byStatus.UNAVAILABLE, 41);
  assert.equal(report.byImplementation['grpc-go'], 41);
});

test('the server graceful stop causes the client errors that follow it, across files', () => {
  const server = [
    '2026-12-04T13:47:20.000Z INFO server listening on 0.0.0.0:50051',
    '2026-12-04T13:47:23.101Z INFO received SIGTERM, shutting down gracefully (GracefulStop)',
    '2026-12-04T13:47:25.101Z WARN grace period expired, calling Stop()',
  ].join('\n');
  const client = [
    '2026-12-04T13:47:23.150Z ERROR stream: ' + GO_EOF,
    '2026-12-04T13:47:25.120Z ERROR unary: ' + GO_REFUSED,
    '2026-12-04T13:49:00.000Z ERROR unary: ' + GO_REFUSED,
  ].join('\n');
  const report = buildReport([log('client.log', client), log('server.log', server)], byId, { locale: 'en' });
  const [eof, refused, late] = report.incidents;
  assert.equal(eof.cause?.kind, 'graceful-stop');
  assert.equal(new Date(eof.cause.time).toISOString(), '2026-12-04T13:47:23.101Z');
  assert.deepEqual([eof.cause.file, eof.cause.line], ['server.log', 1]);
  assert.equal(refused.cause?.kind, 'hard-stop', 'the latest event before the error');
  assert.equal(late.cause, undefined, 'more than the cause window after the stop');
  assert.deepEqual(
    report.events.map((e) => e.kind),
    ['started', 'graceful-stop', 'hard-stop'],
  );
  const md = renderMarkdown(report);
  assert.match(md, /Caused by:\*\* server graceful stop at 13:47:23\.101 in server\.log:2/);
});

test('an event a little after the error (clock skew) counts when nothing came before; never from another family', () => {
  const server = '2026-12-04T13:47:23.500Z too many pings from the client, sending GOAWAY ENHANCE_YOUR_CALM\n';
  const client = `2026-12-04T13:47:23.000Z ${GO_REFUSED}\n2026-12-04T13:47:23.000Z ${GO_EOF}\n`;
  const report = buildReport([log('client.log', client), log('server.log', server)], byId, { locale: 'en' });
  assert.equal(report.events[0].kind, 'too-many-pings');
  // too many pings explains keepalive / goaway / connection-lost, not "server unreachable"
  const refused = report.incidents.find((i) => i.family === 'server-unreachable')!;
  assert.equal(refused.cause, undefined);
});

test('lifecycle lines: the kind each generic phrase stands for', () => {
  const cases: [string, string | undefined][] = [
    ['INFO  [echo-server] shutting down gracefully (GracefulStop), Stop() after 2000 ms', 'graceful-stop'],
    [
      'o.s.b.w.e.tomcat.GracefulShutdown : Commencing graceful shutdown. Waiting for active requests to complete',
      'graceful-stop',
    ],
    ['WARN  [echo-server] grace period expired, calling shutdownNow()', 'hard-stop'],
    ['*** shutting down gRPC server since JVM is shutting down', 'stop'],
    ['info: Microsoft.Hosting.Lifetime[0] Application is shutting down...', 'stop'],
    ['# [capture] +2.52s harness sends SIGKILL to the server process', 'killed'],
    ['Now listening on: http://[::]:5000', 'started'],
    ['INFO  [echo-server] Unary message="hello" delay_ms=0', undefined],
    ['stopwatch started', undefined],
    ['[echo-server] 2026/11/28 15:34:01.144215 INFO  GracefulStop returned', undefined],
    ['o.s.b.w.e.tomcat.GracefulShutdown : Graceful shutdown complete', undefined],
  ];
  for (const [line, kind] of cases) assert.equal(lifecycleKind(line), kind, line);
});

test('sides: a pattern that only the server prints is a server finding whatever the file', () => {
  const entry = byId.get('grpc-go/server-has-been-stopped')!;
  const [f] = scanText(shippedPatterns(), entry.examples.match[0]);
  assert.ok(f, 'the entry finds its own example');
  assert.equal(findingSide(f, entry, 'client'), 'server');
  assert.equal(roleFromName('logs/orders-server.log'), 'server');
  assert.equal(roleFromName('graceful-stop.server.log'), 'server');
  assert.equal(roleFromName('client.log'), 'client');
  assert.equal(roleFromName('app.log'), 'unknown');
  assert.equal(roleFromName('observer.log'), 'unknown');
});

test('the fix is the best measured workaround, with its stored measurement; never a measured failure', () => {
  for (const entry of knowledge.entries) {
    const fix = bestFix(entry, 'en');
    if (!fix) {
      assert.equal(
        entry.workarounds.filter((w) => !(w.measurements ?? []).length || w.measurements!.some((m) => m.successes))
          .length,
        0,
        entry.id,
      );
      continue;
    }
    const w = entry.workarounds.find((x) => x.kind === fix.kind && x.text.startsWith(fix.text.replace(/…$/, '')))!;
    assert.ok(w, `${entry.id}: the fix text comes from a workaround`);
    if (fix.measurement) {
      assert.ok(w.measurements!.includes(fix.measurement), `${entry.id}: a stored measurement`);
      assert.ok(fix.measurement.successes > 0);
    }
  }
  const measured = bestFix(byId.get('grpc-go/dial-connection-refused')!, 'zh-cn')!;
  assert.equal(measured.measurement?.successes, 20);
  assert.match(measured.text, /[\u4e00-\u9fff]/);
});

test('methods and peers as gRPC prints them', () => {
  assert.deepEqual(methodsIn('grpc: failed /helloworld.Greeter/SayHello and echo.Echo/Unary'), [
    '/helloworld.Greeter/SayHello',
    '/echo.Echo/Unary',
  ]);
  assert.deepEqual(methodsIn('see https://grpc.io/docs/guides/ and a/b'), []);
  assert.deepEqual(peersIn('dial tcp 127.0.0.1:43753: connect; ipv6 [::1]:50051; version 1.85.0'), [
    '127.0.0.1:43753',
    '[::1]:50051',
  ]);
});

test('clock alignment: a UTC log and a local-time log an hour apart line up; a dateless log takes the dates beside it', () => {
  const utc = log('server.log', '14:47:23.101Z INFO shutting down gracefully\n');
  const local = log('client.log', `2026/11/28 15:47:23.200000 ${GO_EOF}\n`);
  const [s, c] = alignClocks([utc, local]);
  assert.equal(s.clockShiftMs !== undefined, true, 'the dateless server log moved to the client date');
  assert.equal(new Date(s.events[0].time!).toISOString().slice(0, 10), '2026-11-28');
  assert.equal(c.clockShiftMs, -3_600_000);
  const report = buildReport([local, utc], byId, { locale: 'en' });
  assert.equal(report.incidents[0].cause?.kind, 'graceful-stop');
  // two logs printed the same way are never moved
  const a = log('a.log', `2026/11/28 15:47:23.200000 ${GO_EOF}\n`);
  const b = log('b.log', `2026/11/28 19:47:23.200000 ${GO_EOF}\n`);
  assert.deepEqual(
    alignClocks([a, b]).map((f) => f.clockShiftMs),
    [undefined, undefined],
  );
});

test('findings without any time are still grouped, have no time and no cause', () => {
  const report = buildReport([log('app.log', `${GO_EOF}\n${GO_EOF}\n`)], byId, { locale: 'en' });
  assert.equal(report.incidents.length, 1);
  assert.equal(report.incidents[0].count, 2);
  assert.equal(report.incidents[0].first, undefined);
  assert.equal(report.timeline, undefined);
  assert.equal(report.files[0].untimed, 2);
  assert.match(renderHtml(report), /no time/);
});

test('renderers: HTML is self-contained and localised; JSON round-trips; Markdown in Chinese', () => {
  const client = `2026-12-04T13:47:23.150Z ERROR ${GO_EOF}\n`;
  const server = '2026-12-04T13:47:23.101Z INFO shutting down gracefully\n';
  const en = buildReport([log('client.log', client), log('server.log', server)], byId, { locale: 'en' });
  const html = renderHtml(en, { href: (f, l) => `file:///logs/${f}#L${l + 1}` });
  assert.match(html, /<html lang="en">/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/, 'no script, no remote URL');
  assert.match(html, /<svg class="chart"[^>]*role="img"/);
  assert.match(html, /href="file:\/\/\/logs\/server\.log#L1"/);
  assert.match(html, /prefers-color-scheme:dark/);
  const zh = buildReport([log('client.log', client), log('server.log', server)], byId, { locale: 'zh-cn' });
  const zhHtml = renderHtml(zh);
  assert.match(zhHtml, /<html lang="zh-CN">/);
  assert.match(zhHtml, /gRPC 事故报告/);
  assert.match(renderMarkdown(zh), /起因:\*\* 13:47:23\.101 的服务端优雅停止/);
  const json = JSON.parse(renderJson(en));
  assert.equal(json.incidents[0].first, '2026-12-04T13:47:23.150Z');
  assert.equal(json.incidents[0].cause.time, '2026-12-04T13:47:23.101Z');
  const webview = renderHtml(en, { webviewNonce: 'abc123', cspSource: 'vscode-webview:' });
  assert.match(webview, /script-src 'nonce-abc123'/);
  assert.match(webview, /<script nonce="abc123">/);
  assert.match(webview, /data-file="client\.log" data-line="0"/);
});
