import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { canonicalStatusName, detectWrapper, isContinuationLine } from '../../../../server/src/core/scan/wrappers';

const cases: [string, string, string | undefined][] = [
  ['rpc error: code = Unavailable desc = transport is closing', 'grpc-go', 'UNAVAILABLE'],
  ['rpc error: code = Canceled desc = grpc: the client connection is closing', 'grpc-go', 'CANCELLED'],
  ['io.grpc.StatusRuntimeException: UNAVAILABLE: Network closed for unknown reason', 'grpc-java', 'UNAVAILABLE'],
  [
    'Caused by: io.grpc.StatusException: CANCELLED: RST_STREAM closed stream. HTTP/2 error code: CANCEL',
    'grpc-java',
    'CANCELLED',
  ],
  ['\tstatus = StatusCode.UNAVAILABLE', 'grpc-python', 'UNAVAILABLE'],
  ['grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:', 'grpc-python', undefined],
  [
    '\tdebug_error_string = "UNKNOWN:Error received from peer  {grpc_message:"Socket closed", grpc_status:14}"',
    'grpc-core',
    'UNAVAILABLE',
  ],
  ['Error: 14 UNAVAILABLE: Connection dropped', 'grpc-js', 'UNAVAILABLE'],
  ['Error: 13 INTERNAL: Received RST_STREAM with code 2 (Internal server error)', 'grpc-js', 'INTERNAL'],
  [
    'Grpc.Core.RpcException: Status(StatusCode="Unavailable", Detail="Error starting gRPC call.")',
    'grpc-dotnet',
    'UNAVAILABLE',
  ],
  ['Status(StatusCode=Unavailable, Detail="Socket closed")', 'grpc-csharp-legacy', 'UNAVAILABLE'],
  [
    'Error: status: Unknown, message: "transport error", details: [], metadata: MetadataMap { headers: {} }',
    'tonic',
    'UNKNOWN',
  ],
  ['code: \'The service is currently unavailable\', message: "h2 protocol error: http2 error"', 'tonic', 'UNAVAILABLE'],
];

test("each implementation's wrapper is recognised with its status", () => {
  for (const [line, impl, status] of cases) {
    const w = detectWrapper(line);
    assert.equal(w?.implementation, impl, line);
    assert.equal(w?.status?.name, status, line);
  }
});

test('a Node-like code/name pair must agree, and prose has no wrapper', () => {
  assert.equal(detectWrapper('Error: 3 UNAVAILABLE: nope'), undefined);
  assert.equal(detectWrapper('we had 14 UNAVAILABLE nodes today'), undefined);
  assert.equal(detectWrapper('INFO shutting down metrics exporter'), undefined);
});

test('status names from every spelling', () => {
  assert.equal(canonicalStatusName('Canceled'), 'CANCELLED');
  assert.equal(canonicalStatusName('Cancelled'), 'CANCELLED');
  assert.equal(canonicalStatusName('DeadlineExceeded'), 'DEADLINE_EXCEEDED');
  assert.equal(canonicalStatusName('UNAVAILABLE'), 'UNAVAILABLE');
  assert.equal(canonicalStatusName('Bogus'), undefined);
});

test('continuation lines of an incident', () => {
  assert.ok(isContinuationLine("  details: 'Connection dropped',"));
  assert.ok(isContinuationLine('\tdebug_error_string = "…"'));
  assert.ok(isContinuationLine('Caused by: io.grpc.StatusRuntimeException: UNAVAILABLE: io exception'));
  assert.ok(!isContinuationLine('Error: 14 UNAVAILABLE: Connection dropped'));
});
