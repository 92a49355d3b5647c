import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { DocumentFindings, type ScanConfig } from '../../server/src/lsp/documents/documentFindings';
import { normalizeLoneCR, scanText } from '../../server/src/core/scan/matcher';
import { compilePatterns } from '../../server/src/core/scan/patterns';
import { makeEntry } from '../helpers/entries';

export const entries = [
  makeEntry('grpc-go/error-reading', [{ implementation: 'grpc-go', literal: 'error reading from server: ' }]),
  makeEntry('grpc-go/prior-goaway', [
    { implementation: 'grpc-go', literal: ', received prior goaway: ', priority: 10 },
  ]),
  makeEntry('grpc-core/socket-closed', [
    { implementation: 'grpc-core', literal: 'Socket closed', requiresWrapper: true },
  ]),
  makeEntry('grpc-js/connection-dropped', [
    { implementation: 'grpc-js', literal: 'Connection dropped', requiresWrapper: true, wrappers: ['grpc-js'] },
  ]),
  makeEntry('grpc-core/rst', [{ implementation: 'grpc-core', regex: 'Received RST_STREAM with error code \\d+' }]),
  makeEntry(
    'grpc-go/deadline',
    [{ implementation: 'grpc-go', literal: 'context deadline exceeded', requiresWrapper: true }],
    { lookalike: true },
  ),
];
export const config = (includeLookalikes: boolean): ScanConfig => ({
  set: compilePatterns(entries),
  includeLookalikes,
  key: String(includeLookalikes),
});

/** Lines that exercise wrappers, multi-line blocks and incident merging. */
export const POOL = [
  '2024/05/01 10:00:00 recv: rpc error: code = Unavailable desc = error reading from server: EOF',
  'rpc error: code = Unavailable desc = closing transport due to: connection error: desc = "error reading from server: EOF", received prior goaway: code: NO_ERROR',
  'grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:',
  '\tstatus = StatusCode.UNAVAILABLE',
  '\tdetails = "Socket closed"',
  '\tdebug_error_string = "UNKNOWN:Error received from peer  {grpc_message:"Socket closed", grpc_status:14}"',
  '>',
  'Error: 14 UNAVAILABLE: Connection dropped',
  '    at callErrorFromStatus (/app/node_modules/@grpc/grpc-js/build/src/call.js:31:19)',
  '{',
  '  code: 14,',
  "  details: 'Connection dropped',",
  '}',
  '  details = "Received RST_STREAM with error code 8"',
  'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
  'INFO all good',
  '',
  'Caused by: error reading from server: EOF',
  'message: error reading from server: unexpected EOF',
];

const fragment = fc.oneof(
  fc.constantFrom(...POOL),
  fc.constantFrom(
    '\n',
    '\r\n',
    '\r',
    'x',
    'rpc error: ',
    'Socket',
    ' closed',
    'error reading',
    ' from server: ',
    '\tstatus = StatusCode.',
    'UNAVAILABLE\n',
  ),
);
const insertText = fc.array(fragment, { maxLength: 5 }).map((parts) => parts.join(''));
const edit = fc.record({
  startLine: fc.nat(),
  startChar: fc.nat(),
  span: fc.nat({ max: 6 }),
  endChar: fc.nat(),
  text: insertText,
});
const docText = fc.array(fc.constantFrom(...POOL), { minLength: 0, maxLength: 60 }).map((lines) => lines.join('\n'));

/** Turns arbitrary numbers into a valid range of the current text (of the reference document). */
function toChange(
  td: TextDocument,
  e: { startLine: number; startChar: number; span: number; endChar: number; text: string },
): TextDocumentContentChangeEvent {
  const lineLength = (line: number): number =>
    td.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '')
      .length;
  const startLine = e.startLine % td.lineCount;
  const endLine = Math.min(td.lineCount - 1, startLine + e.span);
  const start = { line: startLine, character: e.startChar % (lineLength(startLine) + 1) };
  let end = { line: endLine, character: e.endChar % (lineLength(endLine) + 1) };
  if (endLine === startLine && end.character < start.character) end = start;
  return { range: { start, end }, text: e.text };
}

/**
 * Random edit sequences on an open document: the incremental result equals a full rescan after every
 * refresh. `maxMs` bounds a single refresh (the fuzz run's per-request limit).
 */
export function incrementalEqualsFullProperty(numRuns: number, seed?: number, maxMs = Infinity): void {
  fc.assert(
    fc.property(
      docText,
      fc.array(fc.tuple(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean()), { maxLength: 12 }),
      fc.boolean(),
      (text, batches, lookalikes) => {
        const cfg = config(lookalikes);
        const doc = new DocumentFindings('file:///t.log', 'log', 1, text);
        doc.refresh(cfg);
        let version = 1;
        const refresh = (): void => {
          const started = performance.now();
          doc.refresh(cfg);
          const elapsed = performance.now() - started;
          if (elapsed > maxMs) throw new Error(`refresh took ${elapsed.toFixed(1)} ms`);
          assert.deepEqual(
            doc.findings(),
            scanText(cfg.set, normalizeLoneCR(doc.getText()), { includeLookalikes: lookalikes }),
          );
        };
        // vscode-languageserver-textdocument as the reference for the text after each batch
        const reference = TextDocument.create('file:///t.log', 'log', 1, text);
        for (const [edits, refreshNow] of batches) {
          // several changes in one didChange, each relative to the text after the previous one
          const changes = edits.map((e) => {
            const change = toChange(reference, e);
            TextDocument.update(reference, [change], version + 1);
            return change;
          });
          doc.update(changes, ++version);
          assert.equal(doc.getText(), reference.getText());
          assert.equal(doc.lineCount, reference.lineCount);
          if (refreshNow) refresh();
        }
        refresh();
      },
    ),
    { seed, numRuns },
  );
}
