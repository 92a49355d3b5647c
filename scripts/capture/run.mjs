#!/usr/bin/env node
// Capture harness: runs real gRPC clients against real gRPC servers on 127.0.0.1 (ephemeral
// ports), makes the server go away in several ways and records what each side prints.
//
//   node scripts/capture/run.mjs [--impl grpc-js,grpc-js-1.8,grpcio,grpc-go] [--scenario a,b]
//                                [--no-mixed] [--mixed-only] [--jobs N] [--list] [--setup-only]
//
// Writes test/fixtures/captured/<impl>/<scenario>.log (client output), <scenario>.server.log
// (server output) and test/fixtures/captured/INDEX.json. First run installs what it needs:
// npm ci in scripts/capture/node, a venv with grpcio in .tools/venv, the Go binary in .tools/capture.
// Every child runs in its own process group with a hard timeout and is killed on exit.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const OUT = path.join(ROOT, 'test', 'fixtures', 'captured');
const TOOLS = path.join(ROOT, '.tools');
const VENV = path.join(TOOLS, 'venv');
const VENV_PY = path.join(VENV, 'bin', 'python');
const GO_BIN = path.join(TOOLS, 'capture', 'grpc-go-capture');
const NODE_DIR = path.join(HERE, 'node');
const rel = (p) => path.relative(ROOT, p);

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
function opt(name, def) {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return def;
  const a = argv[i];
  if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
  const v = argv[i + 1];
  return v === undefined || v.startsWith('--') ? true : v;
}
const ALL_IMPLS = ['grpc-js', 'grpc-js-1.8', 'grpcio', 'grpc-go'];
const implFilter = String(opt('impl', ALL_IMPLS.join(','))).split(',').map((s) => s.trim()).filter(Boolean);
const scenarioFilter = opt('scenario', null);
const jobs = Math.max(1, Number(opt('jobs', 2)));
const withMixed = !opt('no-mixed', false);
const mixedOnly = !!opt('mixed-only', false);
for (const i of implFilter) {
  if (!ALL_IMPLS.includes(i)) { console.error(`unknown --impl ${i} (known: ${ALL_IMPLS.join(', ')})`); process.exit(2); }
}

// ---------------------------------------------------------------- scenarios
// client: flags for the client; event: what the harness does when the client prints @@ready.
const SCENARIOS = {
  'graceful-stop': {
    about: 'server graceful stop with an open stream (grpc-js tryShutdown, Python server.stop(2.0), Go GracefulStop), forced after a 2 s grace (forceShutdown / Stop); slow unary (1 s) finishes inside the grace',
    event: { server: 'graceful 2000' },
    client: { 'slow-delay': 1000 },
  },
  'hard-stop': {
    about: 'server hard stop with calls in flight (grpc-js forceShutdown, Python server.stop(None), Go Stop)',
    event: { server: 'hard' },
    client: { 'slow-delay': 3000 },
  },
  'kill-sigkill': {
    about: 'server process killed with SIGKILL while a stream, a bidi call and a slow unary are in flight',
    event: { signal: 'SIGKILL' },
    client: { 'slow-delay': 3000 },
  },
  'kill-sigterm': {
    about: 'server process sent SIGTERM (no handler installed, default disposition: the process exits)',
    event: { signal: 'SIGTERM' },
    client: { 'slow-delay': 3000 },
  },
  'client-close': {
    about: 'client closes its channel 500 ms after the stream is open (client.close(), channel.close(), conn.Close()); follow-up call on the closed channel',
    event: null,
    client: { 'slow-delay': 3000, 'close-after': 500, 'max-wait': 5000 },
    timeoutMs: 12000,
  },
  'max-connection-age': {
    about: 'server with max connection age 2 s + grace 1.5 s (grpc.max_connection_age_ms / keepalive.ServerParameters{MaxConnectionAge, MaxConnectionAgeGrace}); long stream',
    event: null,
    server: { 'max-age': 2000, 'max-age-grace': 1500 },
    client: { 'slow-delay': 1000, 'max-wait': 9000 },
  },
  'keepalive-too-many-pings': {
    about: 'client keepalive time 1 s (Go: raised to its 10 s minimum) against a server with default ping enforcement; quiet stream, no bidi; client gives up after ~14 s (Go: ~40 s)',
    event: null,
    client: { keepalive: 1000, 'stream-interval': 60000, 'stream-count': 5, 'slow-delay': 12000, 'max-wait': 14000, bidi: 'false' },
    timeoutMs: 24000,
    goClient: { client: { 'slow-delay': 40000, 'max-wait': 42000 }, timeoutMs: 52000 },
  },
  'refused-and-restart': {
    about: 'server SIGKILLed, restarted on the same port 1.5 s later; client retries a unary call every 300 ms (connection refused, then success)',
    event: { signal: 'SIGKILL', restartAfterMs: 1500 },
    client: { 'slow-delay': 3000, retries: 12, 'retry-interval': 300 },
  },
};
const SCENARIO_NAMES = Object.keys(SCENARIOS);
const scenarioList = scenarioFilter ? String(scenarioFilter).split(',').map((s) => s.trim()) : SCENARIO_NAMES;
for (const s of scenarioList) {
  if (!SCENARIOS[s]) { console.error(`unknown --scenario ${s} (known: ${SCENARIO_NAMES.join(', ')})`); process.exit(2); }
}
const DEFAULT_TIMEOUT_MS = 20000;
const EVENT_DELAY_MS = 800;

