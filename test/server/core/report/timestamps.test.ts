import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatTime, TimeReader } from '../../../../server/src/core/report/timestamps';

const REF = Date.UTC(2026, 11, 4, 12, 0, 0); // "now" for stamps without a year or date
const iso = (ms: number | undefined): string => (ms === undefined ? 'none' : new Date(Math.floor(ms)).toISOString());

test('every format real logs print: the stamp, its form and whether it carries a zone', () => {
  const cases: [string, string, string, boolean][] = [
    // RFC 3339 / ISO 8601 with fractions (grpc-java capture, grpc-js capture), offsets
    ['2026-11-28T15:33:35.787966977Z INFO  [orders-client] starting', '2026-11-28T15:33:35.787Z', 'iso', true],
    ['2026-11-28T15:32:52.438Z INFO  [orders-client] starting', '2026-11-28T15:32:52.438Z', 'iso', true],
    ['2026-12-04T10:15:08.5+02:00 level=error msg="rpc error"', '2026-12-04T08:15:08.500Z', 'iso', true],
    ['2026-12-04T10:15:08-0530 x', '2026-12-04T15:45:08.000Z', 'iso', true],
    // logback / log4j default, Python logging (comma)
    ['2026-12-04 10:15:08.123 [main] ERROR i.g.i.ManagedChannelImpl - boom', '2026-12-04T10:15:08.123Z', 'iso', false],
    ['2026-11-28 15:33:12,563 INFO  [orders-client] starting client', '2026-11-28T15:33:12.563Z', 'iso', false],
    // Go log (default flags, and Lmicroseconds behind a prefix)
    ['2026/12/04 10:15:08 ERROR: [transport] Client received GoAway', '2026-12-04T10:15:08.000Z', 'go-log', false],
    ['[orders-client] 2026/11/28 15:33:29.657388 INFO  starting client', '2026-11-28T15:33:29.657Z', 'go-log', false],
    // C-core glog / absl: no year
    [
      'I1204 10:15:08.123456   12345 chttp2_transport.cc:1234] ipv4:127.0.0.1:50051: Got goaway',
      '2026-12-04T10:15:08.123Z',
      'glog',
      false,
    ],
    ['E1203 23:59:59.999999  77 subchannel.cc:1] x', '2026-12-03T23:59:59.999Z', 'glog', false],
    // java.util.logging SimpleFormatter
    [
      'Dec 04, 2026 10:15:09 AM io.grpc.internal.ManagedChannelImpl$2 uncaughtException',
      '2026-12-04T10:15:09.000Z',
      'java-jul',
      false,
    ],
    [
      'Dec 04, 2026 12:05:09 PM io.grpc.netty.NettyServerHandler onGoAway',
      '2026-12-04T12:05:09.000Z',
      'java-jul',
      false,
    ],
    ['Dec 04, 2026 12:05:09 AM x', '2026-12-04T00:05:09.000Z', 'java-jul', false],
    // syslog / journalctl (short and short-precise)
    ['Dec  4 10:15:08 host orders[123]: rpc error: code = Unavailable', '2026-12-04T10:15:08.000Z', 'syslog', false],
    ['Dec 04 10:15:08.250001 host orders[123]: x', '2026-12-04T10:15:08.250Z', 'syslog', false],
    // JSON loggers: zap ts seconds (float), pino time millis, ISO string values
    [
      '{"level":"error","ts":1796379308.123,"msg":"rpc error: code = Unavailable"}',
      '2026-12-04T10:15:08.123Z',
      'epoch-s',
      true,
    ],
    [
      '{"level":50,"time":1796379308123,"msg":"14 UNAVAILABLE: Connection dropped"}',
      '2026-12-04T10:15:08.123Z',
      'epoch-ms',
      true,
    ],
    ['{"level":"error","time":"2026-12-04T10:15:08.123Z","message":"x"}', '2026-12-04T10:15:08.123Z', 'iso', true],
    // CRI (containerd) and kubectl --timestamps / docker logs -t prefixes
    ['2026-12-04T10:15:08.123456789Z stderr F 2026/12/04 10:15:07 rpc error', '2026-12-04T10:15:08.123Z', 'iso', true],
    // journald forwarding an application's own stamp: the wrapper's (leftmost) stamp, as on its other lines
    [
      'Nov 28 10:00:00 node-1 orders-client[4242]: 2026-11-28 15:33:12,563 INFO  [orders-client] x',
      '2026-11-28T10:00:00.000Z',
      'syslog',
      false,
    ],
    [
      '[pod/api-7d9c5b6f4-x2x8q/app] 2026-11-28 15:33:15,784 INFO  [orders-client] starting',
      '2026-11-28T15:33:15.784Z',
      'iso',
      false,
    ],
    ['time="2026-12-04T18:28:42Z" level=info msg="starting client"', '2026-12-04T18:28:42.000Z', 'iso', true],
    // a time of day only (tracing without a date, as the tonic capture prints)
    [
      '14:33:53.580Z INFO  [orders-client] starting client (tonic 0.14.9)',
      '2026-12-04T14:33:53.580Z',
      'time-only',
      true,
    ],
  ];
  for (const [line, want, form, zoned] of cases) {
    const parsed = new TimeReader(REF).read(line);
    assert.ok(parsed, `no stamp found in ${line}`);
    assert.equal(iso(parsed.ms), want, line);
    assert.equal(parsed.form, form, line);
    assert.equal(parsed.zoned, zoned, line);
  }
});

