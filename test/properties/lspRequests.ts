/**
 * Properties over the real LSP connection (the server in this process): random documents and random
 * requests. The server answers every well-formed request without an internal error (and, in the fuzz
 * run, within `maxMs`), and every code action edits only the document it was offered for, at its
 * current version.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import fc from 'fast-check';
import {
  CodeActionRequest,
  ErrorCodes,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  TextDocumentEdit,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { EntryRequest, LookupRequest } from '../../shared/protocol';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';
import { fixture } from '../helpers/knowledge';
import { startInProcess, type LspHarness } from '../helpers/lspHarness';
import { POOL } from './incremental';
import { serviceConfigDocumentArb } from './serviceConfigLint';

/** The quick-fix fixtures: real gRPC client/server code per language, in directories with real .proto files nearby. */
const SOURCES: { languageId: string; file: string }[] = [
  { languageId: 'go', file: fixture('quickfix', 'go', 'main.go') },
  { languageId: 'python', file: fixture('quickfix', 'python', 'feed_sync.py') },
  { languageId: 'python', file: fixture('quickfix', 'python', 'feed_async.py') },
  { languageId: 'java', file: fixture('quickfix', 'java', 'FeedApp.java') },
  { languageId: 'javascript', file: fixture('quickfix', 'javascript', 'feed.js') },
  { languageId: 'typescript', file: fixture('quickfix', 'typescript', 'feed.ts') },
  { languageId: 'cpp', file: fixture('quickfix', 'cpp', 'feed_client.cc') },
  { languageId: 'csharp', file: fixture('quickfix', 'csharp', 'Program.cs') },
];
const EXT: Record<string, string> = {
  go: 'go',
  python: 'py',
  java: 'java',
  javascript: 'js',
  typescript: 'ts',
  cpp: 'cc',
  csharp: 'cs',
  json: 'json',
  log: 'log',
  plaintext: 'txt',
};

let sourceTexts: string[] | undefined;
const sourceText = (i: number): string => (sourceTexts ??= SOURCES.map((s) => fs.readFileSync(s.file, 'utf8')))[i];

/** Text with odd characters: lone surrogates, NUL, CR, BOM, emoji, CJK. */
const noise = fc.string({
  unit: fc.constantFrom(
    'a',
    ' ',
    '\n',
    '\r',
    '\r\n',
    '\u0000',
    '\ud800',
    '\udc00',
    '😀',
    '\ufeff',
    '错',
    '"',
    '{',
    '(',
    '\t',
  ),
  maxLength: 30,
});
const sourceLine = fc.oneof(
  fc.constantFrom(...POOL),
  noise,
  fc.constantFrom(
    'channel = grpc.insecure_channel("h:1")',
    'conn, err := grpc.NewClient(addr)',
    'server.Start();',
    'for await (const m of stream) {}',
    '}',
    '',
  ),
);
const mutation = fc.record({ at: fc.nat(), drop: fc.nat({ max: 4 }), insert: fc.array(sourceLine, { maxLength: 3 }) });

/** A real source file with random lines dropped and inserted (so gRPC sites appear, break and move). */
const mutatedSource = fc
  .tuple(fc.nat({ max: SOURCES.length - 1 }), fc.array(mutation, { maxLength: 4 }))
  .map(([i, mutations]) => {
    const lines = sourceText(i).split('\n');
    for (const m of mutations) lines.splice(m.at % (lines.length + 1), m.drop, ...m.insert);
    return { languageId: SOURCES[i].languageId, dir: path.dirname(SOURCES[i].file), text: lines.join('\n') };
  });
const logDocument = fc
  .tuple(fc.array(sourceLine, { maxLength: 40 }), fc.constantFrom('log', 'plaintext'))
  .map(([lines, languageId]) => ({ languageId, dir: fixture('logs'), text: lines.join('\n') }));
const configDocument = serviceConfigDocumentArb.map(({ languageId, text }) => ({
  languageId,
  dir: fixture('quickfix', 'protos'),
  text,
}));
export const documentArb = fc.oneof(mutatedSource, logDocument, configDocument);

const position = fc.record({ line: fc.nat({ max: 120 }), character: fc.nat({ max: 200 }) });
/** A well-formed range (start ≤ end), possibly past the end of the document. */
const rangeArb = fc
  .tuple(position, position)
  .map(([a, b]): Range =>
    a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a },
  );
