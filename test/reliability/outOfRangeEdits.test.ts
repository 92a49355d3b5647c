import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startInProcess } from '../helpers/lspHarness';

const GO_LINE = 'rpc error: code = Unavailable desc = error reading from server: EOF';

// Found by `npm run fuzz` (LSP property): an insert at a line past the end corrupted the document's line
// table, so later edits, diagnostics and quick-fix ranges no longer matched the client's text.
test('edits past the end of a document are clamped to its end: the server keeps the same text as the client', async () => {
  const h = startInProcess();
  try {
    await h.initialize({ settings: { debounceMs: 0 } });
    const uri = 'file:///past-end.log';
    const opened = h.diagnostics(uri);
    await h.open(uri, `a\n${GO_LINE}\nb\n`);
    await opened;
    await h.change(uri, [
      { range: { start: { line: 119, character: 0 }, end: { line: 120, character: 0 } }, text: `\r${GO_LINE}` },
    ]);
    await h.change(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }]);
    const edited = h.diagnostics(uri, (p) => p.version === 4);
    await h.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'A' }]);
    const expectedText = `A\n${GO_LINE}\nb\nx\r${GO_LINE}`;
    const fresh = h.diagnostics('file:///fresh.log');
    await h.open('file:///fresh.log', expectedText);
    assert.deepEqual((await edited).diagnostics, (await fresh).diagnostics);
    assert.deepEqual(
      (await fresh).diagnostics.map((d) => d.range.start.line),
      [1, 4],
    );
  } finally {
    await h.stop();
  }
});
