import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { scanLines, scanText } from '../../../../server/src/core/scan/matcher';
import { compilePatterns } from '../../../../server/src/core/scan/patterns';
import { makeEntry } from '../../../helpers/entries';

const entries = [
  makeEntry('grpc-go/error-reading', [{ implementation: 'grpc-go', literal: 'error reading from server: ' }]),
  makeEntry('grpc-go/prior-goaway', [
    { implementation: 'grpc-go', literal: ', received prior goaway: ', priority: 10 },
  ]),
  makeEntry('grpc-core/socket-closed', [
    { implementation: 'grpc-core', literal: 'Socket closed', requiresWrapper: true },
  ]),
  makeEntry('grpc-js/connection-dropped', [
    { implementation: 'grpc-js', literal: 'Connection dropped', requiresWrapper: true, wrappers: ['grpc-js'] },
  ]),
  makeEntry('grpc-core/transport-closed', [
    {
      implementation: 'grpc-core',
      literal: 'Transport closed',
      requiresWrapper: true,
      wrappers: ['grpc-core', 'grpc-node-legacy'],
    },
  ]),
  makeEntry('any/reset', [{ implementation: 'any', literal: 'Connection reset by peer', requiresWrapper: true }]),
  makeEntry('grpc-core/rst', [
    {
      implementation: 'grpc-core',
      regex: 'Received RST_STREAM with error code \\d+',
      status: { name: 'CANCELLED', code: 1 },
    },
  ]),
  makeEntry(
    'grpc-go/deadline',
    [{ implementation: 'grpc-go', literal: 'context deadline exceeded', requiresWrapper: true }],
    { lookalike: true, family: 'deadline-exceeded' },
  ),
];
const set = compilePatterns(entries);

test('Go wrapper: range of the message, status from the wrapper', () => {
  const line = '2024/05/01 10:00:00 recv: rpc error: code = Unavailable desc = error reading from server: EOF';
  const [f, ...rest] = scanText(set, `starting\n${line}\n`);
  assert.equal(rest.length, 0);
  assert.equal(f.entryId, 'grpc-go/error-reading');
  assert.equal(f.line, 1);
  assert.equal(f.column, line.indexOf('error reading'));
  assert.equal(f.matched, 'error reading from server: ');
  assert.deepEqual(f.status, { name: 'UNAVAILABLE', code: 14 });
  assert.equal(f.wrapper, 'grpc-go');
});

test('a higher-priority pattern on the same line wins over the message it embeds', () => {
  const line =
    'rpc error: code = Unavailable desc = closing transport due to: connection error: desc = "error reading from server: EOF", received prior goaway: code: NO_ERROR, debug data: "graceful_stop"';
  const found = scanText(set, line);
  assert.deepEqual(
    found.map((f) => f.entryId),
    ['grpc-go/prior-goaway'],
  );
});

test('Python block: one finding on the details line, status from the status line, header never a finding', () => {
  const text = [
    'Traceback (most recent call last):',
    'grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:',
    '\tstatus = StatusCode.UNAVAILABLE',
    '\tdetails = "Socket closed"',
    '\tdebug_error_string = "UNKNOWN:Error received from peer  {grpc_message:"Socket closed", grpc_status:14, created_time:"2024"}"',
    '>',
  ].join('\n');
  const found = scanText(set, text);
  assert.equal(found.length, 1);
  assert.equal(found[0].line, 3);
  assert.equal(found[0].entryId, 'grpc-core/socket-closed');
  assert.equal(found[0].status.name, 'UNAVAILABLE');
  assert.equal(found[0].wrapper, 'grpc-python');
});

test('Node error and its object dump are one incident', () => {
  const text = [
    'Error: 14 UNAVAILABLE: Connection dropped',
    '    at callErrorFromStatus (/app/node_modules/@grpc/grpc-js/build/src/call.js:31:19)',
    '    at Object.onReceiveStatus (/app/node_modules/@grpc/grpc-js/build/src/client.js:193:76)',
    '{',
    '  code: 14,',
    "  details: 'Connection dropped',",
    '  metadata: Metadata { internalRepr: Map(0) {}, options: {} }',
    '}',
  ].join('\n');
  const found = scanText(set, text);
  assert.deepEqual(
    found.map((f) => [f.line, f.entryId, f.implementation]),
    [[0, 'grpc-js/connection-dropped', 'grpc-js']],
  );
});

test('generic text needs a wrapper, and the right one', () => {
  assert.equal(scanText(set, 'INFO Socket closed by keepalive in our own pool').length, 0);
  assert.equal(
    scanText(set, 'rpc error: code = Unavailable desc = Connection dropped').length,
    0,
    'wrappers: [grpc-js] only',
  );
  const reset = scanText(set, 'io.grpc.StatusRuntimeException: UNAVAILABLE: Connection reset by peer');
  assert.equal(reset[0].implementation, 'grpc-java', "an any-pattern takes the wrapper's implementation");
});

test('prose about shutting down is never a finding', () => {
  const prose = [
    'INFO shutting down metrics exporter',
    'nginx: gracefully shutting down',
    'server closed the connection politely',
  ].join('\n');
  assert.deepEqual(scanText(set, prose), []);
});

test('regex patterns report the regex match range', () => {
  const line = '  details = "Received RST_STREAM with error code 8"';
  const [f] = scanText(set, line);
  assert.equal(f.entryId, 'grpc-core/rst');
  assert.equal(f.matched, 'Received RST_STREAM with error code 8');
  assert.equal(f.status.name, 'CANCELLED');
});

test('look-alikes only when asked', () => {
  const line = 'rpc error: code = DeadlineExceeded desc = context deadline exceeded';
  assert.equal(scanText(set, line).length, 0);
  const [f] = scanText(set, line, { includeLookalikes: true });
  assert.equal(f.entryId, 'grpc-go/deadline');
  assert.equal(f.status.name, 'DEADLINE_EXCEEDED');
});

test('CRLF, non-ASCII columns and maxFindings', () => {
  const text = '中文日志 rpc error: code = Unavailable desc = error reading from server: EOF\r\nnext\r\n';
  const [f] = scanText(set, text);
  assert.equal(f.column, '中文日志 rpc error: code = Unavailable desc = '.length);
  assert.equal(f.matched, 'error reading from server: ');
  const many = Array.from(
    { length: 50 },
    () => 'rpc error: code = Unavailable desc = error reading from server: EOF',
  ).join('\n');
  assert.equal(scanText(set, many, { maxFindings: 7 }).length, 7);
  assert.equal(scanText(set, many).length, 50);
});

test('scanLines finds the same as a full scan for the lines it covers, with lookback context', () => {
  const lines = [
    'a',
    'x = <_InactiveRpcError of RPC that terminated with:',
    '\tstatus = StatusCode.UNAVAILABLE',
    '\tdetails = "Socket closed"',
    'b',
  ];
  const text = lines.join('\n');
  const offsets: number[] = [];
  let o = 0;
  for (const l of lines) {
    offsets.push(o);
    o += l.length + 1;
  }
  const partial = scanLines(set, text, offsets, 3, 3);
  assert.deepEqual(partial, scanText(set, text));
});

test('the Node error form also stands for the legacy C-core node package when a pattern accepts it', () => {
  const [f] = scanText(set, 'Error: 14 UNAVAILABLE: Transport closed');
  assert.equal(f?.entryId, 'grpc-core/transport-closed');
  assert.equal(f.implementation, 'grpc-core');
  assert.equal(
    scanText(set, 'rpc error: code = Unavailable desc = Transport closed').length,
    0,
    'a Go wrapper is not accepted',
  );
});
