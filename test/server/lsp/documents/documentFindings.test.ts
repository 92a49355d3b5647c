import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DocumentFindings, RESCAN_ABOVE, RESCAN_BELOW } from '../../../../server/src/lsp/documents/documentFindings';
import { scanText } from '../../../../server/src/core/scan/matcher';
import { config, incrementalEqualsFullProperty, POOL } from '../../../properties/incremental';

test('incremental rescans equal a full scan over random edit sequences (seeded sample; npm run fuzz runs more)', () => {
  incrementalEqualsFullProperty(400, 4242);
});

test('an edit re-scans only the lines around it', () => {
  const lines = Array.from({ length: 5000 }, (_, i) => (i % 50 === 0 ? POOL[0] : `INFO line ${i}`));
  const doc = new DocumentFindings('file:///big.log', 'log', 1, lines.join('\n'));
  const cfg = config(false);
  doc.refresh(cfg);
  assert.equal(doc.findings().length, 100);
  doc.update(
    [{ range: { start: { line: 2501, character: 0 }, end: { line: 2501, character: 0 } }, text: `${POOL[0]}\n` }],
    2,
  );
  doc.refresh(cfg);
  assert.ok(doc.lastScannedLines <= 2 + RESCAN_ABOVE + RESCAN_BELOW, `scanned ${doc.lastScannedLines} lines`);
  assert.equal(doc.findings().length, 101);
  assert.deepEqual(
    doc
      .findings()
      .map((f) => f.line)
      .slice(50, 53),
    [2500, 2501, 2551],
  );
  doc.refresh(cfg);
  assert.equal(doc.lastScannedLines, 0, 'nothing to do without an edit');
});

test('a full-text change and a config change re-scan everything', () => {
  const doc = new DocumentFindings('file:///a.log', 'log', 1, POOL[14]);
  doc.refresh(config(false));
  assert.equal(doc.findings().length, 0);
  doc.refresh(config(true));
  assert.equal(doc.findings().length, 1, 'look-alike shown once the config includes them');
  doc.update([{ text: `x\n${POOL[0]}` }], 2);
  doc.refresh(config(true));
  assert.deepEqual(
    doc.findings().map((f) => [f.line, f.entryId]),
    [[1, 'grpc-go/error-reading']],
  );
  assert.deepEqual(
    doc.findingsAt(1, doc.findings()[0].column + 1).map((f) => f.entryId),
    ['grpc-go/error-reading'],
  );
  assert.deepEqual(doc.findingsAt(0, 0), []);
});

test('a lone carriage return ends a line, as in LSP positions', () => {
  const doc = new DocumentFindings('file:///p.log', 'log', 1, `progress 10%\rprogress 20%\r${POOL[0]}`);
  doc.refresh(config(false));
  const [f] = doc.findings();
  assert.equal(f.line, 2);
  assert.equal(
    doc.getText({ start: { line: 2, character: f.column }, end: { line: 2, character: f.endColumn } }),
    f.matched,
  );
});

test('an edit can merge a finding further down into its incident', () => {
  // 'Caused by: …' repeats an earlier error; 9 stack lines below a new first line it joins that incident.
  const lines = [
    ...Array.from({ length: 9 }, (_, i) => `\tat a.B.c(B.java:${i})`),
    'Caused by: error reading from server: EOF',
  ];
  const doc = new DocumentFindings('file:///c.log', 'log', 1, lines.join('\n'));
  const cfg = config(false);
  doc.refresh(cfg);
  assert.deepEqual(
    doc.findings().map((f) => f.line),
    [9],
  );
  doc.update(
    [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `${POOL[0]}\n` }],
    2,
  );
  doc.refresh(cfg);
  assert.deepEqual(
    doc.findings().map((f) => f.line),
    [0],
    'the repeated detail line now belongs to the new incident',
  );
  assert.deepEqual(doc.findings(), scanText(cfg.set, doc.getText()));
});
