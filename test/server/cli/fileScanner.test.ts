import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { binaryReason, scanFile, StreamScanner } from '../../../server/src/cli/fileScanner';
import { scanText } from '../../../server/src/core/scan/matcher';
import { compilePatterns } from '../../../server/src/core/scan/patterns';
import { makeEntry } from '../../helpers/entries';

const set = compilePatterns([
  makeEntry('grpc-go/error-reading', [{ implementation: 'grpc-go', literal: 'error reading from server: ' }]),
  makeEntry('grpc-core/socket-closed', [
    { implementation: 'grpc-core', literal: 'Socket closed', requiresWrapper: true },
  ]),
]);
const GO = 'rpc error: code = Unavailable desc = error reading from server: EOF';
const PY = [
  '<_InactiveRpcError of RPC that terminated with:',
  '\tstatus = StatusCode.UNAVAILABLE',
  '\tdetails = "Socket closed"',
  '>',
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-scan-'));
function write(name: string, data: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, data);
  return p;
}

test('chunked file scan equals a whole-text scan, whatever the chunk size (boundaries inside lines and blocks)', () => {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    lines.push(`2024-01-01T00:00:${i % 60} INFO request ${i} ok`);
    if (i % 37 === 0) lines.push(GO);
    if (i % 53 === 0) lines.push(...PY);
  }
  const text = lines.join('\n');
  const file = write('chunks.log', text);
  const expected = scanText(set, text);
  assert.ok(expected.length > 15);
  for (const chunk of [7, 64, 1000, 4096, 1 << 20]) {
    assert.deepEqual(scanFile(set, file, {}, chunk).findings, expected, `chunk ${chunk}`);
  }
});

test('binary files are skipped with a reason', () => {
  assert.equal(binaryReason(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), 'PNG image');
  assert.equal(binaryReason(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1])), 'ELF binary');
  assert.equal(binaryReason(Buffer.from([0x1f, 0x8b, 8, 0])), 'gzip archive');
  const elf = write('a.out', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.from(GO)]));
  assert.deepEqual(scanFile(set, elf), { findings: [], skipped: 'ELF binary' });
  assert.equal(binaryReason(Buffer.from(`${GO}\n`)), undefined);
});

test('a few NUL bytes in a log do not make it binary; findings around them are found', () => {
  const file = write('nul.log', Buffer.concat([Buffer.from('start\n\0\0\n'), Buffer.from(`${GO}\n`)]));
  const r = scanFile(set, file);
  assert.equal(r.skipped, undefined);
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0].line, 2);
});

test('invalid UTF-8 is tolerated and columns count decoded characters', () => {
  const file = write(
    'bad-utf8.log',
    Buffer.concat([
      Buffer.from([0xff, 0xfe, 0x41]).subarray(2),
      Buffer.from([0xc3, 0x28, 0x20]),
      Buffer.from(`${GO}\n`),
    ]),
  );
  const [f] = scanFile(set, file).findings;
  assert.equal(f.line, 0);
  assert.equal(f.matched, 'error reading from server: ');
  assert.equal(f.column, 'A\ufffd( rpc error: code = Unavailable desc = '.length);
});

test('UTF-16 LE and BE with BOM are decoded', () => {
  const le = write('le.log', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x\r\n${GO}\r\n`, 'utf16le')]));
  const r = scanFile(set, le);
  assert.equal(r.utf16, true);
  assert.deepEqual(
    r.findings.map((f) => [f.line, f.entryId]),
    [[1, 'grpc-go/error-reading']],
  );
  const beBody = Buffer.from(`${GO}\n`, 'utf16le');
  beBody.swap16();
  const be = write('be.log', Buffer.concat([Buffer.from([0xfe, 0xff]), beBody]));
  assert.equal(scanFile(set, be).findings.length, 1);
});

test('CR-only and CRLF line ends, and a 5 MB single line', () => {
  const crlf = write('crlf.log', `a\r\n${GO}\r\nb\r\n`);
  const [f] = scanFile(set, crlf).findings;
  assert.equal(f.line, 1);
  const long = write('long.log', `${'x'.repeat(5 * 1024 * 1024)} ${GO} tail\nnext ${GO}\n`);
  const found = scanFile(set, long, {}, 1 << 20).findings;
  const col = GO.indexOf('error reading');
  assert.deepEqual(
    found.map((x) => [x.line, x.column]),
    [
      [0, 5 * 1024 * 1024 + 1 + col],
      [1, 5 + col],
    ],
  );
  // a lone CR ends a line, as in editors
  const cr = write('cr.log', `a\r${GO}\rb\r${PY.join('\r')}\r`);
  assert.deepEqual(
    scanFile(set, cr, {}, 16).findings.map((x) => [x.line, x.column]),
    [
      [1, col],
      [5, 12],
    ],
  );
  assert.deepEqual(
    scanText(set, `a\r${GO}\rb\r${PY.join('\r')}\r`).map((x) => [x.line, x.column]),
    [
      [1, col],
      [5, 12],
    ],
  );
});

test('empty file and stream scanner without trailing newline', () => {
  assert.deepEqual(scanFile(set, write('empty.log', '')).findings, []);
  const s = new StreamScanner(set);
  s.push(Buffer.from(GO.slice(0, 30)));
  s.push(Buffer.from(GO.slice(30)));
  assert.equal(s.end().length, 1);
});