test('fractions keep microseconds; formatTime shows milliseconds as printed', () => {
  const p = new TimeReader(REF).read('I1204 10:15:08.123456 1 x.cc:1] y')!;
  assert.ok(Math.abs((p.ms % 1000) - 123.456) < 1e-3);
  assert.equal(formatTime(p.ms), '10:15:08.123');
  assert.equal(formatTime(p.ms, true), '2026-12-04 10:15:08.123');
});

test('lines without a stamp inherit the last one; no stamp before gives none', () => {
  const r = new TimeReader(REF);
  assert.equal(r.timeOf('    at io.grpc.Status.asRuntimeException(Status.java:533)'), undefined);
  r.read('2026-12-04 10:15:08,001 ERROR boom');
  assert.equal(iso(r.timeOf('\tstatus = StatusCode.UNAVAILABLE')), '2026-12-04T10:15:08.001Z');
  assert.equal(iso(r.timeOf('2026-12-04 10:15:09,002 next')), '2026-12-04T10:15:09.002Z');
});

test('no year: the last full date gives it, else the reference; a future date is last year', () => {
  const r = new TimeReader(REF);
  r.read('2025-06-01T00:00:00Z startup');
  assert.equal(iso(r.read('Jun  2 10:00:00 host x')!.ms), '2025-06-02T10:00:00.000Z');
  // read in January, a December log with no year is from the year before
  const jan = new TimeReader(Date.UTC(2027, 0, 2));
  assert.equal(iso(jan.read('I1231 23:00:00.000000 1 a.cc:1] x')!.ms), '2026-12-31T23:00:00.000Z');
});

test('a time of day only rolls over midnight', () => {
  const r = new TimeReader(REF);
  assert.equal(iso(r.read('23:59:59.900Z a')!.ms), '2026-12-04T23:59:59.900Z');
  assert.equal(iso(r.read('00:00:00.100Z b')!.ms), '2026-12-05T00:00:00.100Z');
});

test('not stamps: versions, addresses, durations, invalid dates, text far into the line', () => {
  for (const line of [
    'connecting to 127.0.0.1:50051 (grpc-go 1.85.0)',
    'rpc error: code = Unavailable desc = connection error',
    'version 2026.12.04 build 10.15.08',
    '2026-13-45T10:15:08Z bad month',
    `${'x'.repeat(120)} 2026-12-04T10:15:08Z`,
    'took 10:15 minutes',
  ])
    assert.equal(new TimeReader(REF).read(line), undefined, line);
});
