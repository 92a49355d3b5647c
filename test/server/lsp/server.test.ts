import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  DiagnosticSeverity,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type MarkupContent,
} from 'vscode-languageserver';
import { entryHref } from '../../../shared/knowledge';
import { EntryRequest, LookupRequest, ScanTextRequest } from '../../../shared/protocol';
import { defaultKnowledge } from '../../../server/src/project/knowledgeFiles';
import { startInProcess, type LspHarness } from '../../helpers/lspHarness';
import { HOVER_BUDGET, visibleText } from '../../../server/src/core/knowledge/render';

const knowledge = defaultKnowledge();
const READING = knowledge.byId.get('grpc-go/error-reading-from-server')!;
const DEADLINE = knowledge.byId.get('grpc-go/context-deadline-exceeded')!;
assert.ok(READING && DEADLINE?.lookalike, 'the shipped entries these tests explain');

const GO_LINE = '2024/05/01 10:00:00 stream recv: rpc error: code = Unavailable desc = error reading from server: EOF';
const MATCH_AT = GO_LINE.indexOf('error reading from server: ');
const DEADLINE_LINE = 'rpc error: code = DeadlineExceeded desc = context deadline exceeded';
const FAST = { debounceMs: 5 };

async function withServer(
  fn: (h: LspHarness) => Promise<void>,
  init: Parameters<LspHarness['initialize']>[0] = { settings: FAST },
): Promise<void> {
  const h = startInProcess({ knowledge });
  try {
    await h.initialize(init);
    await fn(h);
  } finally {
    await h.stop();
  }
}

test('initialize: incremental sync and hover', async () => {
  const h = startInProcess({ knowledge });
  const result = await h.initialize();
  assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
  assert.equal(result.capabilities.hoverProvider, true);
  assert.equal(result.serverInfo?.name, 'grpc-doctor');
  await h.stop();
});

test('diagnostics: range, code, link, data, message; Warning in logs, Information in source', async () => {
  await withServer(async (h) => {
    const log = h.diagnostics('file:///app.log');
    await h.open('file:///app.log', `starting\n${GO_LINE}\nbye\n`);
    const [d, ...rest] = (await log).diagnostics;
    assert.equal(rest.length, 0);
    assert.deepEqual(d.range, {
      start: { line: 1, character: MATCH_AT },
      end: { line: 1, character: MATCH_AT + 'error reading from server: '.length },
    });
    assert.equal(d.source, 'grpc-doctor');
    assert.equal(d.code, READING.id);
    assert.equal(d.codeDescription?.href, entryHref(READING));
    assert.deepEqual(d.data, {
      id: READING.id,
      status: { name: 'UNAVAILABLE', code: 14 },
      family: READING.family,
      implementation: 'grpc-go',
    });
    assert.equal(d.message, `UNAVAILABLE: ${READING.title}`);
    assert.equal(d.severity, DiagnosticSeverity.Warning);

    const go = h.diagnostics('file:///client.go');
    await h.open('file:///client.go', `// handles: ${GO_LINE}\n`, 'go');
    assert.equal((await go).diagnostics[0].severity, DiagnosticSeverity.Information);
  });
});

test('hover: English by default, Chinese from the client locale or the setting', async () => {
  const uri = 'file:///h.log';
  const hoverText = async (h: LspHarness): Promise<string> => {
    const published = h.diagnostics(uri);
    await h.open(uri, GO_LINE);
    await published;
    const hover = await h.hover(uri, 0, MATCH_AT + 3);
    assert.ok(hover, 'hover on the finding');
    assert.deepEqual(hover.range?.start, { line: 0, character: MATCH_AT });
    return (hover.contents as MarkupContent).value;
  };
  await withServer(async (h) => {
    const md = await hoverText(h);
    // short: status, implementation, what happened, retry verdict, the fix, and where the full text is
    for (const part of [
      '`UNAVAILABLE` (14)',
      'grpc-go',
      READING.root_cause.split('. ')[0],
      '**Retry policy**',
      `grpc-doctor explain ${READING.id}`,
    ]) {
      assert.ok(md.includes(part), `hover has ${part.slice(0, 40)}`);
    }
    assert.ok(!md.includes(READING.title), 'no title: the diagnostic line above the hover says it');
    assert.ok(!md.includes('command:'), 'no command link for a client that did not ask for them');
    assert.ok(visibleText(md).length <= HOVER_BUDGET, `hover is ${visibleText(md).length} characters`);
    assert.equal(await h.hover(uri, 0, 2), null, 'no hover away from a finding');
  });
  await withServer(
    async (h) => {
      const md = await hoverText(h);
      assert.match(md, /\[Full explanation\]\(command:grpcDoctor\.openEntry\?/);
      const args = JSON.parse(decodeURIComponent(/command:grpcDoctor\.openEntry\?([^)]*)\)/.exec(md)![1])) as {
        id: string;
      }[];
      assert.deepEqual(args, [{ id: READING.id }]);
    },
    { settings: FAST, initializationOptions: { clientCommands: true } },
  );
  await withServer(
    async (h) => {
      const md = await hoverText(h);
      assert.ok(md.includes(READING.root_cause_zh.split('。')[0]) && md.includes('**重试策略**：'), md.slice(0, 200));
    },
    { locale: 'zh-CN', settings: FAST },
  );
  await withServer(
    async (h) => {
      const md = await hoverText(h);
      assert.ok(md.includes('**重试策略**'), 'grpcDoctor.language wins over an English client');
    },
    { locale: 'en-US', settings: { ...FAST, language: 'zh-cn' } },
  );
  await withServer(
    async (h) => {
      await hoverText(h).then(
        () => assert.fail('expected no hover'),
        (err: Error) => assert.match(err.message, /hover on the finding/),
      );
    },
    { settings: { ...FAST, hover: { enable: false } } },
  );
});

