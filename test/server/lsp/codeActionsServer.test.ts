import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { pathToFileURL } from 'url';
import {
  CodeActionRequest,
  ExecuteCommandRequest,
  type CodeAction,
  type TextDocumentEdit,
} from 'vscode-languageserver';
import { SERVER_EXPLAIN_COMMAND, SERVER_SEARCH_COMMAND } from '../../../server/src/lsp/features/codeActions';
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
    const ask = (line: number) =>
      h.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        context: { diagnostics: [] },
      }) as Promise<CodeAction[]>;
    const onChannel = await ask(at('grpc.NewClient'));
    const retry = onChannel.find(
      (a) =>
        (a.data as { fix?: string })?.fix === 'retry-config' &&
        (a.data as { target?: string }).target === 'grpc.health.v1.Health',
    );
    assert.ok(retry, `no retry action: ${onChannel.map((a) => a.title).join(' | ')}`);
    assert.equal((retry.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version, 1);
    const onServer = await ask(at('grpc.NewServer'));
    assert.ok(onServer.some((a) => (a.data as { fix?: string })?.fix === 'graceful-shutdown'));
    assert.ok(
      !onServer.some((a) => (a.data as { fix?: string })?.fix === 'retry-config'),
      'retry offered off the channel line',
    );
    const version = await h.change(uri, [{ text: `// edited\n${text}` }]);
    const after = await ask(at('grpc.NewClient') + 1);
    assert.equal(
      (after.find((a) => a.edit)!.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version,
      version,
    );
  } finally {
    await h.stop();
  }
});

test('workspace/executeCommand: editors without grpc-doctor commands run Explain and Search on the server', async () => {
  const knowledge = defaultKnowledge();
  const entry = knowledge.byId.get('grpc-go/error-reading-from-server')!;
  const line = 'rpc error: code = Unavailable desc = error reading from server: EOF';
  const uri = 'file:///x/app.log';
  const h = startInProcess({ knowledge });
  try {
    const init = await h.initialize({ settings: { debounceMs: 5, language: 'zh-cn' } });
    assert.deepEqual(init.capabilities.executeCommandProvider?.commands, [
      SERVER_EXPLAIN_COMMAND,
      SERVER_SEARCH_COMMAND,
    ]);
    const published = h.diagnostics(uri);
    await h.open(uri, line, 'log');
    const { diagnostics } = await published;
    const actions = (await h.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    })) as CodeAction[];
    const explain = actions.find((a) => a.command?.command === SERVER_EXPLAIN_COMMAND)!;
    assert.ok(explain, actions.map((a) => a.title).join(' | '));
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    await h.connection.sendRequest(ExecuteCommandRequest.type, {
      command: explain.command!.command,
      arguments: explain.command!.arguments,
    });
    const shown = h.shown.at(-1)!;
    assert.ok(
      shown.message.startsWith(entry.title_zh) && shown.message.includes('重试策略'),
      shown.message.slice(0, 200),
    );
    assert.doesNotMatch(shown.message, /\*\*|`|\]\(/, 'plain text, no Markdown');
    const search = actions.find((a) => a.command?.command === SERVER_SEARCH_COMMAND)!;
    await h.connection.sendRequest(ExecuteCommandRequest.type, {
      command: search.command!.command,
      arguments: search.command!.arguments,
    });
    assert.ok(h.shown.at(-1)!.message.includes(entry.id), h.shown.at(-1)!.message);
  } finally {
    await h.stop();
  }
  // the VS Code extension runs its own commands: nothing to execute on the server
  const vs = startInProcess({ knowledge });
  try {
    const init = await vs.initialize({ initializationOptions: { clientCommands: true } });
    assert.equal(init.capabilities.executeCommandProvider, undefined);
  } finally {
    await vs.stop();
  }
});
