import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyWorkspaceEdit, StaleEditError } from '../../../../server/src/lsp/applyEdit';
import { DEPENDENCY_PARSERS } from '../../../../server/src/project/dependencyVersions';
import { lowestVersion } from '../../../../server/src/core/versions';
import { ensureImports } from '../../../../server/src/core/fixes/imports';
import { applyReplacements } from '../../../../server/src/core/fixes/text';
import {
  codeActionsFor,
  LOOKUP_COMMAND,
  OPEN_ENTRY_COMMAND,
  SERVER_EXPLAIN_COMMAND,
  SERVER_SEARCH_COMMAND,
} from '../../../../server/src/lsp/features/codeActions';
import {
  cancelledDiagnostic,
  CANCELLED_ENTRY,
  contextFor,
  fixtureDocument,
  fixtureProtoServices,
  QUICKFIX_FIXTURES,
  wholeDocument,
} from '../../../helpers/quickfix';

test('edits carry the document version and are refused on a stale document', () => {
  const document = fixtureDocument('go', 'main.go', 'go', 12);
  const actions = codeActionsFor(document, wholeDocument(document.text), [], contextFor('go'));
  const edit = actions.find((a) => a.edit)!.edit!;
  const change = edit.documentChanges![0] as { textDocument: { version: number } };
  assert.equal(change.textDocument.version, 12);
  assert.throws(() => applyWorkspaceEdit({ ...document, version: 13 }, edit), StaleEditError);
  // and nothing is offered for a version the server no longer holds
  assert.deepEqual(
    codeActionsFor(document, wholeDocument(document.text), [], { ...contextFor('go'), currentVersion: 13 }),
    [],
  );
});

test('an applied fix is not offered again; an existing config is completed instead of duplicated', () => {
  for (const { dir, languageId, files } of QUICKFIX_FIXTURES) {
    const document = fixtureDocument(dir, files[0], languageId);
    const context = contextFor(dir);
    for (const action of codeActionsFor(document, wholeDocument(document.text), [], context)) {
      const fix = (action.data as { fix: string }).fix;
      const text = applyWorkspaceEdit(document, action.edit!);
      const again = codeActionsFor(
        { ...document, text, version: document.version + 1 },
        wholeDocument(text),
        [],
        context,
      );
      assert.ok(!again.some((a) => (a.data as { fix: string }).fix === fix), `${dir}: ${fix} offered twice`);
      if (fix === 'retry-config') {
        // a CANCELLED finding: the existing UNAVAILABLE-only list gets CANCELLED added, once
        const onFinding = codeActionsFor(
          { ...document, text, version: 9 },
          wholeDocument(text),
          [cancelledDiagnostic(0)],
          context,
        );
        const complete = onFinding.find((a) => (a.data as { fix?: string } | undefined)?.fix === 'edit-retry-codes');
        assert.ok(complete, `${dir}: no edit-retry-codes action`);
        const completed = applyWorkspaceEdit({ ...document, text, version: 9 }, complete.edit!);
        assert.match(
          completed,
          /"UNAVAILABLE", "CANCELLED"|'UNAVAILABLE', 'CANCELLED'|StatusCode\.Unavailable, StatusCode\.Cancelled/,
        );
        const third = codeActionsFor(
          { ...document, text: completed, version: 10 },
          wholeDocument(completed),
          [cancelledDiagnostic(0)],
          context,
        );
        assert.ok(
          !third.some((a) => (a.data as { fix?: string } | undefined)?.fix?.includes('retry')),
          `${dir}: retry offered after completion`,
        );
        break;
      }
    }
  }
});

test('findings get Explain and Search commands; a CANCELLED finding makes CANCELLED retryable', () => {
  const document = fixtureDocument('python', 'feed_sync.py', 'python');
  const actions = codeActionsFor(
    document,
    wholeDocument(document.text),
    [cancelledDiagnostic(2)],
    contextFor('python'),
  );
  const explain = actions.find((a) => a.command?.command === OPEN_ENTRY_COMMAND);
  assert.deepEqual(explain?.command?.arguments, [{ id: CANCELLED_ENTRY.id }]);
  assert.equal(
    actions.find((a) => a.command?.command === LOOKUP_COMMAND)?.command?.arguments?.[0].query.length > 0,
    true,
  );
  // every action has a kind (VS Code drops kind-less actions from a quick-fix request)
  for (const a of actions) assert.ok(a.kind && a.kind.length > 0, `${a.title}: no kind`);
  // other editors get the server's own commands, which it executes (workspace/executeCommand)
  const neutral = codeActionsFor(document, wholeDocument(document.text), [cancelledDiagnostic(2)], {
    ...contextFor('python'),
    clientCommands: false,
  });
  assert.deepEqual(neutral.find((a) => a.command?.command === SERVER_EXPLAIN_COMMAND)?.command?.arguments, [
    { id: CANCELLED_ENTRY.id },
  ]);
  assert.ok(neutral.some((a) => a.command?.command === SERVER_SEARCH_COMMAND));
  assert.ok(!neutral.some((a) => a.command?.command === OPEN_ENTRY_COMMAND || a.command?.command === LOOKUP_COMMAND));
  const retry = actions.find((a) => (a.data as { fix?: string } | undefined)?.fix === 'retry-config')!;
  assert.match(applyWorkspaceEdit(document, retry.edit!), /"retryableStatusCodes": \["UNAVAILABLE", "CANCELLED"\]/);
  const zh = codeActionsFor(document, wholeDocument(document.text), [cancelledDiagnostic(2)], {
    ...contextFor('python'),
    locale: 'zh-cn',
  });
  assert.ok(zh.some((a) => a.title.startsWith('解释')));
});

