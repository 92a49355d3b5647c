import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';
import { scanText } from '../../server/src/core/scan/matcher';
import { shippedPatterns } from '../helpers/knowledge';

/** Corrections from the source audit (issue 14): each holds a claim that was wrong before. */

const byId = defaultKnowledge().byId;
const ids = (line: string, includeLookalikes = true): string[] =>
  scanText(shippedPatterns(), line, { includeLookalikes }).map((f) => f.entryId);

test('.NET: HTTP_1_1_REQUIRED is a negotiation failure, not a graceful server stop', () => {
  const line = "Grpc.Core.RpcException: Status(StatusCode=\"Internal\", Detail=\"Error starting gRPC call. HttpProtocolException: The HTTP/2 server closed the connection. HTTP/2 error code 'HTTP_1_1_REQUIRED' (0xd). (HttpProtocolError)\")";
  assert.ok(!ids(line).includes('grpc-dotnet/http2-server-closed-connection'));
  assert.ok(ids(line).includes('grpc-dotnet/http2-http11-required'));
  // a look-alike: shown on hover and lookup, not reported by default
  assert.deepEqual(ids(line, false).filter((id) => id.startsWith('grpc-dotnet/http2')), []);
  const graceful = "HttpProtocolException: The HTTP/2 server closed the connection. HTTP/2 error code 'NO_ERROR' (0x0). (HttpProtocolError)";
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