// grpcio asyncio client: only these scenarios (files <scenario>-aio.log in the grpcio dir)
const AIO_SCENARIOS = ['hard-stop', 'graceful-stop', 'client-close'];
// Mixed pairs: [client, server, scenarios]
const SERVER_SIDE = ['graceful-stop', 'hard-stop', 'kill-sigkill', 'max-connection-age'];
const MIXED = [
  ['grpc-js', 'grpcio', [...SERVER_SIDE, 'keepalive-too-many-pings']],
  ['grpc-js', 'grpc-go', [...SERVER_SIDE, 'keepalive-too-many-pings']],
  ['grpc-js-1.8', 'grpcio', ['hard-stop', 'max-connection-age', 'keepalive-too-many-pings']],
  ['grpcio', 'grpc-go', [...SERVER_SIDE, 'keepalive-too-many-pings']],
  ['grpcio', 'grpc-js', ['graceful-stop', 'hard-stop', 'max-connection-age']],
  ['grpc-go', 'grpcio', ['graceful-stop', 'hard-stop', 'max-connection-age', 'keepalive-too-many-pings']],
  ['grpc-go', 'grpc-js', ['graceful-stop', 'hard-stop', 'max-connection-age', 'keepalive-too-many-pings']],
];

// ---------------------------------------------------------------- process bookkeeping
const live = new Set();
function killGroup(child, sig = 'SIGKILL') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, sig); } catch { try { child.kill(sig); } catch { /* gone */ } }
}
function killAll() { for (const c of live) killGroup(c, 'SIGKILL'); }
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`\n${sig}: killing ${live.size} child process(es)`); killAll(); process.exit(130); });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function childEnv() {
  const env = { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' };
  // defaults only: what users see without tracing
  for (const k of ['GRPC_TRACE', 'GRPC_VERBOSITY', 'GRPC_NODE_TRACE', 'GRPC_NODE_VERBOSITY',
    'GRPC_GO_LOG_SEVERITY_LEVEL', 'GRPC_GO_LOG_VERBOSITY_LEVEL', 'GRPC_GO_LOG_FORMATTER', 'GODEBUG', 'NODE_DEBUG',
    'GRPC_ENABLE_FORK_SUPPORT', 'NODE_OPTIONS']) delete env[k];
  return env;
}

// Spawn in its own process group; collect lines (stdout+stderr, arrival order); call onMarker for @@ lines.
function start(cmd, args, { onMarker, lines }) {
  const child = spawn(cmd, args, { cwd: ROOT, env: childEnv(), detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => { live.delete(child); resolve({ code, signal }); });
    child.on('error', (err) => { live.delete(child); lines.push(`# [capture] spawn failed: ${err.message}`); resolve({ code: -1, signal: null }); });
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.setEncoding('utf8');
    const flush = (final) => {
      const parts = buf.split('\n');
      buf = final ? '' : parts.pop();
      for (const raw of parts) {
        if (final && raw === '') continue;
        const line = raw.replace(/\r$/, '');
        if (line.startsWith('@@')) onMarker?.(line.slice(2));
        else lines.push(line);
      }
    };
    stream.on('data', (d) => { buf += d; flush(false); });
    stream.on('end', () => flush(true));
  }
  child.stdin.on('error', () => {});
  return { child, exited };
}
function send(proc, text) { try { if (proc && proc.child.stdin.writable) proc.child.stdin.write(`${text}\n`); } catch { /* closed */ } }

async function stopServer(proc) {
  if (!proc) return;
  if (proc.child.exitCode === null && proc.child.signalCode === null) {
    send(proc, 'quit');
    try { proc.child.stdin.end(); } catch { /* closed */ }
    const r = await Promise.race([proc.exited, sleep(3000).then(() => null)]);
    if (!r) { killGroup(proc.child, 'SIGKILL'); await proc.exited; }
  }
  // a SIGKILLed/SIGTERMed server can leave its group (nothing else is spawned) - make sure
  killGroup(proc.child, 'SIGKILL');
}

// ---------------------------------------------------------------- setup
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: opts.timeout ?? 300000, cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, killSignal: 'SIGKILL' });
  return { ok: r.status === 0, out: `${r.stdout || ''}${r.stderr || ''}`.trim(), status: r.status, error: r.error };
}
const setupFailures = {};
const versions = {};
function readJson(p) { return JSON.parse(fs.readFileSync(p, 'utf8')); }

