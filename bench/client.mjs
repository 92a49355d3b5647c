// VS Code client measures: VSIX size (packaged with the project's own packaging when it has one) and
// activation time (require + activate() of client/out/extension.js against a recording stand-in for the
// `vscode` module: the extension's own start-up cost, without an editor around it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { ROOT, WORK } from './generate.mjs';

const pkg = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function vsixSize() {
  const scripts = pkg().scripts ?? {};
  const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
  const out = path.join(WORK, 'grpc-doctor.vsix');
  fs.rmSync(out, { force: true });
  let r;
  if (scripts.package)
    r = spawnSync('npm', ['run', '--silent', 'package', '--', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  else if (fs.existsSync(vsce))
    r = spawnSync(process.execPath, [vsce, 'package', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  else
    return {
      reason:
        'VSIX size: no packaging yet (no `package` script, @vscode/vsce not installed; the `client` branch has not landed)',
    };
  if (r.status !== 0 || !fs.existsSync(out))
    return {
      reason: `VSIX size: packaging failed: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-2).join(' ')}`,
    };
  return { bytes: fs.statSync(out).size };
}

/** The names the `vscode` module exports, from @types/vscode (bundlers copy a module's own keys on import). */
function vscodeApiNames() {
  const file = path.join(ROOT, 'node_modules/@types/vscode/index.d.ts');
  if (!fs.existsSync(file)) return [];
  const names = new Set();
  for (const m of fs
    .readFileSync(file, 'utf8')
    .matchAll(/^\t(?:export )?(?:class|enum|namespace|const|let|function) (\w+)/gm))
    names.add(m[1]);
  return [...names];
}

/** A stand-in for `vscode`: every property is a callable, constructible object that records nothing. */
function fakeVscode() {
  const names = vscodeApiNames();
  const handler = {
    get: (_t, prop) => (prop === 'then' ? undefined : prop === Symbol.toPrimitive ? () => '' : anything),
    apply: () => anything,
    construct: () => anything,
    ownKeys: (target) => [...new Set([...Reflect.ownKeys(target), ...names])],
    getOwnPropertyDescriptor: (target, prop) =>
      Reflect.getOwnPropertyDescriptor(target, prop) ?? { configurable: true, enumerable: true, value: anything },
  };
  const anything = new Proxy(function () {}, handler);
  return anything;
}

function activationMs(reps) {
  const file = path.join(ROOT, 'client/out/extension.js');
  const p = pkg();
  if (!fs.existsSync(file) || !fs.readFileSync(file, 'utf8').includes('LanguageClient')) {
    return {
      reason:
        'extension activation: client/out/extension.js is still the placeholder (the `client` branch has not landed)',
    };
  }
  const load = Module._load;
  const values = [];
  try {
    const vscode = fakeVscode();
    Module._load = function (request, ...rest) {
      return request === 'vscode' ? vscode : load.call(this, request, ...rest);
    };
    for (let r = 0; r < reps; r++) {
      for (const k of Object.keys(Module._cache)) if (k.startsWith(path.join(ROOT, 'client'))) delete Module._cache[k];
      const t0 = performance.now();
      const ext = Module.createRequire(file)(file);
      const context = {
        subscriptions: [],
        extensionPath: ROOT,
        extensionUri: { fsPath: ROOT },
        asAbsolutePath: (p) => path.join(ROOT, p),
        globalState: { get() {}, update() {} },
        workspaceState: { get() {}, update() {} },
        extension: { packageJSON: p },
      };
      const result = ext.activate?.(context);
      values.push(performance.now() - t0);
      if (result && typeof result.catch === 'function') result.catch(() => {});
      for (const d of context.subscriptions)
        try {
          d?.dispose?.();
        } catch {
          /* stand-in */
        }
    }
  } catch (err) {
    return {
      reason: `extension activation: activate() needs a real editor (${String(err?.message ?? err).slice(0, 120)}); measure it in the e2e suite`,
    };
  } finally {
    Module._load = load;
  }
  return { values };
}

export async function clientMeasures({ reps }) {
  const rows = [];
  const unavailable = [];
  const v = vsixSize();
  if (v.reason) unavailable.push(v.reason);
  else rows.push({ name: 'VSIX size', unit: 'MiB', values: [v.bytes / 1024 / 1024], goal: { op: '<=', value: 1.5 } });
  const a = activationMs(reps);
  if (a.reason) unavailable.push(a.reason);
  else
    rows.push({
      name: 'activation (require + activate, stand-in vscode)',
      unit: 'ms',
      values: a.values,
      goal: { op: '<=', value: 50 },
      note: 'loading client/out/extension.js + the synchronous part of activate(); the language client library is evaluated in the next event-loop turn',
    });
  return { rows, unavailable };
}