test('lookup: a misspelled query still ranks the right entry first; Chinese titles on request', async () => {
  await withServer(async (h) => {
    const { matches } = await h.connection.sendRequest(LookupRequest.type, {
      query: 'eror reding from servr',
      limit: 3,
    });
    assert.equal(matches[0].id, READING.id);
    assert.ok(matches.length <= 3);
    assert.ok(matches[0].score > 0 && matches[0].score <= 1);
    for (const [query, id] of [
      ['tranport is closing', 'grpc-go/transport-is-closing'],
      ['keepalive watchdog timout', 'grpc-core/keepalive-watchdog-timeout'],
    ]) {
      const found = await h.connection.sendRequest(LookupRequest.type, { query });
      assert.equal(found.matches[0].id, id, query);
    }
    const zh = await h.connection.sendRequest(LookupRequest.type, { query: READING.id, locale: 'zh-cn' });
    assert.equal(zh.matches[0].title, READING.title_zh);
    const pasted = await h.connection.sendRequest(LookupRequest.type, { query: GO_LINE });
    assert.equal(pasted.matches[0].id, READING.id);
    assert.equal(pasted.matches[0].score, 1);
    await assert.rejects(
      h.connection.sendRequest(LookupRequest.type, {} as never),
      (err: ResponseError<unknown>) => err.code === ErrorCodes.InvalidParams,
    );
  });
});

test('entry: Markdown in both languages and the JSON export; unknown ids fail visibly', async () => {
  await withServer(async (h) => {
    const md = await h.connection.sendRequest(EntryRequest.type, { id: READING.id });
    assert.equal(md.format, 'markdown');
    assert.ok(md.content.startsWith(`### ${READING.title}`));
    assert.equal(md.href, entryHref(READING));
    const zh = await h.connection.sendRequest(EntryRequest.type, {
      id: READING.id,
      locale: 'zh-cn',
      format: 'markdown',
    });
    assert.ok(zh.content.startsWith(`### ${READING.title_zh}`));
    const json = await h.connection.sendRequest(EntryRequest.type, { id: READING.id, format: 'json' });
    assert.deepEqual(JSON.parse(json.content), READING);
    await assert.rejects(
      h.connection.sendRequest(EntryRequest.type, { id: 'no/such-entry' }),
      (err: ResponseError<unknown>) => err.code === LSPErrorCodes.RequestFailed && /no\/such-entry/.test(err.message),
    );
    await assert.rejects(
      h.connection.sendRequest(EntryRequest.type, { id: READING.id, format: 'pdf' as never }),
      (err: ResponseError<unknown>) => err.code === ErrorCodes.InvalidParams,
    );
  });
});

test('scanText: findings in terminal output, titles per locale, look-alikes per flag', async () => {
  await withServer(async (h) => {
    const text = `\u001b[31mERROR\u001b[0m ${GO_LINE}\r\n${DEADLINE_LINE}\n`;
    const res = await h.connection.sendRequest(ScanTextRequest.type, { text, locale: 'zh-cn' });
    assert.deepEqual(
      res.findings.map((f) => [f.line, f.id, f.title]),
      [[0, READING.id, READING.title_zh]],
    );
    assert.equal(res.truncated, false);
    const all = await h.connection.sendRequest(ScanTextRequest.type, { text, includeLookalikes: true, maxFindings: 1 });
    assert.equal(all.findings.length, 1);
    assert.equal(all.truncated, true);
  });
});