function setupNode() {
  const need = ['@grpc/grpc-js', 'grpc-js-1-8', '@grpc/proto-loader'].some((p) => !fs.existsSync(path.join(NODE_DIR, 'node_modules', p, 'package.json')));
  if (need) {
    console.log('[setup] npm ci in scripts/capture/node');
    let r = run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: NODE_DIR });
    if (!r.ok) { console.log('[setup] npm ci failed, trying npm install'); r = run('npm', ['install', '--no-audit', '--no-fund'], { cwd: NODE_DIR }); }
    if (!r.ok) return `npm install failed: ${r.out.slice(-800)}`;
  }
  versions['grpc-js'] = readJson(path.join(NODE_DIR, 'node_modules', '@grpc', 'grpc-js', 'package.json')).version;
  versions['grpc-js-1.8'] = readJson(path.join(NODE_DIR, 'node_modules', 'grpc-js-1-8', 'package.json')).version;
  versions['proto-loader'] = readJson(path.join(NODE_DIR, 'node_modules', '@grpc', 'proto-loader', 'package.json')).version;
  return null;
}
function setupPython() {
  if (!fs.existsSync(VENV_PY)) {
    console.log('[setup] python3 -m venv .tools/venv');
    const r = run('python3', ['-m', 'venv', VENV]);
    if (!r.ok) return `venv failed: ${r.out.slice(-800)}`;
  }
  let v = run(VENV_PY, ['-c', 'import grpc; print(grpc.__version__)']);
  if (!v.ok) {
    console.log('[setup] pip install -r scripts/capture/python/requirements.txt');
    const r = run(VENV_PY, ['-m', 'pip', 'install', '-q', '-r', path.join(HERE, 'python', 'requirements.txt')], { timeout: 400000 });
    if (!r.ok) return `pip install grpcio failed: ${r.out.slice(-800)}`;
    v = run(VENV_PY, ['-c', 'import grpc; print(grpc.__version__)']);
    if (!v.ok) return `import grpc failed: ${v.out.slice(-400)}`;
  }
  versions.grpcio = v.out.trim().split('\n').pop();
  versions.python = run(VENV_PY, ['-c', 'import sys; print(sys.version.split()[0])']).out.trim();
  return null;
}
function setupGo() {
  const srcs = ['main.go', 'go.mod', 'go.sum'].map((f) => path.join(HERE, 'go', f));
  const newest = Math.max(...srcs.filter((f) => fs.existsSync(f)).map((f) => fs.statSync(f).mtimeMs));
  if (!fs.existsSync(GO_BIN) || fs.statSync(GO_BIN).mtimeMs < newest) {
    console.log('[setup] go build -o .tools/capture/grpc-go-capture ./scripts/capture/go');
    fs.mkdirSync(path.dirname(GO_BIN), { recursive: true });
    const r = run('go', ['build', '-o', GO_BIN, '.'], { cwd: path.join(HERE, 'go'), timeout: 400000 });
    if (!r.ok) return `go build failed: ${r.out.slice(-800)}`;
  }
  const v = run(GO_BIN, ['version']);
  if (!v.ok) return `grpc-go-capture version failed: ${v.out}`;
  versions['grpc-go'] = v.out.trim();
  versions.go = run('go', ['env', 'GOVERSION']).out.trim();
  return null;
}