test('a wildcard config is only offered explicitly, with the grpc-js version trap in its title', () => {
  const document = fixtureDocument('typescript', 'feed.ts', 'typescript');
  const titles = codeActionsFor(document, wholeDocument(document.text), [], contextFor('typescript')).map(
    (a) => a.title,
  );
  const wildcard = titles.filter((t) => t.includes('every method'));
  assert.equal(wildcard.length, 1);
  assert.match(wildcard[0], /1\.8\.4 throws on name \[\{\}\] \(needs >= 1\.9\.1\)/);
  assert.ok(titles.some((t) => t === 'Add retry service config for demo.feed.v1.Feed'));
});

test('a plain source file without gRPC sites gets no edits', () => {
  const document = {
    uri: 'file:///x/util.py',
    version: 1,
    text: 'def add(a, b):\n    return a + b\n',
    languageId: 'python',
  };
  assert.deepEqual(codeActionsFor(document, wholeDocument(document.text), [], contextFor('python')), []);
});

test('proto services come with streaming flags', () => {
  const feed = fixtureProtoServices().find((s) => s.name === 'demo.feed.v1.Feed')!;
  assert.deepEqual(
    feed.methods.map((m) => [m.name, m.requestStream, m.responseStream]),
    [
      ['GetEvent', false, false],
      ['Subscribe', false, true],
      ['Publish', true, false],
    ],
  );
});

test('dependency files yield the lowest declared version', () => {
  assert.equal(lowestVersion('^1.8.0'), '1.8.0');
  assert.equal(lowestVersion('>=1.40'), '1.40.0');
  assert.deepEqual(DEPENDENCY_PARSERS['go.mod']('module x\n\nrequire (\n\tgoogle.golang.org/grpc v1.63.2\n)\n'), {
    'grpc-go': '1.63.2',
  });
  assert.deepEqual(DEPENDENCY_PARSERS['pyproject.toml']('[project]\ndependencies = ["grpcio>=1.62.1", "x"]\n'), {
    grpcio: '1.62.1',
  });
  assert.deepEqual(
    DEPENDENCY_PARSERS['pom.xml'](
      '<properties><grpc.version>1.58.0</grpc.version></properties><dependency><groupId>io.grpc</groupId><artifactId>grpc-stub</artifactId><version>${grpc.version}</version></dependency>',
    ),
    { 'grpc-java': '1.58.0' },
  );
  assert.deepEqual(DEPENDENCY_PARSERS['build.gradle']("implementation 'io.grpc:grpc-netty-shaded:1.39.0'"), {
    'grpc-java': '1.39.0',
  });
  assert.deepEqual(
    DEPENDENCY_PARSERS['Cargo.toml']('[dependencies]\ntonic = { version = "0.12.3", features = ["tls"] }\n'),
    { tonic: '0.12.3' },
  );
});

test('imports are added once', () => {
  const text = 'import grpc\n\nx = 1\n';
  const first = applyReplacements(text, [ensureImports(text, 'python', ['json', 'grpc'])!]);
  assert.equal(first, 'import grpc\nimport json\n\nx = 1\n');
  assert.equal(ensureImports(first, 'python', ['json', 'grpc']), undefined);
});

test('the Search title is one line: no newline or tab from the selection reaches a menu', () => {
  const text = 'status = StatusCode.UNAVAILABLE\n\tdetails = "Socket closed"\n';
  const document = { uri: 'file:///x/app.log', version: 1, text, languageId: 'log' };
  const range = { start: { line: 0, character: 9 }, end: { line: 1, character: 30 } };
  const diagnostic = {
    ...cancelledDiagnostic(0),
    data: { ...(cancelledDiagnostic(0).data as object), matched: 'StatusCode.UNAVAILABLE\n\tdetails' },
  };
  const search = codeActionsFor(document, range, [diagnostic], { ...contextFor('python'), clientCommands: false }).find(
    (a) => a.command?.command === SERVER_SEARCH_COMMAND,
  )!;
  assert.ok(search, 'a search action');
  assert.doesNotMatch(search.title, /[\n\t]/);
});
