/**
 * Pathological lines (issue 18, defects 3, 5, 6, 12): each reproduction runs here. A quadratic or
 * crashing scanner makes these hang or throw; the timeouts only turn a hang into a failure.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { StreamScanner } from '../../server/src/cli/fileScanner';
import { scanBytes, scanText, ScanState, type Finding } from '../../server/src/core/scan/matcher';
import { compilePatterns } from '../../server/src/core/scan/patterns';
import { makeEntry } from '../helpers/entries';
import { shippedPatterns } from '../helpers/knowledge';

const HANG = { timeout: 60_000 };

test(
  'defect 3: a grpc-dotnet `…\\..*…` pattern on a 540 KB line of repeated prefixes finishes; a real message on such a line is found',
  HANG,
  () => {
    const set = shippedPatterns();
    const line = 'The response ended prematurely ' + 'Error reading next message.'.repeat(20000);
    const found = scanText(set, line).filter((f) => f.entryId === 'grpc-dotnet/error-reading-next-message');
    assert.deepEqual(found, []); // no message follows the prefixes
    const real =
      'Grpc.Core.RpcException: Status(StatusCode="Internal", Detail="Error reading next message. HttpIOException: The response ended prematurely while waiting for the next frame from the server. (ResponseEnded)")';
    const hits = scanText(set, real + ' ' + 'Error reading next message.'.repeat(20000)).filter(
      (f) => f.entryId === 'grpc-dotnet/error-reading-next-message',
    );
    assert.equal(hits.length, 1);
    assert.match(hits[0].matched, /^Error reading next message\. HttpIOException: The response ended prematurely$/);
  },
);

test('defect 5: 50 000 hits on one 1.75 MB line of a file: columns counted on, not re-decoded per hit', HANG, () => {
  const set = compilePatterns([
    makeEntry('x/failed', [{ implementation: 'any', literal: 'failed to connect to all addresses' }]),
  ]);
  const unit = 'failed to connect to all addresses ';
  const data = Buffer.from('é' + unit.repeat(50000), 'utf8'); // a 2-byte character first: bytes ≠ UTF-16 columns
  const out: Finding[] = [];
  scanBytes(set, data, 0, data.length, 0, 0, {}, new ScanState(), out);
  assert.equal(out.length, 1);
  assert.equal(out[0].column, 1);
  assert.deepEqual(scanText(set, data.toString('utf8')), out);
});

test('defect 6: 160 000 hits on one line give the finding, no RangeError (text and UTF-16 paths)', HANG, () => {
  const set = shippedPatterns();
  const line = 'Received Goaway'.repeat(160000);
  const found = scanText(set, line, { includeLookalikes: true });
  assert.ok(found.length >= 1);
  assert.ok(found.every((f) => f.line === 0));
});

test('defect 12: a line longer than the piece size keeps counting columns across pieces', HANG, () => {
  const set = compilePatterns([makeEntry('x/goaway', [{ implementation: 'any', literal: 'GOAWAY received' }])]);
  const maxLine = 1 << 16;
  const prefix = 'é'.repeat(100000); // 200 000 bytes, 100 000 UTF-16 units: spans several pieces
  const text = `${prefix}GOAWAY received\nsecond GOAWAY received\n`;
  const scanner = new StreamScanner(set, {}, 4096, maxLine);
  const data = Buffer.from(text, 'utf8');
  for (let i = 0; i < data.length; i += 4096) scanner.push(data.subarray(i, i + 4096));
  const found = scanner.end();
  assert.deepEqual(
    found.map((f) => [f.line, f.column, f.endColumn]),
    [
      [0, 100000, 100015],
      [1, 7, 22],
    ],
  );
});
