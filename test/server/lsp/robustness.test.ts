import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HoverRequest } from 'vscode-languageserver';
import { LookupRequest, ScanTextRequest } from '../../../shared/protocol';
import { startInProcess, type LspHarness } from '../../helpers/lspHarness';

const GO_ERROR = 'rpc error: code = Unavailable desc = error reading from server: EOF';

async function stillAnswers(h: LspHarness): Promise<void> {
  const { matches } = await h.connection.sendRequest(LookupRequest.type, { query: 'error reading from server' });
  assert.ok(matches.length > 0, 'the server still answers after the bad input');
}

test('bad documents neither crash nor hang the server: 5 MB on one line, lone surrogates, NUL bytes', async () => {
  const h = startInProcess();
  try {
    await h.initialize({ settings: { debounceMs: 0 } });
    const huge = `${'x'.repeat(2_500_000)} ${GO_ERROR} ${'\u0000y'.repeat(1_250_000)}`;
    const hugeDone = h.diagnostics('file:///huge.log');
    await h.open('file:///huge.log', huge);
    assert.equal((await hugeDone).diagnostics.length, 1);

    const manyOnOneLine = Array.from({ length: 60_000 }, () => GO_ERROR).join(' | ');
    const manyDone = h.diagnostics('file:///many.log');
    await h.open('file:///many.log', manyOnOneLine);
    assert.equal((await manyDone).diagnostics.length, 1, 'one line, one incident per entry');

    const broken = `\ud800 lone high\n\udc00 lone low\n\u0000\u0000${GO_ERROR}\ud83d\n\uffff\ufffe\n`;
    const brokenDone = h.diagnostics('file:///broken.log');
    await h.open('file:///broken.log', broken);
    const [d] = (await brokenDone).diagnostics;
    assert.equal(d.range.start.line, 2);
    // edits that split a surrogate pair and insert NULs into the middle of the match
    const edited = h.diagnostics('file:///broken.log', (p) => p.version === 2);
    await h.change('file:///broken.log', [
      { range: { start: { line: 2, character: 10 }, end: { line: 2, character: 10 } }, text: '\u0000\ud83d' },
    ]);
    await edited;
    await stillAnswers(h);
  } finally {
    await h.stop();
  }
});

test('bad requests are answered, not fatal', async () => {
  const h = startInProcess();
  try {
    await h.initialize({
      settings: { debounceMs: 0, maxProblems: 'lots', severity: { logs: 'loud' }, userPatterns: 'nope' },
    });
    assert.equal(await h.hover('file:///never-opened.log', 0, 0), null);
    assert.equal(
      await h.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///x' } } as never),
      null,
    );
    await assert.rejects(h.connection.sendRequest(ScanTextRequest.type, { text: 42 } as never));
    await assert.rejects(h.connection.sendRequest(LookupRequest.type, null as never));
    await assert.rejects(h.connection.sendRequest('grpcDoctor/noSuchMethod', {}));
    // out-of-range edits are clamped, not fatal
    const opened = h.diagnostics('file:///r.log');
    await h.open('file:///r.log', GO_ERROR);
    await opened;
    const edited = h.diagnostics('file:///r.log', (p) => p.version === 2);
    await h.change('file:///r.log', [
      { range: { start: { line: 99, character: 5 }, end: { line: 3, character: 0 } }, text: `\n${GO_ERROR}` },
    ]);
    assert.equal((await edited).diagnostics.length, 2);
    // settings of the wrong type fall back to defaults and are logged, once
    assert.ok(h.logs.some((l) => l.message.includes('grpcDoctor.maxProblems')));
    await stillAnswers(h);
  } finally {
    await h.stop();
  }
});
