/**
 * The bad-input matrix of issue 9 in SERVER form: each input is opened as a document over the real LSP
 * connection (the CLI form is test/server/cli/badInput.test.ts). Every row states its outcome (findings
 * and/or a clear message) and after every row the server still answers a hover and a lookup.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as zlib from 'zlib';
import { CodeActionRequest, type CodeAction, type Diagnostic, type MarkupContent } from 'vscode-languageserver';
import { LookupRequest } from '../../shared/protocol';
import { indexKnowledge } from '../../server/src/project/knowledgeFiles';
import { loadKnowledgeDir } from '../../server/src/project/knowledgeLoad';
import { startInProcess, type LspHarness } from '../helpers/lspHarness';
import { fixture, ROOT } from '../helpers/knowledge';

const GO_LINE = 'rpc error: code = Unavailable desc = error reading from server: EOF';
const GO_ID = 'grpc-go/error-reading-from-server';
const SENTINEL = 'file:///sentinel.log';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-server-matrix-'));
const write = (name: string, data: string | Buffer): string => {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  return p;
};

/** How an editor turns bytes into a document: UTF-8 with U+FFFD for invalid sequences (VS Code's default). */
const asUtf8 = (bytes: Buffer): string => new TextDecoder('utf-8').decode(bytes);

// A project whose .proto files are partly broken: a syntax error, a missing import, an import cycle.
write('proj/go.mod', 'module example.com/proj\n\ngo 1.22\n');
write(
  'proj/protos/echo.proto',
  'syntax = "proto3";\npackage echo;\nmessage Req { string m = 1; }\nservice Echo {\n  rpc UnaryEcho(Req) returns (Req);\n  rpc ServerStreamingEcho(Req) returns (stream Req);\n}\n',
);
const brokenProto = write('proj/protos/broken.proto', 'syntax = "proto3"; service Broken { rpc X(Missing) returns (');
write(
  'proj/protos/missing.proto',
  'syntax = "proto3";\npackage miss;\nimport "nowhere/gone.proto";\nmessage M { string x = 1; }\nservice Miss { rpc Get(M) returns (M); }\n',
);
write(
  'proj/protos/cyc_a.proto',
  'syntax = "proto3";\npackage cyc;\nimport "cyc_b.proto";\nmessage A { B b = 1; }\nservice CycA { rpc Get(A) returns (A); }\n',
);
write('proj/protos/cyc_b.proto', 'syntax = "proto3";\npackage cyc;\nimport "cyc_a.proto";\nmessage B { A a = 1; }\n');
const projectUri = (name: string): string => pathToFileURL(path.join(tmp, 'proj', name)).href;
const RETRY =
  '"retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}';

interface Row {
  name: string;
  text: string;
  /** file name under the temp project (else an in-memory file:///matrix/<name> URI) */
  inProject?: string;
  languageId?: string;
  settings?: Record<string, unknown>;
  /** the diagnostic codes expected (order-insensitive) */
  codes: string[];
  /** a message the server must have logged or shown for this row */
  message?: RegExp;
  /** further checks on the open document */
  check?: (h: LspHarness, uri: string, diagnostics: Diagnostic[]) => Promise<void>;
}

const fiftyMb = (): string => {
  const filler = '2024-05-01T10:00:00Z INFO request served in 3 ms, nothing to see here\n';
  const body = filler.repeat(Math.ceil((50 * 1024 * 1024) / filler.length));
  return `${GO_LINE}\n${body}${GO_LINE}\n`;
};