// ---------------------------------------------------------------- implementations
const IMPL = {
  'grpc-js': {
    implementation: '@grpc/grpc-js', pkg: '@grpc/grpc-js', dir: () => `grpc-js-${versions['grpc-js'].split('.').slice(0, 2).join('.')}`,
    client: () => ['node', [path.join(NODE_DIR, 'client.js'), '--lib=grpc-js']],
    server: () => ['node', [path.join(NODE_DIR, 'server.js'), '--lib=grpc-js']],
  },
  'grpc-js-1.8': {
    implementation: '@grpc/grpc-js', pkg: 'grpc-js-1-8 (npm:@grpc/grpc-js@~1.8.0)', dir: () => `grpc-js-${versions['grpc-js-1.8'].split('.').slice(0, 2).join('.')}`,
    client: () => ['node', [path.join(NODE_DIR, 'client.js'), '--lib=grpc-js-1-8']],
    server: () => ['node', [path.join(NODE_DIR, 'server.js'), '--lib=grpc-js-1-8']],
  },
  grpcio: {
    implementation: 'grpcio', pkg: 'grpcio', dir: () => `grpcio-${versions.grpcio}`,
    client: () => [VENV_PY, [path.join(HERE, 'python', 'client.py')]],
    server: () => [VENV_PY, [path.join(HERE, 'python', 'server.py')]],
  },
  'grpcio-aio': {
    implementation: 'grpcio (grpc.aio)', pkg: 'grpcio', dir: () => `grpcio-${versions.grpcio}`, versionKey: 'grpcio', suffix: '-aio',
    client: () => [VENV_PY, [path.join(HERE, 'python', 'client.py'), '--aio']],
  },
  'grpc-go': {
    implementation: 'google.golang.org/grpc', pkg: 'google.golang.org/grpc', dir: () => `grpc-go-${versions['grpc-go']}`,
    client: () => [GO_BIN, ['client']],
    server: () => [GO_BIN, ['server']],
  },
};
const vOf = (impl) => versions[IMPL[impl].versionKey || impl];

// ---------------------------------------------------------------- error extraction
const ERROR_LINE = /rpc error: code =|StatusCode\.|Error: \d+ [A-Z_]+:|\bdetails\b\s*[:=]|debug_error_string|Channel has been shut down|closed channel|GoAway|GOAWAY|too_many_pings|excess pings/;
function normalize(s) {
  return s.replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:<port>')
    .replace(/->127\.0\.0\.1:<port>/g, '->127.0.0.1:<port>');
}
function extract(lines) {
  const errorLines = [];
  const seen = new Set();
  for (const l of lines) {
    if (l.startsWith('# ')) continue;
    if (!ERROR_LINE.test(l)) continue;
    const t = l.trim();
    if (!seen.has(t)) { seen.add(t); errorLines.push(t); }
  }
  const text = lines.join('\n');
  const messages = [];
  const mseen = new Set();
  const add = (form, code, message) => {
    const m = { form, code, message: normalize(message) };
    const k = JSON.stringify(m);
    if (!mseen.has(k)) { mseen.add(k); messages.push(m); }
  };
  for (const m of text.matchAll(/rpc error: code = (\w+) desc = (.*)$/gm)) add('go', m[1], m[2]);
  for (const m of text.matchAll(/status = StatusCode\.(\w+)\n\s*details = "(.*)"/g)) add('python', m[1], m[2]);
  // grpc.aio call objects cancelled locally print status and details swapped (seen in grpcio 1.85)
  for (const m of text.matchAll(/status = (.+)\n\s*details = "StatusCode\.(\w+)"/g)) add('python-aio-call-repr', m[2], m[1]);
  for (const m of text.matchAll(/^(?:.*?)Error: (\d+) ([A-Z_]+): (.*)$/gm)) add('node', `${m[1]} ${m[2]}`, m[3]);
  for (const m of text.matchAll(/^(?:Error|ValueError): (Channel has been shut down|Cannot invoke RPC on closed channel!)$/gm)) add('thrown', null, m[1]);
  return { errorLines, messages };
}

