import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lineBody, stripLinePrefix } from '../../../../server/src/core/scan/linePrefix';

const BODY = '\tdetails = "Socket closed"';

test('CRI (kubelet log files): timestamp, stream and the full/partial flag', () => {
  const line = `2026-12-04T10:00:00.016500000Z stderr F ${BODY}`;
  const s = stripLinePrefix(line);
  assert.equal(line.slice(s.start), BODY);
  assert.deepEqual(
    s.layers.map((l) => [l.kind, l.timestamp, l.stream, l.partial]),
    [['cri', '2026-12-04T10:00:00.016500000Z', 'stderr', false]],
  );
  assert.equal(stripLinePrefix('2026-12-04T10:00:00.0165+01:00 stdout P partial text').layers[0].partial, true);
});

test('docker logs --timestamps / kubectl logs --timestamps: RFC3339Nano and a space', () => {
  assert.equal(lineBody(`2026-12-04T10:00:00.016500123Z ${BODY}`), BODY);
  assert.equal(stripLinePrefix(`2026-12-04T10:00:00.016500123Z ${BODY}`).layers[0].kind, 'timestamp');
});

test('GitHub Actions raw log (7 fraction digits) and GitLab runner timestamps', () => {
  assert.equal(lineBody(`2026-12-04T10:00:00.1234567Z ${BODY}`), BODY);
  const gl = stripLinePrefix(`2026-12-04T10:00:00.123456Z 00E+ ${BODY}`);
  assert.equal(gl.layers[0].kind, 'gitlab');
  assert.equal(`2026-12-04T10:00:00.123456Z 00E+ ${BODY}`.slice(gl.start), BODY);
  assert.equal(lineBody(`2026-12-04T10:00:00.123456Z 01O ${BODY}`), BODY);
});

test('kubectl logs --prefix, alone and with --timestamps', () => {
  assert.equal(lineBody(`[pod/api-7d9/app] ${BODY}`), BODY);
  const both = stripLinePrefix(`[pod/api-7d9f8-x2/app] 2026-12-04T10:00:00.016500000Z ${BODY}`);
  assert.deepEqual(
    both.layers.map((l) => l.kind),
    ['kubectl', 'timestamp'],
  );
  assert.equal(both.layers[0].source, 'api-7d9f8-x2/app');
});

test('docker compose logs: service name and bar, only as the outermost layer', () => {
  assert.equal(lineBody(`api-1  | ${BODY}`), BODY);
  assert.equal(lineBody(`2026-12-04T10:00:00Z a | b`), 'a | b');
});

test('journald short / syslog (with and without PRI) and journalctl -o short-iso', () => {
  const s = stripLinePrefix(`Dec  4 10:00:00 web-1 api[1234]: ${BODY}`);
  assert.equal(s.layers[0].kind, 'syslog');
  assert.equal(s.layers[0].timestamp, 'Dec  4 10:00:00');
  assert.equal(s.layers[0].source, 'web-1 api[1234]');
  assert.equal(lineBody(`<14>Dec 14 10:00:00 web-1 python3[99]: ${BODY}`), BODY);
  const iso = stripLinePrefix(`2026-12-04T10:00:00+0000 web-1 api[1234]: ${BODY}`);
  assert.equal(iso.layers[0].kind, 'journal-iso');
  assert.equal(`2026-12-04T10:00:00+0000 web-1 api[1234]: ${BODY}`.slice(iso.start), BODY);
});

test('Jenkins timestamper and bracketed times', () => {
  assert.equal(lineBody(`[2026-12-04T10:00:00.123Z] ${BODY}`), BODY);
  assert.equal(lineBody(`[10:00:00] ${BODY}`), BODY);
});

test("the program's own text is left alone", () => {
  for (const line of [
    BODY,
    'E1204 10:15:08.123456     123 chttp2_transport.cc:1234] ...',
    'D 2026-12-04T10:00:00.000Z | v1.14.0 99 | transport | (1) 127.0.0.1:5 connection closed by GOAWAY with code 0',
    '2026/12/04 10:00:00 INFO: [core] [Channel #1] Channel Connectivity change to IDLE',
    'Error: 14 UNAVAILABLE: Connection dropped',
    '[main] WARN io.grpc.Foo - x',
    '',
  ]) {
    assert.equal(stripLinePrefix(line).start, 0, line);
  }
});
