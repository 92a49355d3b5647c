import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  linkRangesForLine,
  linksFromOutputs,
  stripAnsi,
  tailLines,
  type FindingSpan,
} from '../../client/src/outputText';
import { scanText } from '../../server/src/core/scan/matcher';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, shippedPatterns } from '../helpers/knowledge';

/** What the terminal link provider gets from grpcDoctor/scanText for one line, via the real matcher. */
function spans(line: string): FindingSpan[] {
  return scanText(shippedPatterns(), line).map((f) => ({
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    id: f.entryId,
    title: f.title,
  }));
}

test('stripAnsi removes colours, cursor moves and shell-integration OSC marks (BEL and ST terminated)', () => {
  const raw =
    '\x1b]633;C\x07\x1b[1m\x1b[31mrpc error\x1b[0m: code = Unavailable\x1b[K\r\n\x1b]633;D;1\x1b\\next\x1b[2J';
  assert.equal(stripAnsi(raw), 'rpc error: code = Unavailable\nnext');
  assert.equal(stripAnsi('a\rb\r\nc'), 'a\nb\nc');
  assert.equal(stripAnsi('plain 中文 text'), 'plain 中文 text');
});

test('a gRPC error line in a terminal becomes a link over the matched text, named after the entry', () => {
  const line = '2026-11-28 14:14:13 ERROR rpc error: code = Unavailable desc = error reading from server: EOF';
  const links = linkRangesForLine(line, spans(line));
  assert.ok(links.length >= 1, 'the shipped knowledge recognises this grpc-go line');
  for (const l of links) {
    assert.ok(l.startIndex >= 0 && l.startIndex + l.length <= line.length);
    assert.ok(line.slice(l.startIndex, l.startIndex + l.length).length > 0);
    assert.match(l.entryId, /^[a-z-]+\//);
    assert.ok(l.title.length > 0);
  }
  assert.ok(links.some((l) => line.slice(l.startIndex, l.startIndex + l.length).includes('error reading from server')));
});

test('ordinary terminal lines get no links', () => {
  for (const line of ['$ ls -la', 'npm test', 'The server shut down gracefully after the demo, as planned.', '']) {
    assert.deepEqual(linkRangesForLine(line, spans(line)), [], line);
  }
});

test('link ranges are clipped to the line, never overlap and skip other lines', () => {
  const line = 'abcdefghij';
  const links = linkRangesForLine(line, [
    { line: 0, column: 2, endLine: 0, endColumn: 6, id: 'a/one', title: 'one' },
    { line: 0, column: 4, endLine: 0, endColumn: 9, id: 'a/overlap', title: 'overlap' },
    { line: 0, column: 8, endLine: 2, endColumn: 1, id: 'a/multiline', title: 'runs on' },
    { line: 1, column: 0, endLine: 1, endColumn: 3, id: 'a/next', title: 'next line' },
    { line: 0, column: 20, endLine: 0, endColumn: 30, id: 'a/outside', title: 'outside' },
  ]);
  assert.deepEqual(
    links.map((l) => [l.entryId, l.startIndex, l.length]),
    [
      ['a/one', 2, 4],
      ['a/multiline', 8, 2],
    ],
  );
});

test('tailLines keeps the end of long output from a line start', () => {
  const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
  const tail = tailLines(text, 40);
  assert.ok(tail.length <= 40);
  assert.ok(tail.endsWith('line 99'));
  assert.match(tail, /^line \d+\n/);
  assert.equal(tailLines('short', 40), 'short');
});

test('a Python detail line that needs its context gets a link from the scanned command output', () => {
  const text = fs.readFileSync(path.join(ROOT, 'test/e2e/workspace/terminal-python.log'), 'utf8');
  const lines = text.split('\n');
  const findings = scanText(shippedPatterns(), text).map((f) => ({
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    id: f.entryId,
    title: f.title,
    matched: f.matched,
  }));
  const detail = lines.find((l) => l.includes('details = "Stream removed (Socket closed)"'));
  assert.ok(detail);
  assert.deepEqual(spans(detail), [], 'alone, the line is not recognised');
  // xterm shows the tab as spaces
  const shown = detail.replace(/\t/g, '        ');
  const links = linksFromOutputs(shown, [{ lines, findings }]);
  assert.ok(links.length >= 1);
  for (const l of links)
    assert.ok(
      findings.some((f) => f.id === l.entryId && shown.slice(l.startIndex, l.startIndex + l.length) === f.matched),
    );
  assert.deepEqual(linksFromOutputs('unrelated line', [{ lines, findings }]), []);
});