// ---------------------------------------------------------------- one run
function flagsToArgs(o) { return Object.entries(o).map(([k, v]) => `--${k}=${v}`); }
const shellQuote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
const cmdString = (cmd, args) => [cmd === 'node' ? 'node' : rel(cmd), ...args.map((a) => (path.isAbsolute(a) ? rel(a) : a))].map(shellQuote).join(' ');

async function runOne(task) {
  const { clientImpl, serverImpl, scenario } = task;
  const sc = SCENARIOS[scenario];
  const goClient = clientImpl === 'grpc-go' && sc.goClient;
  const clientFlags = { ...sc.client, ...(goClient ? sc.goClient.client : {}) };
  const timeoutMs = (goClient ? sc.goClient.timeoutMs : sc.timeoutMs) || DEFAULT_TIMEOUT_MS;
  const t0 = Date.now();
  const stamp = () => `+${((Date.now() - t0) / 1000).toFixed(2)}s`;
  const clientLines = [];
  const serverLines = [];
  const notes = [];

  // server
  const [scmd, sargs0] = IMPL[serverImpl].server();
  const sargs = [...sargs0, ...flagsToArgs(sc.server || {})];
  let port = null;
  let listening;
  const waitListening = () => new Promise((resolve) => { listening = resolve; });
  let lp = waitListening();
  const onServerMarker = (m) => { const mm = /^listening (\d+)/.exec(m); if (mm) { port = Number(mm[1]); listening(port); } };
  let server = start(scmd, sargs, { lines: serverLines, onMarker: onServerMarker });
  const got = await Promise.race([lp, server.exited.then(() => null), sleep(15000).then(() => null)]);
  if (!got) {
    await stopServer(server);
    return { ...task, error: `server did not start: ${serverLines.slice(-5).join(' | ')}`, clientLines, serverLines, durationMs: Date.now() - t0 };
  }
  const serverCommand = cmdString(scmd, sargs);

  // client
  const [ccmd, cargs0] = IMPL[clientImpl].client();
  const cargs = [...cargs0, `--target=127.0.0.1:${port}`, ...flagsToArgs(clientFlags)];
  let restartP = Promise.resolve();
  const onClientMarker = async (m) => {
    if (m !== 'ready' || !sc.event) return;
    const ev = sc.event;
    // let the slow unary reach the server handler and a few more stream messages arrive
    await sleep(EVENT_DELAY_MS);
    if (ev.server) {
      notes.push(`${stamp()} harness -> server stdin: ${ev.server}`);
      serverLines.push(`# [capture] ${stamp()} harness asks the server to stop: ${ev.server}`);
      send(server, ev.server);
    } else if (ev.signal) {
      notes.push(`${stamp()} harness sends ${ev.signal} to server pid ${server.child.pid}`);
      serverLines.push(`# [capture] ${stamp()} harness sends ${ev.signal} to the server process`);
      killGroup(server.child, ev.signal);
      if (ev.restartAfterMs) {
        const old = server;
        restartP = (async () => {
          await Promise.race([old.exited, sleep(3000)]);
          await sleep(ev.restartAfterMs);
          serverLines.push(`# [capture] ${stamp()} restarting the server on the same port ${port}`);
          notes.push(`${stamp()} harness restarts server on port ${port}`);
          lp = waitListening();
          server = start(scmd, [...sargs, `--port=${port}`], { lines: serverLines, onMarker: onServerMarker });
          const ok = await Promise.race([lp, server.exited.then(() => null), sleep(10000).then(() => null)]);
          if (!ok) notes.push(`${stamp()} restarted server did not come up`);
        })();
      }
    }
  };
  let eventP = Promise.resolve();
  const client = start(ccmd, cargs, { lines: clientLines, onMarker: (m) => { eventP = onClientMarker(m); } });
  const res = await Promise.race([client.exited, sleep(timeoutMs).then(() => null)]);
  let timedOut = false;
  if (!res) {
    timedOut = true;
    clientLines.push(`# [capture] client killed by the harness after ${timeoutMs} ms`);
    killGroup(client.child, 'SIGKILL');
    await client.exited;
  }
  await eventP;
  await restartP;
  await stopServer(server);
  await sleep(50);
  return {
    ...task, clientLines, serverLines, notes, timedOut, port, timeoutMs,
    clientCommand: cmdString(ccmd, cargs), serverCommand,
    clientExit: res, durationMs: Date.now() - t0,
  };
}