test('settings changes re-publish: severity, look-alikes, cap, off switch', async () => {
  await withServer(async (h) => {
    const uri = 'file:///s.log';
    const text = [
      GO_LINE,
      DEADLINE_LINE,
      GO_LINE.replace('10:00:00', '10:00:30'),
      'x',
      ...Array.from({ length: 20 }, () => 'y'),
      GO_LINE,
    ].join('\n');
    const first = h.diagnostics(uri);
    await h.open(uri, text);
    assert.deepEqual(
      (await first).diagnostics.map((d) => d.range.start.line),
      [0, 2, 24],
    );

    let next = h.diagnostics(uri, (p) => p.diagnostics.length === 4);
    await h.setSettings({ ...FAST, includeLookalikes: true, severity: { logs: 'error' } });
    const withLookalike = await next;
    assert.deepEqual(
      withLookalike.diagnostics.map((d) => d.code),
      [READING.id, DEADLINE.id, READING.id, READING.id],
    );
    assert.ok(withLookalike.diagnostics.every((d) => d.severity === DiagnosticSeverity.Error));

    next = h.diagnostics(uri, (p) => p.diagnostics.length === 2);
    await h.setSettings({ ...FAST, maxProblems: 2 });
    assert.deepEqual(
      (await next).diagnostics.map((d) => d.range.start.line),
      [0, 2],
    );

    next = h.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await h.setSettings({ ...FAST, diagnostics: { enable: false } });
    await next;
  });
});

test('a client without workspace/configuration pushes settings with didChangeConfiguration', async () => {
  await withServer(
    async (h) => {
      const uri = 'file:///push.log';
      const first = h.diagnostics(uri);
      await h.open(uri, GO_LINE);
      assert.equal((await first).diagnostics[0].severity, DiagnosticSeverity.Warning);
      const next = h.diagnostics(uri, (p) => p.diagnostics[0]?.severity === DiagnosticSeverity.Hint);
      await h.setSettings({ severity: { logs: 'hint' } });
      await next;
    },
    { configuration: false, initializationOptions: { settings: { grpcDoctor: FAST } } },
  );
});

test('closing a document clears its diagnostics', async () => {
  await withServer(async (h) => {
    const uri = 'file:///c.log';
    const first = h.diagnostics(uri);
    await h.open(uri, GO_LINE);
    assert.equal((await first).diagnostics.length, 1);
    const cleared = h.diagnostics(uri);
    await h.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
    assert.equal(await h.hover(uri, 0, MATCH_AT + 1), null);
  });
});

test('incremental edits: diagnostics follow the text and equal a fresh open of the same text', async () => {
  await withServer(async (h) => {
    const uri = 'file:///edit.log';
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 100 === 7 ? GO_LINE : `INFO request ${i} ok`));
    let ready = h.diagnostics(uri);
    await h.open(uri, lines.join('\n'));
    assert.equal((await ready).diagnostics.length, 30);

    ready = h.diagnostics(uri, (p) => p.version === 4);
    await h.change(uri, [
      {
        range: { start: { line: 1500, character: 0 }, end: { line: 1500, character: 0 } },
        text: `${GO_LINE}\n${GO_LINE}\n`,
      },
    ]);
    await h.change(uri, [{ range: { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } }, text: '' }]); // delete a finding line
    await h.change(uri, [
      { range: { start: { line: 10, character: 0 }, end: { line: 10, character: 5 } }, text: 'WARN' },
      {
        range: { start: { line: 2999, character: 0 }, end: { line: 2999, character: 0 } },
        text: `${GO_LINE.replace('EOF', 'unexpected EOF')}\n`,
      },
    ]);
    const edited = (await ready).diagnostics;

    lines.splice(1500, 0, GO_LINE, GO_LINE);
    lines.splice(7, 1);
    lines[10] = `WARN${lines[10].slice(5)}`;
    lines.splice(2999, 0, GO_LINE.replace('EOF', 'unexpected EOF'));
    const fresh = h.diagnostics('file:///fresh.log');
    await h.open('file:///fresh.log', lines.join('\n'));
    assert.deepEqual(edited, (await fresh).diagnostics);
    assert.equal(edited.length, 32);
  });
});

test('user patterns: literals and safe regexes report; an unsafe regex is refused once and never run', async () => {
  const settings = {
    ...FAST,
    userPatterns: [
      { literal: 'upstream connect error', id: 'team/envoy-upstream', title: 'Envoy lost the upstream' },
      { regex: '(a+)+b' },
      { regex: 'backend \\d+ went away' },
    ],
  };
  await withServer(
    async (h) => {
      const uri = 'file:///u.log';
      const ready = h.diagnostics(uri);
      await h.open(uri, `upstream connect error or disconnect\n${'a'.repeat(40)}c\nbackend 7 went away\n`);
      const { diagnostics } = await ready;
      assert.deepEqual(
        diagnostics.map((d) => [d.range.start.line, d.code]),
        [
          [0, 'team/envoy-upstream'],
          [2, 'user/pattern-3'],
        ],
      );
      assert.equal(diagnostics[0].message, 'UNKNOWN: Envoy lost the upstream');
      const hover = await h.hover(uri, 0, 3);
      assert.ok((hover?.contents as MarkupContent).value.includes('grpcDoctor.userPatterns'));
      const again = h.diagnostics('file:///u2.log');
      await h.open('file:///u2.log', 'aaab');
      await again;
      const refusals = h.shown.filter((m) => m.message.includes('(a+)+b'));
      assert.equal(refusals.length, 1, 'reported once');
    },
    { settings },
  );
});
