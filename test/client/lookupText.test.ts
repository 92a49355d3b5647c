import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksLikeGrpcError, queryLine } from '../../client/src/lookupText';
import { scanText } from '../../server/src/core/scan/matcher';
import { ROOT, shippedPatterns } from '../helpers/knowledge';

const lines = (text: string): number[] => scanText(shippedPatterns(), text).map((f) => f.line);

test('a pasted log pre-fills the lookup with the line of its first finding', () => {
  const log = fs.readFileSync(path.join(ROOT, 'examples/python-grpcio-server-killed.log'), 'utf8');
  const found = lines(log);
  assert.ok(found.length > 0);
  const q = queryLine(log, found);
  assert.ok(q);
  assert.equal(q, log.split('\n')[found[0]].trim());
});

test('text the scanner does not know still pre-fills when it carries a gRPC status wrapper', () => {
  for (const text of [
    'status = StatusCode.UNAVAILABLE',
    'rpc error: code = Unavailable desc = something new',
    'io.grpc.StatusRuntimeException: UNAVAILABLE',
  ]) {
    assert.ok(looksLikeGrpcError(text), text);
    assert.equal(queryLine(`first line\n${text}\nlast`, []), text);
  }
});

test('ordinary clipboard contents do not pre-fill the lookup', () => {
  for (const text of [undefined, '', 'hello', 'https://example.com/docs', 'const x = 1;', 'x'.repeat(5000)]) {
    assert.equal(looksLikeGrpcError(text), false, String(text).slice(0, 20));
    assert.equal(queryLine(text, text ? lines(text) : []), undefined, String(text).slice(0, 20));
  }
});

test('the pre-filled query is one trimmed line of at most 300 characters', () => {
  const long = `   rpc error: code = Unavailable desc = ${'x'.repeat(1000)}   `;
  const q = queryLine(long, []);
  assert.ok(q && q.length === 300 && !q.startsWith(' '));
});