// ---------------------------------------------------------------- main
function dirFor(clientImpl, serverImpl) {
  const c = IMPL[clientImpl].dir();
  const s = IMPL[serverImpl].dir();
  const cBase = clientImpl === 'grpcio-aio' ? IMPL.grpcio.dir() : c;
  return (clientImpl === serverImpl || (clientImpl === 'grpcio-aio' && serverImpl === 'grpcio')) ? cBase : `${cBase}-client--${s}-server`;
}

async function main() {
  if (opt('list', false)) {
    for (const [k, v] of Object.entries(SCENARIOS)) console.log(`${k.padEnd(26)} ${v.about}`);
    return;
  }
  const needNode = implFilter.some((i) => i.startsWith('grpc-js'));
  const needPy = implFilter.includes('grpcio');
  const needGo = implFilter.includes('grpc-go');
  const tSetup = Date.now();
  if (needNode) { const e = setupNode(); if (e) { setupFailures['grpc-js'] = e; setupFailures['grpc-js-1.8'] = e; } }
  if (needPy) { const e = setupPython(); if (e) setupFailures.grpcio = e; }
  if (needGo) { const e = setupGo(); if (e) setupFailures['grpc-go'] = e; }
  for (const [k, e] of Object.entries(setupFailures)) console.log(`[setup] ${k} unavailable: ${e}`);
  console.log(`[setup] done in ${((Date.now() - tSetup) / 1000).toFixed(1)} s: ${JSON.stringify(versions)}`);
  if (opt('setup-only', false)) return;

  const ok = implFilter.filter((i) => !setupFailures[i]);
  const tasks = [];
  if (!mixedOnly) {
    for (const impl of ok) {
      for (const s of scenarioList) tasks.push({ clientImpl: impl, serverImpl: impl, scenario: s });
      if (impl === 'grpcio') for (const s of AIO_SCENARIOS.filter((x) => scenarioList.includes(x))) tasks.push({ clientImpl: 'grpcio-aio', serverImpl: 'grpcio', scenario: s });
    }
  }
  if (withMixed) {
    for (const [c, s, scs] of MIXED) {
      if (!ok.includes(c) || !ok.includes(s)) continue;
      for (const x of scs.filter((y) => scenarioList.includes(y))) tasks.push({ clientImpl: c, serverImpl: s, scenario: x });
    }
  }
  // long ones first so the two lanes finish together
  const cost = (t) => (t.scenario === 'keepalive-too-many-pings' ? (t.clientImpl === 'grpc-go' ? 50 : 16) : 6);
  tasks.sort((a, b) => cost(b) - cost(a));
  console.log(`[run] ${tasks.length} runs, ${jobs} at a time`);

  const results = [];
  let next = 0;
  const tRun = Date.now();
  async function lane() {
    while (next < tasks.length) {
      const t = tasks[next++];
      const label = `${t.clientImpl} -> ${t.serverImpl} ${t.scenario}`;
      const r = await runOne(t);
      results.push(r);
      const { messages } = extract(r.clientLines || []);
      console.log(`[run] ${label}: ${(r.durationMs / 1000).toFixed(1)} s${r.timedOut ? ' (timed out)' : ''}${r.error ? ` ERROR ${r.error}` : ''}`);
      for (const m of messages) console.log(`        ${m.code ?? ''} ${m.message}`);
    }
  }
  await Promise.all(Array.from({ length: jobs }, lane));
  console.log(`[run] all runs done in ${((Date.now() - tRun) / 1000).toFixed(1)} s`);
  writeOutputs(results);
}

