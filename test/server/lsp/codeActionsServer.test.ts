import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { pathToFileURL } from 'url';
import { CodeActionRequest, type CodeAction, type TextDocumentEdit } from 'vscode-languageserver';
import { defaultKnowledge } from '../../../server/src/project/knowledgeFiles';
import { startInProcess } from '../../helpers/lspHarness';
import { fixture } from '../../helpers/knowledge';

test('textDocument/codeAction: quick fixes on gRPC sites, versioned to the open document', async () => {
  const file = fixture('quickfix', 'go', 'main.go');
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const h = startInProcess({ knowledge: defaultKnowledge() });
  try {
    const init = await h.initialize({ settings: { debounceMs: 5 }, workspaceFolders: [fixture('quickfix')] });
    assert.ok(init.capabilities.codeActionProvider);
    await h.open(uri, text, 'go');
    const ask = (line: number) => h.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] },
    }) as Promise<CodeAction[]>;
    const onChannel = await ask(at('grpc.NewClient'));
    const retry = onChannel.find((a) => (a.data as { fix?: string })?.fix === 'retry-config' && (a.data as { target?: string }).target === 'grpc.health.v1.Health');
    assert.ok(retry, `no retry action: ${onChannel.map((a) => a.title).join(' | ')}`);
    assert.equal((retry.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version, 1);
    const onServer = await ask(at('grpc.NewServer'));
    assert.ok(onServer.some((a) => (a.data as { fix?: string })?.fix === 'graceful-shutdown'));
    assert.ok(!onServer.some((a) => (a.data as { fix?: string })?.fix === 'retry-config'), 'retry offered off the channel line');
    const version = await h.change(uri, [{ text: `// edited\n${text}` }]);
    const after = await ask(at('grpc.NewClient') + 1);
    assert.equal((after.find((a) => a.edit)!.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version, version);
  } finally {
    await h.stop();
  }
});
