// `npm run test:runtime-fixes`: applies gRPC Doctor's quick fixes (retry service config, stream reconnection
// loop) to real clients, runs them against real servers on 127.0.0.1 that restart mid-call, and checks that
// the fixed client succeeds where the unfixed one fails. Node (@grpc/grpc-js), Python (grpcio), Go (grpc-go).
// Usage: node scripts/runtime-fixes.mjs [node python go]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const feedProto = path.join(root, 'test/fixtures/quickfix/protos/feed.proto');
const runtime = path.join(root, 'test/runtime/fixes');
// inside the repository so Node resolves @grpc/grpc-js; .cache is ignored by git
const work = path.join(root, '.cache/runtime-fixes');
const all = ['node', 'python', 'go'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;
let passed = 0;
let failed = 0;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 60_000,
    ...opts,
    env: { ...process.env, FEED_PROTO: feedProto, ...opts.env },
  });
  return {
    ok: r.status === 0,
    stdout: r.stdout ?? '',
    out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`,
  };
}
function must(cmd, args, opts) {
  const r = run(cmd, args, { timeout: 600_000, ...opts });
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r.stdout;
}
function report(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `  ${detail}` : ''}`);
}

// the project's own code, compiled: what the editor would run
must(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')]);
const { codeActionsFor } = require(path.join(root, 'out/server/src/lsp/features/codeActions.js'));
const { applyWorkspaceEdit } = require(path.join(root, 'out/server/src/lsp/applyEdit.js'));
const { loadProtoServices } = require(path.join(root, 'out/server/src/project/protoServices.js'));
const protoServices = loadProtoServices([feedProto]).services;

/** The client file with one quick fix applied, exactly as the editor would apply it. */
function applyFix(file, languageId, fix, target) {
  const text = fs.readFileSync(file, 'utf8');
  const document = { uri: `file://${file}`, version: 1, text, languageId };
  const lines = text.split('\n');
  const range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: 0 } };
  const actions = codeActionsFor(document, range, [], {
    protoServices,
    dependencyVersions: {},
    knowledge: { byId: new Map() },
  });
  const action = actions.find((a) => a.data?.fix === fix && (target === undefined || a.data.target === target));
  if (!action) throw new Error(`no ${fix} action for ${file}`);
  return applyWorkspaceEdit(document, action.edit);
}

function expectOutcome(language, outcome) {
  report(
    `${language}  unary across a server restart: unfixed client fails`,
    outcome.unaryUnfixed?.ok === false,
    JSON.stringify(outcome.unaryUnfixed),
  );
  report(
    `${language}  unary across a server restart: client with the retry config (+ waitForReady) succeeds`,
    outcome.unaryFixed?.ok === true,
    JSON.stringify(outcome.unaryFixed),
  );
  report(
    `${language}  server stream cut by a restart: unfixed client loses it`,
    outcome.streamUnfixed?.ok === false,
    JSON.stringify(outcome.streamUnfixed),
  );
  report(
    `${language}  server stream cut by a restart: reconnection loop resumes it, every event once`,
    outcome.streamFixed?.ok === true,
    JSON.stringify(outcome.streamFixed),
  );
}

function parseOutcome(result) {
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`driver output unreadable:\n${result.out}`);
  }
}

const languages = {
  node() {
    const dir = path.join(work, 'node');
    fs.mkdirSync(dir, { recursive: true });
    const client = path.join(runtime, 'node/client.js');
    fs.copyFileSync(client, path.join(dir, 'unfixed.js'));
    fs.writeFileSync(path.join(dir, 'retry.js'), applyFix(client, 'javascript', 'retry-config', 'demo.feed.v1.Feed'));
    // the loop is a module-level function; the driver reaches it through the exports
    fs.writeFileSync(
      path.join(dir, 'reconnect.js'),
      `${applyFix(client, 'javascript', 'reconnect-loop')}\nmodule.exports.consumeWithReconnect = consumeWithReconnect\n`,
    );
    const result = run(process.execPath, [
      path.join(runtime, 'node/driver.js'),
      ...['unfixed.js', 'retry.js', 'reconnect.js'].map((f) => path.join(dir, f)),
    ]);
    expectOutcome('node/grpc-js', parseOutcome(result));
  },
  python() {
    must('bash', [path.join(root, 'scripts/setup/python.sh')]);
    const dir = path.join(work, 'python');
    fs.mkdirSync(dir, { recursive: true });
    const client = path.join(runtime, 'python/client.py');
    fs.copyFileSync(client, path.join(dir, 'unfixed.py'));
    fs.writeFileSync(path.join(dir, 'retry.py'), applyFix(client, 'python', 'retry-config', 'demo.feed.v1.Feed'));
    fs.writeFileSync(path.join(dir, 'reconnect.py'), applyFix(client, 'python', 'reconnect-loop'));
    const py = path.join(root, '.tools/venv/bin/python');
    const result = run(py, [path.join(runtime, 'python/driver.py'), dir]);
    expectOutcome('python/grpcio', parseOutcome(result));
  },
  go() {
    const dir = path.join(work, 'go');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ['go.mod', 'go.sum']) fs.copyFileSync(path.join(root, 'test/toolchains/go', f), path.join(dir, f));
    fs.copyFileSync(path.join(runtime, 'go/driver.go.txt'), path.join(dir, 'main.go'));
    const client = path.join(runtime, 'go/client.go.txt');
    const variants = {
      unfixed: fs.readFileSync(client, 'utf8'),
      retry: applyFix(client, 'go', 'retry-config', 'demo.feed.v1.Feed'),
      reconnect: applyFix(client, 'go', 'reconnect-loop'),
    };
    for (const [name, text] of Object.entries(variants)) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'client.go'), text.replace(/^package \w+/m, `package ${name}`));
    }
    // the loop is unexported: the driver calls it through this wrapper
    fs.writeFileSync(
      path.join(dir, 'reconnect', 'export.go'),
      'package reconnect\n\nimport "context"\n\n// ConsumeWithReconnect exposes the inserted loop to the driver.\nfunc ConsumeWithReconnect[T, P any](ctx context.Context, position P, open func(ctx context.Context, position P) (recvStream[T], error), handle func(msg T, position P) P) (P, error) {\n\treturn consumeWithReconnect(ctx, position, open, handle)\n}\n\n// RecvStream is the loop\'s stream type.\ntype RecvStream[T any] = recvStream[T]\n',
    );
    must('go', ['build', '-o', path.join(dir, 'driver'), '.'], { cwd: dir });
    const result = run(path.join(dir, 'driver'), []);
    expectOutcome('go/grpc-go', parseOutcome(result));
  },
};

fs.mkdirSync(work, { recursive: true });
for (const name of chosen) {
  if (!languages[name]) throw new Error(`unknown language ${name}; known: ${all.join(', ')}`);
  try {
    languages[name]();
  } catch (error) {
    report(`${name} runtime check`, false, String(error?.message ?? error));
  }
}
console.log(`runtime-fixes: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