const ROWS: Row[] = [
  { name: 'empty file', text: '', codes: [] },
  {
    name: 'PNG bytes decoded as UTF-8',
    text: asUtf8(
      Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
        Buffer.from(`\n${GO_LINE}\n`),
      ]),
    ),
    codes: [GO_ID],
  },
  {
    name: 'ELF bytes decoded as UTF-8',
    text: asUtf8(
      Buffer.concat([
        Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]),
        Buffer.alloc(57),
        Buffer.from(`\n${GO_LINE}\n`),
        Buffer.from([0xff, 0xfe, 0x00, 0x80]),
      ]),
    ),
    codes: [GO_ID],
  },
  {
    name: 'gzip bytes decoded as UTF-8 (the error line is compressed away)',
    text: asUtf8(zlib.gzipSync(`${GO_LINE}\n`.repeat(50))),
    codes: [],
  },
  { name: '50 MB file', text: fiftyMb(), codes: [GO_ID, GO_ID] },
  { name: 'one 5 MB line', text: `${'x'.repeat(2_500_000)} ${GO_LINE} ${'y'.repeat(2_500_000)}`, codes: [GO_ID] },
  {
    name: 'invalid UTF-8 (becomes U+FFFD)',
    text: asUtf8(Buffer.concat([Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf8, 0x0a]), Buffer.from(`${GO_LINE}\n`)])),
    codes: [GO_ID],
  },
  { name: 'lone surrogates', text: `\ud800 high\n\udc00 ${GO_LINE} \udbff\n\ud83d`, codes: [GO_ID] },
  {
    name: 'UTF-16 LE with BOM, decoded as UTF-16',
    text: new TextDecoder('utf-16le').decode(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x\r\n${GO_LINE}\r\n`, 'utf16le')]),
    ),
    codes: [GO_ID],
  },
  {
    name: 'UTF-16 LE with BOM, misread as UTF-8 (NUL between letters)',
    text: asUtf8(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${GO_LINE}\r\n`, 'utf16le')])),
    codes: [],
  },
  { name: 'CRLF line ends', text: `first\r\n${GO_LINE}\r\nlast\r\n`, codes: [GO_ID] },
  { name: 'CR-only line ends', text: `first\r${GO_LINE}\rlast\r`, codes: [GO_ID] },
  { name: 'NUL bytes', text: `a\u0000b\n\u0000\u0000${GO_LINE}\u0000\n`, codes: [GO_ID] },
  {
    name: 'malformed service-config JSON',
    inProject: 'bad_service_config.json',
    languageId: 'json',
    text: `{"methodConfig": [{"name": [{"service": "echo.Echo"}], ${RETRY.replace('3,', '3,,')}`,
    // the lint still runs on what parses, with the project's readable protos (echo.Echo streams)
    codes: ['sc/parse-error', 'sc/parse-error', 'sc/stream-retry-after-response'],
  },
  {
    name: 'service config in a project with a broken, a missing-import and a cyclic .proto: the readable protos are used',
    inProject: 'service_config.json',
    languageId: 'json',
    text: JSON.stringify(
      {
        methodConfig: [
          {
            name: [
              { service: 'echo.Echo', method: 'UnaryEko' },
              { service: 'cyc.CycA', method: 'Gett' },
            ],
            ...JSON.parse(`{${RETRY}}`),
          },
        ],
      },
      null,
      2,
    ),
    codes: ['sc/unknown-method', 'sc/unknown-method'],
    message: /broken\.proto: cannot read services from this \.proto[^\n]*left out/,
  },
  {
    name: 'quick fixes on a Go client in that project: offered for the readable services (a missing import costs nothing: imports are not read), none for the broken one',
    inProject: 'main.go',
    languageId: 'go',
    text: fs.readFileSync(fixture('quickfix', 'go', 'main.go'), 'utf8'),
    codes: [],
    check: async (h, uri) => {
      const text = fs.readFileSync(fixture('quickfix', 'go', 'main.go'), 'utf8');
      const line = text.split('\n').findIndex((l) => l.includes('grpc.NewClient'));
      const actions = (await h.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        context: { diagnostics: [] },
      })) as CodeAction[];
      const targets = actions.map((a) => (a.data as { target?: string } | undefined)?.target).filter(Boolean);
      assert.ok(targets.includes('echo.Echo') && targets.includes('cyc.CycA'), `retry targets: ${targets.join(', ')}`);
      assert.ok(
        !targets.some((t) => /Broken/.test(String(t))),
        `no action for an unreadable .proto: ${targets.join(', ')}`,
      );
      assert.ok(!h.logs.some((l) => /gone\.proto/.test(l.message)), 'the missing import is never looked for');
    },
  },
  {
    name: 'a .proto with a syntax error opened as a document',
    inProject: 'protos/broken.proto',
    languageId: 'proto3',
    text: fs.readFileSync(brokenProto, 'utf8'),
    codes: [],
  },
  {
    name: 'catastrophic user pattern (a+)+$: rejected with a message, never run',
    settings: { debounceMs: 0, userPatterns: [{ regex: '(a+)+$', id: 'user/catastrophic' }] },
    text: `${'a'.repeat(40)}!\n${GO_LINE}\n`,
    codes: [GO_ID],
    message: /userPatterns was rejected and is not used: \(a\+\)\+\$/,
  },
];

/** The text a range covers, for ranges on one line (lines split the way LSP does). */
function rangeText(text: string, d: Diagnostic): string {
  const line = text.split(/\r\n|\r|\n/)[d.range.start.line] ?? '';
  return d.range.start.line === d.range.end.line
    ? line.slice(d.range.start.character, d.range.end.character)
    : line.slice(d.range.start.character);
}