const localeArb = fc.constantFrom(undefined, 'en', 'zh-cn', 'zh-TW', 'fr', '');

let ids: string[] | undefined;
const knownIds = (): string[] => (ids ??= defaultKnowledge().entries.map((e) => e.id));

const requestArb = fc.oneof(
  fc.record({ kind: fc.constant('hover' as const), at: position }),
  fc.record({ kind: fc.constant('codeAction' as const), range: rangeArb, withDiagnostics: fc.boolean() }),
  fc.record({
    kind: fc.constant('lookup' as const),
    query: fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      noise,
      fc.constantFrom(...POOL),
      fc.constantFrom('UNAVAILABLE', 'goaway', '连接', 'ENHANCE_YOUR_CALM too_many_pings', 'a'.repeat(3000)),
    ),
    limit: fc.option(fc.oneof(fc.integer({ min: -5, max: 500 }), fc.constant(Number.MAX_SAFE_INTEGER)), {
      nil: undefined,
    }),
    locale: localeArb,
  }),
  fc.record({
    kind: fc.constant('entry' as const),
    id: fc.oneof(
      fc.nat().map((n) => knownIds()[n % knownIds().length]),
      fc.string(),
      fc.string({ unit: 'binary' }),
    ),
    format: fc.constantFrom(undefined, 'markdown' as const, 'json' as const),
    locale: localeArb,
  }),
  fc.record({ kind: fc.constant('change' as const), range: rangeArb, text: fc.oneof(sourceLine, noise) }),
);
type RequestCase = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

/** Every edit of an action targets `uri` at `version`, with no file creation, rename or deletion. */
export function assertEditStaysInDocument(edit: WorkspaceEdit, uri: string, version: number, lineCount: number): void {
  for (const changedUri of Object.keys(edit.changes ?? {}))
    assert.equal(changedUri, uri, 'a plain `changes` edit to another document');
  for (const change of edit.documentChanges ?? []) {
    assert.ok(TextDocumentEdit.is(change), `only text edits, not ${JSON.stringify(change).slice(0, 80)}`);
    assert.equal(change.textDocument.uri, uri, 'an edit to another document');
    assert.equal(change.textDocument.version, version, 'an edit for another version of the document');
    for (const e of change.edits)
      assert.ok(
        e.range.start.line < lineCount && e.range.end.line < lineCount,
        `edit range ${JSON.stringify(e.range)} past the last line ${lineCount - 1}`,
      );
  }
}

export interface LspSession {
  h: LspHarness;
  stop(): Promise<void>;
}

/** One in-process server for a whole property run (documents open and close per case), warmed up. */
export async function startSession(): Promise<LspSession> {
  const h = startInProcess({ knowledge: defaultKnowledge() });
  await h.initialize({ settings: { debounceMs: 0 }, workspaceFolders: [fixture()] });
  // Warm-up: load the tree-sitter grammar, the proto files and the JIT once, outside the timed requests.
  for (const [i, s] of SOURCES.entries()) {
    const uri = pathToFileURL(path.join(path.dirname(s.file), `warmup-${i}.${EXT[s.languageId]}`)).href;
    await h.open(uri, sourceText(i), s.languageId);
    for (let line = 0; line < 60; line += 3) {
      await h.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        context: { diagnostics: [] },
      });
    }
    await h.close(uri);
  }
  await h.connection.sendRequest(LookupRequest.type, { query: 'warm up' });
  return { h, stop: () => h.stop() };
}

let caseNumber = 0;
/** What the runs exercised (printed by `npm run fuzz`, so a property that stopped reaching the edits shows). */
export const stats = { requests: 0, codeActions: 0, edits: 0, unknownIds: 0, slowestMs: {} as Record<string, number> };

