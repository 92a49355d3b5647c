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

test('Neovim (built-in LSP client) shows the diagnostic and the hover of the bundled server', { timeout: 360_000 }, (t) => {
  const missing = ensureNvim();
  if (missing) {
    t.skip(missing);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-nvim-'));
  try {
    const file = path.join(dir, 'client.log');
    fs.copyFileSync(fixture('logs', 'go-client-server-killed.log'), file);
    const outFile = path.join(dir, 'result.jsonl');
    const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-u', 'NONE', '-c', `luafile ${path.join(ROOT, 'test/e2e/nvim/lsp_test.lua')}`], {
      env: { ...process.env, GD_SERVER: path.join(ROOT, 'server/out/server.js'), GD_FILE: file, GD_OUT: outFile, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir },
      input: '',
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.ok(fs.existsSync(outFile), `nvim wrote results (status ${run.status}, stderr ${run.stderr})`);
    const events = fs.readFileSync(outFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; value: unknown });
    const of = (kind: string): unknown[] => events.filter((e) => e.kind === kind).map((e) => e.value);
    assert.deepEqual(of('error'), []);
    assert.deepEqual(of('initialized'), [true]);
    assert.deepEqual(of('got_diagnostics'), [true]);

    const entry = defaultKnowledge().byId.get('grpc-go/error-reading-from-server')!;
    const line = fs.readFileSync(file, 'utf8').split('\n')[3];
    const [d, ...rest] = of('diagnostic') as { lnum: number; col: number; end_col: number; severity: number; source: string; message: string; code: string }[];
    assert.equal(rest.length, 0);
    assert.equal(d.lnum, 3);
    assert.equal(d.col, line.indexOf('error reading from server: '));
    assert.equal(d.source, 'grpc-doctor');
    assert.equal(d.code, entry.id);
    assert.equal(d.message, `UNAVAILABLE: ${entry.title}`);
    assert.equal(d.severity, DiagnosticSeverity.Warning, 'vim.diagnostic.severity.WARN = 2, as in LSP');

    const [hover] = of('hover') as string[];
    assert.ok(hover?.includes(`### ${entry.title}`), `hover: ${String(hover).slice(0, 120)}`);
    assert.ok(hover.includes(entry.root_cause) && hover.includes('`UNAVAILABLE` (14)'));
    assert.deepEqual(of('done'), [true]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
