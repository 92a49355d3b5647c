import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeActionRequest,
  DiagnosticSeverity,
  type CodeAction,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultKnowledge } from '../../../server/src/project/knowledgeFiles';
import { SERVICE_CONFIG_DOC } from '../../../server/src/lsp/features/serviceConfigDiagnostics';
import { startInProcess } from '../../helpers/lspHarness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-sc-'));
fs.writeFileSync(path.join(dir, 'go.mod'), 'module demo\n');
fs.writeFileSync(
  path.join(dir, 'feed.proto'),
  'syntax = "proto3";\npackage demo;\nmessage Req {}\nmessage Ev {}\nservice Feed { rpc Watch (Req) returns (stream Ev); rpc Get (Req) returns (Ev); }\n',
);

test('service-config lint in the editor: diagnostics with rule codes, fixes versioned to the document', async () => {
  const h = startInProcess({ knowledge: defaultKnowledge() });
  try {
    await h.initialize({ settings: { debounceMs: 5 }, workspaceFolders: [dir] });
    const json =
      '{\n  "methodConfig": [{\n    "name": [{"service": "demo.Feed", "method": "Get"}],\n    "retryPolicy": {"maxAttempt": 3, "initialBackoff": "0.1", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["unavailable"]}\n  }]\n}\n';
    const uri = pathToFileURL(path.join(dir, 'service_config.json')).href;
    const published = h.diagnostics(uri, (p) => p.diagnostics.length > 0);
    await h.open(uri, json, 'json');
    const { diagnostics } = await published;
    const codes = diagnostics.map((d) => d.code).sort();
    assert.ok(codes.includes('sc/unknown-key'), codes.join(', '));
    assert.ok(codes.includes('sc/duration-format'), codes.join(', '));
    assert.ok(codes.includes('sc/status-name-case'), codes.join(', '));
    for (const d of diagnostics) {
      assert.equal(d.source, 'grpc-doctor');
      assert.equal(d.codeDescription?.href, SERVICE_CONFIG_DOC);
    }
    const typo = diagnostics.find((d) => d.code === 'sc/unknown-key')!;
    const typoLine = json.split('\n')[typo.range.start.line];
    assert.equal(typoLine.slice(typo.range.start.character, typo.range.end.character).replace(/"/g, ''), 'maxAttempt');
    assert.equal(typo.severity === DiagnosticSeverity.Error || typo.severity === DiagnosticSeverity.Warning, true);

    const actions = (await h.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: typo.range,
      context: { diagnostics: [typo] },
    })) as CodeAction[];
    const rename = actions.find((a) => /maxAttempts/.test(a.title));
    assert.ok(rename, actions.map((a) => a.title).join(' | '));
    const change = rename.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, json), change.edits as TextEdit[]);
    assert.match(fixed, /"maxAttempts": 3/);

    // after an edit, fixes carry the new version and ranges of the new text
    const version = await h.change(uri, [{ text: `\n${json}` }]);
    const later = (await h.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: {
        start: { line: typo.range.start.line + 1, character: typo.range.start.character },
        end: { line: typo.range.end.line + 1, character: typo.range.end.character },
      },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const laterRename = later.find((a) => /maxAttempts/.test(a.title))!;
    assert.equal((laterRename.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version, version);
  } finally {
    await h.stop();
  }
});

test('service-config literal in Python: unknown method from the workspace .proto, and non-config files are not linted', async () => {
  const h = startInProcess({ knowledge: defaultKnowledge() });
  try {
    await h.initialize({ settings: { debounceMs: 5 }, workspaceFolders: [dir] });
    const py =
      'import grpc\nSC = \'{"methodConfig": [{"name": [{"service": "demo.Feed", "method": "Wacth"}], "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s", "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}}]}\'\nch = grpc.insecure_channel("127.0.0.1:50051", options=[("grpc.service_config", SC)])\n';
    const uri = pathToFileURL(path.join(dir, 'client.py')).href;
    const published = h.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'sc/unknown-method'));
    await h.open(uri, py, 'python');
    const d = (await published).diagnostics.find((x) => x.code === 'sc/unknown-method')!;
    assert.equal(
      py.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character).replace(/"/g, ''),
      'Wacth',
    );
    assert.match(String(d.message), /Watch/, 'did you mean');

    const other = pathToFileURL(path.join(dir, 'notes.json')).href;
    const none = h.diagnostics(other, () => true);
    await h.open(other, '{"retry_policy": 1}', 'json');
    assert.deepEqual((await none).diagnostics, []);
  } finally {
    await h.stop();
  }
});