async function runCase(
  h: LspHarness,
  doc: { languageId: string; dir: string; text: string },
  requests: RequestCase[],
  maxMs: number,
): Promise<void> {
  const uri = pathToFileURL(path.join(doc.dir, `fuzz-${++caseNumber}.${EXT[doc.languageId] ?? 'txt'}`)).href;
  let text = doc.text;
  let version = 1;
  const errorsBefore = h.logs.filter((l) => l.type === MessageType.Error).length;
  await h.open(uri, text, doc.languageId);
  try {
    for (const r of requests) {
      if (r.kind === 'change') {
        version = await h.change(uri, [{ range: r.range, text: r.text }]);
        text = applyChange(text, r.range, r.text);
        continue;
      }
      const started = performance.now();
      let answer: unknown;
      try {
        answer = await send(h, uri, r);
      } catch (err) {
        const code = err instanceof ResponseError ? err.code : undefined;
        // An unknown id is the one documented failure of a well-formed request.
        const expected = r.kind === 'entry' && !knownIds().includes(r.id) && code === LSPErrorCodes.RequestFailed;
        stats.unknownIds++;
        assert.ok(expected, `${r.kind} failed (code ${code}): ${(err as Error).message}`);
        assert.notEqual(code, ErrorCodes.InternalError);
      }
      const elapsed = performance.now() - started;
      stats.requests++;
      stats.slowestMs[r.kind] = Math.max(stats.slowestMs[r.kind] ?? 0, Math.round(elapsed * 10) / 10);
      if (elapsed > maxMs)
        throw new Error(
          `${r.kind} took ${elapsed.toFixed(1)} ms (limit ${maxMs} ms) on a ${text.length}-character ${doc.languageId} document`,
        );
      if (r.kind === 'codeAction') {
        const lineCount = text.split(/\r\n|\r|\n/).length;
        for (const action of answer as (CodeAction | Command)[]) {
          stats.codeActions++;
          if ('edit' in action && action.edit) {
            stats.edits++;
            assertEditStaysInDocument(action.edit, uri, version, lineCount);
          }
        }
      }
    }
  } finally {
    await h.close(uri);
  }
  const errors = h.logs.filter((l) => l.type === MessageType.Error).slice(errorsBefore);
  assert.deepEqual(
    errors.map((l) => l.message.split('\n')[0]),
    [],
    'a handler failed (logged as an error)',
  );
}

function send(h: LspHarness, uri: string, r: Exclude<RequestCase, { kind: 'change' }>): Promise<unknown> {
  switch (r.kind) {
    case 'hover':
      return h.hover(uri, r.at.line, r.at.character);
    case 'codeAction': {
      const diagnostics: Diagnostic[] = r.withDiagnostics
        ? (h.published.filter((p) => p.uri === uri).at(-1)?.diagnostics ?? [])
        : [];
      return h.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: r.range,
        context: { diagnostics },
      });
    }
    case 'lookup':
      return h.connection.sendRequest(LookupRequest.type, { query: r.query, limit: r.limit, locale: r.locale });
    case 'entry':
      return h.connection.sendRequest(EntryRequest.type, { id: r.id, format: r.format, locale: r.locale });
  }
}

/** The text after an LSP change (positions clamped like vscode-languageserver-textdocument does). */
function applyChange(text: string, range: Range, insert: string): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') {
      starts.push(i + 2);
      i++;
    } else if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  const offset = (p: Range['start']): number => {
    if (p.line >= starts.length) return text.length;
    const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
    return Math.min(starts[p.line] + p.character, lineEnd);
  };
  return text.slice(0, offset(range.start)) + insert + text.slice(offset(range.end));
}

/** Random documents + random hover / codeAction / lookup / entry requests (and edits) over LSP. */
export async function lspRequestsProperty(
  session: LspSession,
  numRuns: number,
  seed?: number,
  maxMs = Infinity,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(documentArb, fc.array(requestArb, { minLength: 1, maxLength: 8 }), (doc, requests) =>
      runCase(session.h, doc, requests, maxMs),
    ),
    { numRuns, seed },
  );
}

/** Random source documents and ranges: every code action edit is for this document at its current version. */
export async function codeActionsStayInDocumentProperty(
  session: LspSession,
  numRuns: number,
  seed?: number,
  maxMs = Infinity,
): Promise<void> {
  const action = fc.record({
    kind: fc.constant('codeAction' as const),
    range: rangeArb,
    withDiagnostics: fc.boolean(),
  });
  const edit = fc.record({ kind: fc.constant('change' as const), range: rangeArb, text: sourceLine });
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(mutatedSource, configDocument),
      fc.array(fc.oneof({ weight: 3, arbitrary: action }, { weight: 1, arbitrary: edit }), {
        minLength: 1,
        maxLength: 8,
      }),
      (doc, requests) => runCase(session.h, doc, requests, maxMs),
    ),
    { numRuns, seed },
  );
}
