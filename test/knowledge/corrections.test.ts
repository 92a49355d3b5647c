import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';
import { scanText } from '../../server/src/core/scan/matcher';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, shippedPatterns } from '../helpers/knowledge';

/** Corrections from the source audit (issue 14): each holds a claim that was wrong before. */

const byId = defaultKnowledge().byId;
const ids = (line: string, includeLookalikes = true): string[] =>
  scanText(shippedPatterns(), line, { includeLookalikes }).map((f) => f.entryId);

test('.NET: HTTP_1_1_REQUIRED is a negotiation failure, not a graceful server stop', () => {
  const line =
    'Grpc.Core.RpcException: Status(StatusCode="Internal", Detail="Error starting gRPC call. HttpProtocolException: The HTTP/2 server closed the connection. HTTP/2 error code \'HTTP_1_1_REQUIRED\' (0xd). (HttpProtocolError)")';
  assert.ok(!ids(line).includes('grpc-dotnet/http2-server-closed-connection'));
  assert.ok(ids(line).includes('grpc-dotnet/http2-http11-required'));
  // a look-alike: shown on hover and lookup, not reported by default
  assert.deepEqual(
    ids(line, false).filter((id) => id.startsWith('grpc-dotnet/http2')),
    [],
  );
  const graceful =
    "HttpProtocolException: The HTTP/2 server closed the connection. HTTP/2 error code 'NO_ERROR' (0x0). (HttpProtocolError)";
  assert.ok(ids(graceful, false).includes('grpc-dotnet/http2-server-closed-connection'));
  const other = "The HTTP/2 server closed the connection. HTTP/2 error code 'PROTOCOL_ERROR' (0x1).";
  assert.ok(!ids(other).includes('grpc-dotnet/http2-server-closed-connection'));
});

test('the dead-end count is named for what it is', () => {
  for (const e of byId.values()) {
    for (const d of e.dead_ends) {
      for (const m of d.measurements ?? []) {
        assert.ok(!('successes' in m), `${e.id}: dead-end measurement with "successes"`);
        assert.ok(m.didNotHelp <= m.runs, `${e.id}: didNotHelp > runs`);
      }
    }
  }
});

test("grpc-js: a server's forceShutdown() is 'Call cancelled' in the measured run, and no entry promises otherwise", () => {
  const results = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/evidence/results.json'), 'utf8')) as {
    records: { id: string; version: string; failureStatuses?: Record<string, number> }[];
  };
  const hard = results.records.find((r) => r.id === 'grpc-js/unary-shutdown/hard');
  assert.ok(hard, 'measured record grpc-js/unary-shutdown/hard');
  assert.deepEqual(Object.keys(hard.failureStatuses ?? {}), ['CANCELLED: Call cancelled']);
  assert.ok(ids('Error: 1 CANCELLED: Call cancelled').includes('grpc-js/call-cancelled'));
  for (const id of ['grpc-js/call-cancelled', 'grpc-js/connection-dropped']) {
    const e = byId.get(id)!;
    for (const w of e.workarounds) assert.doesNotMatch(w.text, /1\.12\.4/, `${id}: a workaround still promises 1.12.4`);
  }
  assert.doesNotMatch(byId.get('grpc-js/connection-dropped')!.trigger, /forceShutdown/);
});

test('tonic: the h2-wrapped body error dates from 0.9.0; the unwrapped form has its own entry', () => {
  const wrapped = byId.get('tonic/error-reading-body')!;
  assert.equal(wrapped.versions[0].introduced, 'v0.9.0');
  const old =
    'Error: status: Unknown, message: "error reading a body from connection: connection reset", details: [], metadata: MetadataMap { headers: {} }';
  assert.ok(ids(old).includes('tonic/error-reading-body-unwrapped'));
  assert.ok(!ids(old).includes('tonic/error-reading-body'));
  const now =
    'status: Unknown, message: "h2 protocol error: error reading a body from connection", details: [], metadata: MetadataMap { headers: {} }';
  assert.ok(ids(now).includes('tonic/error-reading-body'));
  assert.ok(!ids(now).includes('tonic/error-reading-body-unwrapped'));
});

test('grpc-java: GOAWAY-closed unsent streams are MISCARRIED since v1.45.0 (unlimited transparent retry), not "retried once"', () => {
  const e = byId.get('grpc-java/goaway-closed-stream')!;
  assert.match(e.retry.text, /MISCARRIED/);
  assert.equal(e.retry.rule, 'transparent retry');
  const check = e.verification?.checks?.find((c) => c.text === 'RpcProgress.MISCARRIED');
  assert.ok(check, 'the verdict is version-checked');
  assert.equal(check.since, '1.45.0');
});

test('.NET: the runtime reset text is a finding only under a gRPC status', () => {
  assert.deepEqual(
    ids(
      'System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.',
    ),
    [],
  );
  const line =
    'Grpc.Core.RpcException: Status(StatusCode="Unavailable", Detail="Error starting gRPC call. HttpRequestException: An error occurred while sending the request. IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.. SocketException: An existing connection was forcibly closed by the remote host.")';
  assert.ok(ids(line).includes('grpc-dotnet/transport-connection-reset'));
});

test('every entry says how it was verified; version-checked texts carry their releases', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/versions.md'), 'utf8');
  for (const e of byId.values()) {
    const v = e.verification;
    assert.ok(v, `${e.id}: no verification`);
    if (v.method === 'source-checked') {
      assert.ok(v.checks?.length, `${e.id}: source-checked without checks`);
      for (const c of v.checks ?? []) {
        assert.ok(c.present.length > 0 && c.since, `${e.id}: "${c.text}" without releases`);
        if (c.until)
          assert.ok(c.absent.length > 0, `${e.id}: "${c.text}" has an until but no release checked without it`);
      }
      assert.ok(
        doc.includes(`\`${e.id}\``),
        `${e.id} missing from docs/versions.md (run npm run kb:verify -- --bisect)`,
      );
    }
  }
  for (const e of byId.values()) {
    if (e.patterns.some((p) => p.implementation === 'grpc-dotnet'))
      assert.equal(e.verification?.method, 'source-read, not version-checked', e.id);
  }
});
