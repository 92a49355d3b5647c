import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { scanText, type Finding } from '../../../../server/src/core/scan/matcher';
import { shippedPatterns } from '../../../helpers/knowledge';

/**
 * The forms real programs print a gRPC error in (issue 13): applications printing the status themselves,
 * logging frameworks (JSON, logfmt), the libraries' own log lines, container prefixes. Each case is one
 * printed event and the finding it must give; the negatives give none.
 */
const scan = (text: string, includeLookalikes = false): Finding[] =>
  scanText(shippedPatterns(), text, { includeLookalikes });
const one = (text: string, entryId: string, status?: string): Finding => {
  const found = scan(text);
  assert.deepEqual(
    found.map((f) => f.entryId),
    [entryId],
    text,
  );
  if (status) assert.equal(found[0].status.name, status, text);
  return found[0];
};

test('the status printed by the application: C++, Python, Rust, JSON fields', () => {
  one('14: Cancelling all calls', 'grpc-core/cancelling-all-calls', 'UNAVAILABLE');
  one('rpc failed: 14: Socket closed', 'grpc-core/socket-closed', 'UNAVAILABLE');
  one(
    '2026-12-04 10:00:00,123 ERROR client code=StatusCode.UNAVAILABLE details=Cancelling all calls',
    'grpc-core/cancelling-all-calls',
    'UNAVAILABLE',
  );
  one('level=error status=UNAVAILABLE msg="Socket closed"', 'grpc-core/socket-closed', 'UNAVAILABLE');
  one(
    '2026-12-04T10:00:00.123Z ERROR client: call failed error=code: \'The service is currently unavailable\', message: "Too many pings" code=Unavailable',
    'grpc-core/goaway-too-many-pings',
    'UNAVAILABLE',
  );
  one(
    '{"level":"error","msg":"call failed","error":"Socket closed","grpc.code":"Unavailable"}',
    'grpc-core/socket-closed',
    'UNAVAILABLE',
  );
  one(
    '{"level":50,"msg":"call failed","code":14,"details":"Transport closed"}',
    'grpc-core/transport-closed',
    'UNAVAILABLE',
  );
  one(
    'E, [2026-12-04T10:00:00.123 #1] ERROR -- : GRPC::Unavailable: 14:Socket closed',
    'grpc-core/socket-closed',
    'UNAVAILABLE',
  );
  one(
    'WARN  rpc failed status_code=14 message="Endpoint read failed"',
    'grpc-core/endpoint-read-failed',
    'UNAVAILABLE',
  );
  one('request failed: grpc-status: 14, grpc-message: Socket closed', 'grpc-core/socket-closed', 'UNAVAILABLE');
});

test('the status decides the family: a shutdown text printed with DEADLINE_EXCEEDED is a look-alike', () => {
  const line = 'rpc error: code = DeadlineExceeded desc = stream terminated by RST_STREAM with error code: CANCEL';
  assert.deepEqual(scan(line), []);
  const [f] = scan(line, true);
  assert.equal(f.lookalike, true);
  assert.equal(f.family, 'deadline-exceeded');
  assert.equal(f.status.name, 'DEADLINE_EXCEEDED');
  assert.equal(
    scan('rpc error: code = Canceled desc = stream terminated by RST_STREAM with error code: CANCEL').length,
    1,
  );
});

test('JSON and logfmt values: escapes undone, ranges on the raw characters', () => {
  const line =
    '{"level":"warn","logger":"grpc","msg":"[transport] [client-transport 0xc000] Closing: connection error: desc = \\"error reading from server: EOF\\", received prior goaway: code: ENHANCE_YOUR_CALM, debug data: \\"too_many_pings\\""}';
  const f = one(line, 'grpc-go/too-many-pings');
  assert.equal(
    line.slice(f.column, f.endColumn),
    'received prior goaway: code: ENHANCE_YOUR_CALM, debug data: \\"too_many_pings\\"',
  );
  assert.equal(f.matched, line.slice(f.column, f.endColumn));
  const logfmt =
    'time=2026-12-04T10:00:00Z level=ERROR msg="rpc failed" err="rpc error: code = Unavailable desc = \\"transport is closing\\""';
  const g = one(logfmt, 'grpc-go/transport-is-closing', 'UNAVAILABLE');
  assert.equal(logfmt.slice(g.column, g.endColumn), 'transport is closing');
  const unicode =
    '{"msg":"\\u003c_InactiveRpcError of RPC that terminated with:\\n\\tstatus = StatusCode.UNAVAILABLE\\n\\tdetails = \\"Socket closed\\"\\n\\u003e"}';
  const u = one(unicode, 'grpc-core/socket-closed', 'UNAVAILABLE');
  assert.equal(unicode.slice(u.column, u.endColumn), 'Socket closed');
});

test('a Python traceback joined with \\n inside one JSON string is one incident', () => {
  const record = JSON.stringify({
    levelname: 'ERROR',
    name: 'client',
    message: 'call failed',
    exc_info:
      'Traceback (most recent call last):\n  File "client.py", line 9, in <module>\ngrpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:\n\tstatus = StatusCode.UNAVAILABLE\n\tdetails = "Socket closed"\n\tdebug_error_string = "UNKNOWN:Error received from peer  {grpc_message:"Socket closed", grpc_status:14}"\n>',
  });
  const f = one(record, 'grpc-core/socket-closed', 'UNAVAILABLE');
  assert.equal(record.slice(f.column, f.endColumn), 'Socket closed');
  assert.ok(record.slice(0, f.column).endsWith('details = \\"'), 'the details field, the first occurrence');
  // JSON in a JSON string (a collector wrapping the application's record)
  const wrapped = JSON.stringify({ stream: 'stderr', log: record });
  const w = one(wrapped, 'grpc-core/socket-closed', 'UNAVAILABLE');
  assert.equal(wrapped.slice(w.column, w.endColumn), 'Socket closed');
});

