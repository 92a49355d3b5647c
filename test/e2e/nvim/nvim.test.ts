import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { defaultKnowledge } from '../../../server/src/project/knowledgeFiles';
import { fixture, ROOT } from '../../helpers/knowledge';

/** Installs Neovim when missing (scripts/setup/neovim.sh); a reason when it cannot be installed here. */
function ensureNvim(): string | undefined {
  const setup = spawnSync('sh', [path.join(ROOT, 'scripts/setup/neovim.sh')], { encoding: 'utf8', timeout: 300_000 });
  if (setup.status === 0) return undefined;
  return `Neovim is not installed and cannot be installed here: ${(setup.stderr || setup.error?.message || `exit ${setup.status}`).trim()}`;
}

interface NvimResult {
  of(kind: string): unknown[];
}

/** Runs test/e2e/nvim/lsp_test.lua on a copy of a captured grpc-go log, with grpcDoctor.language = `language`. */
function runNvim(language: string): NvimResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-nvim-'));
  try {
    const file = path.join(dir, 'client.log');
    fs.copyFileSync(fixture('logs', 'go-client-server-killed.log'), file);
    const outFile = path.join(dir, 'result.jsonl');
    const run = spawnSync(
      'nvim',
      ['--headless', '--clean', '-n', '-u', 'NONE', '-c', `luafile ${path.join(ROOT, 'test/e2e/nvim/lsp_test.lua')}`],
      {
        env: {
          ...process.env,
          GD_SERVER: path.join(ROOT, 'server/out/server.js'),
          GD_FILE: file,
          GD_OUT: outFile,
          GD_LANGUAGE: language,
          XDG_STATE_HOME: dir,
          XDG_DATA_HOME: dir,
        },
        input: '',
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.ok(fs.existsSync(outFile), `nvim wrote results (status ${run.status}, stderr ${run.stderr})`);
    const events = fs
      .readFileSync(outFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; value: unknown });
    return { of: (kind) => events.filter((e) => e.kind === kind).map((e) => e.value) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type NvimDiagnostic = {
  lnum: number;
  col: number;
  end_col: number;
  severity: number;
  source: string;
  message: string;
  code: string;
};

test(
  'Neovim (built-in LSP client): diagnostic, short hover and an Explain action the server executes',
  { timeout: 360_000 },
  (t) => {
    const missing = ensureNvim();
    if (missing) {
      t.skip(missing);
      return;
    }
    const r = runNvim('en');
    assert.deepEqual(r.of('error'), []);
    assert.deepEqual(r.of('initialized'), [true]);
    assert.deepEqual(r.of('got_diagnostics'), [true]);

    const entry = defaultKnowledge().byId.get('grpc-go/error-reading-from-server')!;
    const line = fs.readFileSync(fixture('logs', 'go-client-server-killed.log'), 'utf8').split('\n')[3];
    const [d, ...rest] = r.of('diagnostic') as NvimDiagnostic[];
    assert.equal(rest.length, 0);
    assert.equal(d.lnum, 3);
    assert.equal(d.col, line.indexOf('error reading from server: '));
    assert.equal(d.source, 'grpc-doctor');
    assert.equal(d.code, entry.id);
    assert.equal(d.message, `UNAVAILABLE: ${entry.title}`);
    assert.equal(d.severity, DiagnosticSeverity.Warning, 'vim.diagnostic.severity.WARN = 2, as in LSP');

    const [hover] = r.of('hover') as string[];
    assert.ok(
      hover?.includes('`UNAVAILABLE` (14)') && hover.includes(`grpc-doctor explain ${entry.id}`),
      `hover: ${String(hover).slice(0, 200)}`,
    );
    assert.ok(!hover.includes('command:'), 'no VS Code command links in another editor');

    const actions = r.of('action') as { title: string; kind: string; command?: string }[];
    assert.ok(actions.length > 0 && actions.every((a) => a.kind === 'quickfix'), JSON.stringify(actions));
    assert.ok(
      actions.every((a) => !/[\n\t]/.test(a.title)),
      'one-line titles',
    );
    assert.ok(
      actions.some((a) => a.command === 'grpcDoctor.server.explain'),
      JSON.stringify(actions),
    );
    assert.deepEqual(r.of('execute_error'), [], 'Neovim could execute the command');
    const messages = r.of('message') as string[];
    assert.ok(
      messages.some((m) => m.startsWith(entry.title) && m.includes('Retry policy')),
      `showMessage: ${JSON.stringify(messages).slice(0, 300)}`,
    );
    assert.deepEqual(r.of('done'), [true]);
  },
);

test(
  'Neovim: the documented settings = { grpcDoctor = { language = "zh-cn" } } recipe takes effect',
  { timeout: 360_000 },
  (t) => {
    const missing = ensureNvim();
    if (missing) {
      t.skip(missing);
      return;
    }
    const r = runNvim('zh-cn');
    assert.deepEqual(r.of('error'), []);
    const entry = defaultKnowledge().byId.get('grpc-go/error-reading-from-server')!;
    const [d] = r.of('diagnostic') as NvimDiagnostic[];
    assert.equal(d?.message, `UNAVAILABLE：${entry.title_zh}`);
    const [hover] = r.of('hover') as string[];
    assert.ok(hover?.includes('**重试策略**：'), `hover: ${String(hover).slice(0, 200)}`);
    const actions = r.of('action') as { title: string }[];
    assert.ok(
      actions.some((a) => a.title.startsWith('解释：')),
      JSON.stringify(actions),
    );
  },
);