async function stillAnswers(h: LspHarness, row: string): Promise<void> {
  const hover = await h.hover(SENTINEL, 0, GO_LINE.indexOf('reading'));
  assert.match(
    (hover?.contents as MarkupContent | undefined)?.value ?? '',
    /grpc-go\/error-reading-from-server/,
    `${row}: hover still answers`,
  );
  const { matches } = await h.connection.sendRequest(LookupRequest.type, { query: 'error reading from server' });
  assert.equal(matches[0]?.id, GO_ID, `${row}: lookup still answers`);
}

test(
  'bad-input matrix (server): each document gives findings or a clear message; the server keeps answering',
  { timeout: 120_000 },
  async () => {
    const h = startInProcess();
    const base = { debounceMs: 0 };
    try {
      await h.initialize({ settings: base, workspaceFolders: [tmp] });
      const sentinel = h.diagnostics(SENTINEL);
      await h.open(SENTINEL, GO_LINE);
      await sentinel;
      for (const [i, row] of ROWS.entries()) {
        const uri = row.inProject ? projectUri(row.inProject) : `file:///matrix/${i}.log`;
        const messagesBefore = h.logs.length + h.shown.length;
        if (row.settings) await h.setSettings(row.settings);
        const published = h.diagnostics(uri, () => true, 60_000);
        await h.open(uri, row.text, row.languageId ?? 'log');
        const { diagnostics } = await published;
        assert.deepEqual(
          diagnostics.map((d) => d.code).sort(),
          [...row.codes].sort(),
          `${row.name}: ${JSON.stringify(diagnostics.map((d) => [d.code, d.message]))}`,
        );
        for (const d of diagnostics.filter((x) => x.code === GO_ID)) {
          const covered = rangeText(row.text, d);
          assert.ok(
            covered.length > 0 && GO_LINE.includes(covered),
            `${row.name}: the range covers ${JSON.stringify(covered.slice(0, 80))}`,
          );
          const hover = await h.hover(uri, d.range.start.line, d.range.start.character);
          assert.ok(hover, `${row.name}: hover on the finding`);
        }
        if (row.message) {
          const said = [...h.logs, ...h.shown].map((m) => m.message);
          assert.ok(
            said.some((m) => row.message!.test(m)),
            `${row.name}: no message like ${row.message} in ${JSON.stringify(said.slice(messagesBefore))}`,
          );
        }
        await row.check?.(h, uri, diagnostics);
        assert.ok((await h.hover(uri, 0, 0)) !== undefined, `${row.name}: hover on the document answers`);
        await h.close(uri);
        if (row.settings) await h.setSettings(base);
        await stillAnswers(h, row.name);
      }
      const internal = h.logs.filter((l) => / failed/.test(l.message));
      assert.deepEqual(
        internal.map((l) => l.message.split('\n')[0]),
        [],
        'no handler failed along the way',
      );
    } finally {
      await h.stop();
    }
  },
);

test('a knowledge entry that fails the schema: reported at start-up, the other entries load and work', async () => {
  // The server has no setting for extra knowledge (only the CLI's --knowledge, see test/server/cli/badInput.test.ts);
  // what it can meet is a knowledge directory with a broken entry (development runs read knowledge/entries).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-kb-'));
  const shipped = path.join(ROOT, 'knowledge/entries');
  const good = fs
    .readdirSync(shipped)
    .filter((n) => n.endsWith('.json'))
    .find((n) => JSON.parse(fs.readFileSync(path.join(shipped, n), 'utf8')).id === GO_ID)!;
  fs.copyFileSync(path.join(shipped, good), path.join(dir, good));
  fs.writeFileSync(path.join(dir, 'bad-schema.json'), JSON.stringify({ id: 'x/bad', title: 42 }));
  fs.writeFileSync(path.join(dir, 'bad-json.json'), '{"id": "x/broken",');
  const loaded = loadKnowledgeDir(dir, path.join(ROOT, 'knowledge/schema.json'));
  const h = startInProcess({ knowledge: indexKnowledge(loaded.entries, loaded.problems, dir) });
  try {
    await h.initialize({ settings: { debounceMs: 0 } });
    const published = h.diagnostics(SENTINEL);
    await h.open(SENTINEL, GO_LINE);
    assert.deepEqual(
      (await published).diagnostics.map((d) => d.code),
      [GO_ID],
    );
    await stillAnswers(h, 'knowledge');
    const warnings = h.logs.map((l) => l.message).filter((m) => m.startsWith('knowledge:'));
    assert.ok(
      warnings.some((m) => m.includes('bad-schema.json') && m.includes('does not match knowledge/schema.json')),
      JSON.stringify(warnings),
    );
    assert.ok(
      warnings.some((m) => m.includes('bad-json.json') && m.includes('invalid JSON')),
      JSON.stringify(warnings),
    );
  } finally {
    await h.stop();
  }
});
