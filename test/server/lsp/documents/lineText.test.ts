import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument, type Position } from 'vscode-languageserver-textdocument';
import { LineText, splitLines } from '../../../../server/src/lsp/documents/lineText';

// Text made of line breaks of every kind, surrogate pairs and plain characters, so that edits land
// between '\r' and '\n', split pairs and join lone CRs with LFs.
const piece = fc.constantFrom('\n', '\r\n', '\r', 'a', 'bc', 'ü', '😀', ' x ', 'line\n', '\r\r', '\n\n');
const text = fc.array(piece, { maxLength: 25 }).map((p) => p.join(''));
// Positions may be anywhere: past the end of a line, past the last line, negative.
const position = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 14 }) });
const change = fc.record({ start: position, end: position, text });

/**
 * The reference: TextDocument's text after the change, in a document created afresh from it (TextDocument's
 * own incremental line table goes wrong for ranges past the last line: '' + '\n' at line 6 has 7 lines).
 */
function referenceApply(current: string, range: { start: Position; end: Position }, inserted: string): TextDocument {
  const doc = TextDocument.create('file:///ref', 'plaintext', 1, current);
  TextDocument.update(doc, [{ range, text: inserted }], 2);
  return TextDocument.create('file:///ref', 'plaintext', 2, doc.getText());
}

function linesOf(doc: TextDocument): string[] {
  return Array.from({ length: doc.lineCount }, (_, line) =>
    doc.getText({ start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } }),
  );
}

test('random edit sequences give the same text and lines as TextDocument', () => {
  fc.assert(
    fc.property(text, fc.array(change, { minLength: 1, maxLength: 10 }), (initial, changes) => {
      const lines = new LineText(initial);
      let current = initial;
      for (const c of changes) {
        const range = { start: c.start, end: c.end };
        const oldCount = lines.lineCount;
        const { startLine, endLine, newLines } = lines.replace(range, c.text);
        const reference = referenceApply(current, range, c.text);
        current = reference.getText();
        assert.equal(lines.getText(), current);
        assert.equal(lines.lineCount, reference.lineCount);
        assert.equal(
          oldCount - (endLine - startLine + 1) + newLines + 1,
          lines.lineCount,
          'the reported line change adds up',
        );
        const expected = linesOf(reference);
        for (let i = 0; i < expected.length; i++) assert.equal(lines.lineAt(i), expected[i]);
      }
    }),
    { seed: 808, numRuns: 2000 },
  );
});

test('range text and line spans agree with TextDocument', () => {
  fc.assert(
    fc.property(text, position, position, fc.nat({ max: 12 }), fc.nat({ max: 12 }), (initial, start, end, a, b) => {
      const lines = new LineText(initial);
      const reference = TextDocument.create('file:///ref', 'plaintext', 1, initial);
      assert.equal(lines.getRangeText({ start, end }), reference.getText({ start, end }));
      const [from, to] = a <= b ? [a, b] : [b, a];
      const last = reference.lineCount - 1;
      if (from > last) return;
      const toLine = Math.min(to, last);
      const startOffset = reference.offsetAt({ line: from, character: 0 });
      const endOfLast = reference.offsetAt({ line: toLine, character: Number.MAX_SAFE_INTEGER });
      assert.equal(lines.linesText(from, to), initial.slice(startOffset, endOfLast));
      const nextStart = toLine + 1 <= last ? reference.offsetAt({ line: toLine + 1, character: 0 }) : initial.length;
      assert.equal(lines.lengthOf(from, to), nextStart - startOffset);
    }),
    { seed: 909, numRuns: 2000 },
  );
});

test('a lone CR followed by an inserted LF becomes one CRLF line break', () => {
  const lines = new LineText('a\rb');
  assert.equal(lines.lineCount, 2);
  const change = lines.replace({ start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, '\n');
  assert.equal(lines.getText(), 'a\r\nb');
  assert.equal(lines.lineCount, 2);
  assert.deepEqual(change, { startLine: 0, endLine: 1, newLines: 1 });
  lines.replace({ start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, '');
  assert.equal(lines.getText(), 'a\r\n');
  assert.deepEqual([lines.lineAt(0), lines.lineAt(1)], ['a', '']);
});

test('splitLines keeps every break with its line', () => {
  assert.deepEqual(splitLines(''), ['']);
  assert.deepEqual(splitLines('a\r\nb\rc\n'), ['a\r\n', 'b\r', 'c\n', '']);
  assert.deepEqual(splitLines('\r\r\n\n'), ['\r', '\r\n', '\n', '']);
});