function header(r, side) {
  const cv = `${IMPL[r.clientImpl].implementation} ${vOf(r.clientImpl)}`;
  const sv = `${IMPL[r.serverImpl].implementation} ${vOf(r.serverImpl)}`;
  return `# grpc-doctor capture: ${side} output | client ${cv} | server ${sv} | scenario ${r.scenario} | ${new Date().toISOString().slice(0, 10)}`;
}

function writeOutputs(results) {
  const indexPath = path.join(OUT, 'INDEX.json');
  let index = { generatedBy: 'node scripts/capture/run.mjs', files: [] };
  if (fs.existsSync(indexPath)) { try { index = readJson(indexPath); } catch { /* rewrite */ } }
  const byFile = new Map(index.files.map((f) => [f.file, f]));
  const date = new Date().toISOString();
  for (const r of results.sort((a, b) => `${a.clientImpl}${a.serverImpl}${a.scenario}`.localeCompare(`${b.clientImpl}${b.serverImpl}${b.scenario}`))) {
    const dir = dirFor(r.clientImpl, r.serverImpl);
    const suffix = IMPL[r.clientImpl].suffix || '';
    fs.mkdirSync(path.join(OUT, dir), { recursive: true });
    const sides = [['client', `${r.scenario}${suffix}.log`, r.clientLines, r.clientCommand, r.clientImpl]];
    if (!suffix) sides.push(['server', `${r.scenario}.server.log`, r.serverLines, r.serverCommand, r.serverImpl]);
    for (const [side, name, lines, command, impl] of sides) {
      const file = path.posix.join(dir, name);
      const body = [header(r, side), ...(r.error ? [`# [capture] ${r.error}`] : []), ...(lines || [])].join('\n').replace(/\n+$/, '');
      fs.writeFileSync(path.join(OUT, dir, name), `${body}\n`);
      const { errorLines, messages } = extract(lines || []);
      byFile.set(file, {
        file,
        implementation: IMPL[impl].implementation,
        package: IMPL[impl].pkg,
        version: vOf(impl),
        scenario: r.scenario,
        side,
        client: { implementation: IMPL[r.clientImpl].implementation, version: vOf(r.clientImpl), variant: r.clientImpl },
        server: { implementation: IMPL[r.serverImpl].implementation, version: vOf(r.serverImpl), variant: r.serverImpl },
        date,
        command: command || null,
        durationMs: r.durationMs,
        timedOut: !!r.timedOut,
        harnessEvents: r.notes || [],
        errorLines,
        messages,
      });
    }
  }
  index = {
    generatedBy: 'node scripts/capture/run.mjs',
    note: 'errorLines: distinct lines of the file that carry a status (raw, ports/timestamps kept); messages: {form, code, message} parsed from them, ports replaced by <port>.',
    updated: date,
    toolVersions: { node: process.version, ...versions },
    setupFailures,
    scenarios: Object.fromEntries(Object.entries(SCENARIOS).map(([k, v]) => [k, v.about])),
    files: [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file)),
  };
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(indexPath, `${JSON.stringify(index, null, 2)}\n`);
  console.log(`[out] wrote ${results.length} run(s) to ${rel(OUT)} and ${rel(indexPath)}`);
  if (fs.existsSync(path.join(OUT, 'README.md'))) {
    const r = run('node', [path.join(HERE, 'table.mjs'), '--write']);
    console.log(`[out] ${r.ok ? r.out : `README table not updated: ${r.out}`}`);
  }
}

main().catch((e) => { console.error(e); killAll(); process.exit(1); });