test('container prefixes: the Python status block and the Node dump survive CRI, docker, kubectl', () => {
  const block = [
    'Traceback (most recent call last):',
    'grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:',
    '\tstatus = StatusCode.UNAVAILABLE',
    '\tdetails = "Socket closed"',
    '\tdebug_error_string = "UNKNOWN:Error received from peer  {grpc_message:"Socket closed", grpc_status:14}"',
    '>',
  ];
  for (const prefix of [
    '2026-12-04T10:00:00.016500000Z stderr F ',
    '2026-12-04T10:00:00.016500123Z ',
    '[pod/api-7d9/app] ',
    'Dec  4 10:00:00 web-1 client[12]: ',
    '2026-12-04T10:00:00.1234567Z ',
  ]) {
    const found = scan(block.map((l) => prefix + l).join('\n'));
    assert.deepEqual(
      found.map((f) => [f.line, f.entryId, f.status.name]),
      [[3, 'grpc-core/socket-closed', 'UNAVAILABLE']],
      prefix,
    );
  }
  const node = [
    'Error: 14 UNAVAILABLE: Connection dropped',
    '    at callErrorFromStatus (/app/node_modules/@grpc/grpc-js/build/src/call.js:31:19)',
    '{',
    '  code: 14,',
    "  details: 'Connection dropped',",
    '}',
  ];
  const found = scan(node.map((l) => `2026-12-04T10:00:00.016500000Z stderr F ${l}`).join('\n'));
  assert.deepEqual(
    found.map((f) => [f.line, f.entryId]),
    [[0, 'grpc-js/connection-dropped']],
  );
});

test('one finding per incident: Java log line + its exception; Node source excerpt + its Error line', () => {
  const java = [
    'Dec 04, 2026 10:00:00 AM io.grpc.examples.helloworld.HelloWorldClient greet',
    'WARNING: RPC failed: Status{code=UNAVAILABLE, description=Network closed for unknown reason, cause=null}',
    'io.grpc.StatusRuntimeException: UNAVAILABLE: Network closed for unknown reason',
    '\tat io.grpc.stub.ClientCalls.toStatusRuntimeException(ClientCalls.java:268)',
  ].join('\n');
  assert.deepEqual(
    scan(java).map((f) => [f.line, f.entryId]),
    [[1, 'grpc-java/network-closed-unknown-reason']],
  );
  const node = [
    '/app/node_modules/@grpc/grpc-js/build/src/channel.js:160',
    "            throw new Error('Channel has been shut down');",
    '            ^',
    '',
    'Error: Channel has been shut down',
    '    at ChannelImplementation.createCall (/app/node_modules/@grpc/grpc-js/build/src/channel.js:160:19)',
  ].join('\n');
  assert.deepEqual(
    scan(node).map((f) => [f.line, f.entryId]),
    [[4, 'grpc-js/channel-has-been-shut-down']],
  );
});

test('library log lines: trace prefixes, component tags, logger names; INFO/DEBUG is context', () => {
  const go = one(
    '2026/12/04 10:00:00 INFO: [transport] [client-transport 0xc000220000] Closing: rpc error: code = Unavailable desc = transport is closing',
    'grpc-go/transport-is-closing',
  );
  assert.equal(go.level, 'context');
  const zap = one(
    '{"level":"info","ts":1764842400.1,"logger":"grpc","msg":"[transport] [server-transport 0xc0001] Closing: transport is closing"}',
    'grpc-go/transport-is-closing',
  );
  assert.equal(zap.level, 'context');
  const failure = one(
    '2026/12/04 10:00:00 rpc error: code = Unavailable desc = transport is closing',
    'grpc-go/transport-is-closing',
  );
  assert.equal(failure.level, 'failure');
  const core = one(
    'I1204 10:15:08.123456     123 chttp2_transport.cc:1175] ipv4:127.0.0.1:50051: Got goaway [11] err=UNAVAILABLE:GOAWAY received; Error code: 11; Debug Text: too_many_pings',
    'grpc-core/goaway-too-many-pings',
  );
  assert.equal(core.level, 'context');
  assert.equal(core.status.name, 'UNAVAILABLE', 'an HTTP/2 error code is not a status');
});

test('look-alike: a local cancel is hidden by default', () => {
  const block = [
    'grpc.aio._call.AioRpcError: <AioRpcError of RPC that terminated with:',
    '\tstatus = StatusCode.CANCELLED',
    '\tdetails = "Locally cancelled by application!"',
  ].join('\n');
  assert.deepEqual(scan(block), []);
  assert.deepEqual(
    scan(block, true).map((f) => f.entryId),
    ['grpc-python/locally-cancelled'],
  );
});

test('prose that mentions the same words is not a finding', () => {
  for (const line of [
    'Socket closed: see https://example.invalid/faq',
    'INFO redis: Socket closed, reconnecting (code=0)',
    '2024-05-01T10:00:09Z INFO transport closed for tenant acme (billing)',
    '{"level":"info","msg":"websocket: Socket closed by client","status":1000}',
    'we had 3 Transport closed events today',
    'level=info msg="stream closed" status=200',
  ]) {
    assert.deepEqual(scan(line), [], line);
  }
});
