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
const DEB_PY = '/usr/bin/python3'; // Debian's python3-grpcio (apt-get install python3-grpcio)
const JAVA_LIB = path.join(TOOLS, 'java-lib');
const JAVA_CLASSES = path.join(TOOLS, 'java-classes');
const JAVA_CP = `${JAVA_CLASSES}:${JAVA_LIB}/*`;
const RUST_DIR = path.join(HERE, 'rust');
const RUST_TARGET = path.join(TOOLS, 'rust-target');
const TONIC_BIN = path.join(RUST_TARGET, 'release', 'tonic-capture');
// tonic is slow to build from scratch (~4 min on 2 cores): it is built only when asked for
// (--impl tonic, or GRPC_DOCTOR_BUILD_TONIC=1); its committed captures stay otherwise.
const TONIC_OPT_IN = process.env.GRPC_DOCTOR_BUILD_TONIC === '1';
const NODE_DIR = path.join(HERE, 'node');
// Debian 12's gRPC C++ 1.51 (scripts/setup/old-builds.sh): a helloworld-style client, generated code from echo.proto
const CPP_DIR = path.join(HERE, 'cpp');
const CPP_GEN = path.join(TOOLS, 'cpp-gen');
const CPP_BIN = path.join(TOOLS, 'capture', 'grpcpp-capture');
const OLD_BUILDS_SH = path.join(ROOT, 'scripts', 'setup', 'old-builds.sh');
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
const ALL_IMPLS = ['grpc-js', 'grpc-js-1.8', 'grpcio', 'grpcio-deb', 'grpcpp-deb', 'ruby-deb', 'grpc-go', 'grpc-go-1.61', 'grpc-go-deb', 'grpc-java', 'tonic'];
// not run unless named with --impl (they add runs nobody re-captures by default)
const OPT_IN = ['grpcpp-deb', 'ruby-deb', 'grpc-go-1.61', 'grpc-go-deb'];
const DEFAULT_IMPLS = ALL_IMPLS.filter((i) => !OPT_IN.includes(i) && (i !== 'tonic' || TONIC_OPT_IN || fs.existsSync(TONIC_BIN)));
const implFilter = String(opt('impl', DEFAULT_IMPLS.join(','))).split(',').map((s) => s.trim()).filter(Boolean);
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
  'client-close-uncaught': {
    about: 'grpc-js 1.14 only (1.8 never completes the in-flight calls after close): as client-close, but the follow-up call on the closed client is not guarded, so the process dies with an uncaught "Channel has been shut down" (Node prints the source excerpt)',
    event: null,
    client: { 'slow-delay': 3000, 'close-after': 500, 'max-wait': 5000, 'throw-after-close': 'true' },
    timeoutMs: 12000,
    only: ['grpc-js'],
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
    // Go and Java raise the keepalive time to their 10 s minimum, so they need longer
    slowClient: { client: { 'slow-delay': 40000, 'max-wait': 42000 }, timeoutMs: 52000 },
  },
  'restart-short': {
    about: 'server restart: SIGTERM, the same server started again on the same port 0.5 s later; the client retries a unary call every 300 ms (up to 12)',
    event: { signal: 'SIGTERM', restartAfterMs: 500 },
    client: { 'slow-delay': 3000, retries: 12, 'retry-interval': 300 },
  },
  'restart-long': {
    about: 'server restart: SIGTERM, the same server started again on the same port 5 s later; the client retries a unary call every 300 ms (up to 30)',
    event: { signal: 'SIGTERM', restartAfterMs: 5000 },
    client: { 'slow-delay': 3000, retries: 30, 'retry-interval': 300 },
    timeoutMs: 30000,
  },
  'call-while-gone': {
    about: 'server process killed (SIGKILL) and not restarted; after the open calls end the client makes 3 more unary calls, 300 ms apart, while nothing listens on the port',
    event: { signal: 'SIGKILL' },
    client: { 'slow-delay': 3000, retries: 3, 'retry-interval': 300 },
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

// ---------------------------------------------------------------- logging forms (--log)
// The same client and server programs print through a logging library (their --log=FORM flag);
// `--verbose` also turns the library's own logging on. Runs go to <impl>-<version>+<form>[+verbose]/.
const LOG_FORMS = {
  'grpc-go': ['std', 'slog', 'zap', 'logrus'],
  'grpc-go-1.61': ['std', 'zap'],
  grpcio: ['std', 'json', 'structlog'],
  'grpcio-deb': ['std'],
  'grpc-js': ['std', 'pino', 'winston'],
  'grpc-js-1.8': ['std'],
  'grpc-java': ['std', 'logback', 'logstash'],
};
const LOG_SCENARIOS = ['graceful-stop', 'hard-stop', 'kill-sigkill', 'client-close', 'max-connection-age', 'keepalive-too-many-pings'];
// the libraries' verbose logging, as a developer turns it on when chasing a disconnect
const VERBOSE_ENV = {
  'grpc-go': { GRPC_GO_LOG_SEVERITY_LEVEL: 'info', GRPC_GO_LOG_VERBOSITY_LEVEL: '2' },
  'grpc-go-1.61': { GRPC_GO_LOG_SEVERITY_LEVEL: 'info', GRPC_GO_LOG_VERBOSITY_LEVEL: '2' },
  'grpc-go-deb': { GRPC_GO_LOG_SEVERITY_LEVEL: 'info', GRPC_GO_LOG_VERBOSITY_LEVEL: '2' },
  grpcio: { GRPC_VERBOSITY: 'debug', GRPC_TRACE: 'connectivity_state,http_keepalive' },
  'grpcio-deb': { GRPC_VERBOSITY: 'debug', GRPC_TRACE: 'connectivity_state,http_keepalive' },
  'grpc-js': { GRPC_VERBOSITY: 'DEBUG', GRPC_TRACE: 'transport,keepalive,server,connectivity_state' },
  'grpc-js-1.8': { GRPC_VERBOSITY: 'DEBUG', GRPC_TRACE: 'transport,keepalive,server,connectivity_state' },
  'grpc-java': {},
  tonic: { RUST_LOG: 'debug,h2=info,hyper=info,tower=info' },
};
const logOpt = opt('log', null);
// --client X: only the mixed pairs whose client is X (so a new client does not re-run existing captures)
const clientOpt = opt('client', null);
const verboseOpt = !!opt('verbose', false);
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
  ['grpc-js', 'grpc-java', [...SERVER_SIDE, 'restart-short']],
  ['grpcio', 'grpc-java', [...SERVER_SIDE]],
  ['grpc-go', 'grpc-java', [...SERVER_SIDE]],
  ['grpc-java', 'grpc-go', [...SERVER_SIDE, 'keepalive-too-many-pings']],
  ['grpc-java', 'grpcio', [...SERVER_SIDE]],
  ['grpc-java', 'grpc-js', ['graceful-stop', 'hard-stop', 'max-connection-age']],
  ['grpcio-deb', 'grpc-go', ['graceful-stop', 'hard-stop', 'max-connection-age']],
  ['grpcio-deb', 'grpc-js', ['graceful-stop', 'hard-stop']],
  ['grpc-js', 'grpcio-deb', ['hard-stop', 'graceful-stop']],
  ['grpcpp-deb', 'grpc-go', [...SERVER_SIDE, 'keepalive-too-many-pings']],
  ['grpcpp-deb', 'grpcio-deb', [...SERVER_SIDE, 'keepalive-too-many-pings', 'call-while-gone']],
  ['grpcpp-deb', 'grpc-js', ['graceful-stop', 'hard-stop', 'max-connection-age']],
  ['ruby-deb', 'grpc-go', [...SERVER_SIDE, 'keepalive-too-many-pings', 'call-while-gone']],
  ['ruby-deb', 'grpcio-deb', ['graceful-stop', 'hard-stop', 'max-connection-age', 'keepalive-too-many-pings']],
  ['tonic', 'grpc-go', [...SERVER_SIDE, 'keepalive-too-many-pings']],
  ['tonic', 'grpc-js', ['graceful-stop', 'hard-stop', 'max-connection-age']],
  ['tonic', 'grpcio', ['graceful-stop', 'hard-stop', 'max-connection-age']],
  ['tonic', 'grpc-java', ['graceful-stop', 'hard-stop']],
  ['grpc-go', 'tonic', ['graceful-stop', 'hard-stop', 'kill-sigkill']],
  ['grpc-js', 'tonic', ['graceful-stop', 'hard-stop', 'kill-sigkill']],
  ['grpcio', 'tonic', ['graceful-stop', 'hard-stop']],
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
function start(cmd, args, { onMarker, lines, env }) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...childEnv(), ...(env || {}) }, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
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
  const need = ['@grpc/grpc-js', 'grpc-js-1-8', '@grpc/proto-loader', 'pino', 'winston'].some((p) => !fs.existsSync(path.join(NODE_DIR, 'node_modules', p, 'package.json')));
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
  let v = run(VENV_PY, ['-c', 'import grpc, pythonjsonlogger, structlog; print(grpc.__version__)']);
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
function setupDebPython() {
  // Debian's older grpcio, run with the system interpreter (not the venv)
  let v = run(DEB_PY, ['-c', 'import grpc; print(grpc.__version__)']);
  if (!v.ok) {
    console.log('[setup] apt-get install -y python3-grpcio');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let r = run('apt-get', ['install', '-y', '-q', 'python3-grpcio'], { env, timeout: 400000 });
    if (!r.ok) { run('apt-get', ['update', '-q'], { env, timeout: 400000 }); r = run('apt-get', ['install', '-y', '-q', 'python3-grpcio'], { env, timeout: 400000 }); }
    if (!r.ok) return `apt-get install python3-grpcio failed: ${r.out.slice(-600)}`;
    v = run(DEB_PY, ['-c', 'import grpc; print(grpc.__version__)']);
    if (!v.ok) return `import grpc with ${DEB_PY} failed: ${v.out.slice(-400)}`;
  }
  versions['grpcio-deb'] = v.out.trim().split('\n').pop();
  return null;
}
function setupJava() {
  const jdir = path.join(HERE, 'java');
  const haveJars = fs.existsSync(JAVA_LIB) && ['grpc-netty-shaded-', 'logback-classic-', 'logstash-logback-encoder-', 'jul-to-slf4j-'].every((p) => fs.readdirSync(JAVA_LIB).some((f) => f.startsWith(p)));
  if (!haveJars) {
    console.log('[setup] mvn dependency:copy-dependencies (grpc-java from Maven Central) -> .tools/java-lib');
    const r = run('mvn', ['-q', '-B', '-f', path.join(jdir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${JAVA_LIB}`, '-DincludeScope=runtime'], { timeout: 500000 });
    if (!r.ok) return `mvn failed: ${r.out.slice(-800)}`;
  }
  const src = path.join(jdir, 'src', 'EchoMain.java');
  const cls = path.join(JAVA_CLASSES, 'EchoMain.class');
  const newest = Math.max(fs.statSync(src).mtimeMs, fs.statSync(path.join(jdir, 'pom.xml')).mtimeMs);
  if (!fs.existsSync(cls) || fs.statSync(cls).mtimeMs < newest) {
    console.log('[setup] javac scripts/capture/java/src/*.java -> .tools/java-classes');
    fs.mkdirSync(JAVA_CLASSES, { recursive: true });
    const srcs = fs.readdirSync(path.join(jdir, 'src')).filter((f) => f.endsWith('.java')).map((f) => path.join(jdir, 'src', f));
    const r = run('javac', ['-d', JAVA_CLASSES, '-cp', `${JAVA_LIB}/*`, ...srcs]);
    if (!r.ok) return `javac failed: ${r.out.slice(-800)}`;
  }
  const v = run('java', ['-cp', JAVA_CP, 'EchoMain', 'version']);
  if (!v.ok) return `java EchoMain version failed: ${v.out.slice(-400)}`;
  versions['grpc-java'] = v.out.trim();
  versions.java = run('java', ['-XshowSettings:properties', '-version']).out.match(/java\.version = (\S+)/)?.[1] ?? 'unknown';
  return null;
}
function setupCpp() {
  if (!fs.existsSync('/usr/bin/grpc_cpp_plugin')) {
    console.log('[setup] bash scripts/setup/old-builds.sh (Debian 12 gRPC builds)');
    const r = run('bash', [OLD_BUILDS_SH], { timeout: 900000 });
    if (!r.ok) return `old-builds.sh failed: ${r.out.slice(-600)}`;
  }
  const src = path.join(CPP_DIR, 'client.cc');
  if (!fs.existsSync(CPP_BIN) || fs.statSync(CPP_BIN).mtimeMs < fs.statSync(src).mtimeMs) {
    console.log('[setup] protoc + grpc_cpp_plugin, g++ scripts/capture/cpp/client.cc -> .tools/capture/grpcpp-capture');
    fs.mkdirSync(CPP_GEN, { recursive: true });
    fs.mkdirSync(path.dirname(CPP_BIN), { recursive: true });
    let r = run('protoc', [`-I${HERE}`, `--cpp_out=${CPP_GEN}`, `--grpc_out=${CPP_GEN}`, '--plugin=protoc-gen-grpc=/usr/bin/grpc_cpp_plugin', path.join(HERE, 'echo.proto')]);
    if (!r.ok) return `protoc failed: ${r.out.slice(-600)}`;
    const flags = run('pkg-config', ['--cflags', '--libs', 'grpc++', 'protobuf']);
    if (!flags.ok) return `pkg-config grpc++ failed: ${flags.out}`;
    r = run('g++', ['-std=c++17', '-O1', `-I${CPP_GEN}`, src, path.join(CPP_GEN, 'echo.pb.cc'), path.join(CPP_GEN, 'echo.grpc.pb.cc'), '-o', CPP_BIN, ...flags.out.split(/\s+/).filter(Boolean), '-lpthread'], { timeout: 600000 });
    if (!r.ok) return `g++ failed: ${r.out.slice(-800)}`;
  }
  const v = run('pkg-config', ['--modversion', 'grpc++']);
  if (!v.ok) return 'pkg-config --modversion grpc++ failed';
  versions['grpcpp-deb'] = v.out.trim();
  return null;
}
function setupRuby() {
  let v = run('ruby', ['-e', 'require "grpc"; puts GRPC::VERSION']);
  if (!v.ok) {
    console.log('[setup] bash scripts/setup/old-builds.sh (Debian 12 gRPC builds)');
    const r = run('bash', [OLD_BUILDS_SH], { timeout: 900000 });
    if (!r.ok) return `old-builds.sh failed: ${r.out.slice(-600)}`;
    v = run('ruby', ['-e', 'require "grpc"; puts GRPC::VERSION']);
    if (!v.ok) return `ruby-grpc not loadable: ${v.out.slice(-300)}`;
  }
  versions['ruby-deb'] = v.out.trim();
  versions.ruby = run('ruby', ['-e', 'puts RUBY_VERSION']).out.trim();
  return null;
}
function setupTonic() {
  const srcs = ['Cargo.toml', 'Cargo.lock', 'build.rs', 'src/main.rs'].map((f) => path.join(RUST_DIR, f)).filter((f) => fs.existsSync(f));
  const newest = Math.max(...srcs.map((f) => fs.statSync(f).mtimeMs));
  if (!fs.existsSync(TONIC_BIN) || fs.statSync(TONIC_BIN).mtimeMs < newest) {
    console.log('[setup] cargo build --release (tonic from crates.io; several minutes on 2 cores)');
    const r = run('cargo', ['build', '--release', '--locked'], { cwd: RUST_DIR, timeout: 1200000, env: { ...process.env, CARGO_TARGET_DIR: RUST_TARGET } });
    if (!r.ok) return `cargo build failed: ${r.out.slice(-800)}`;
  }
  const v = run(TONIC_BIN, ['version']);
  if (!v.ok) return `tonic-capture version failed: ${v.out}`;
  versions.tonic = v.out.trim();
  versions.rustc = run('rustc', ['--version']).out.trim().split(' ')[1] ?? 'unknown';
  return null;
}
// grpc-go builds of the same program (scripts/capture/go): current (go.mod), 1.61 from the Go proxy
// (go-1.61.mod, no grpc.NewClient yet: -tags grpcdial), Debian 12's 1.33 (GOPATH /usr/share/gocode,
// GO111MODULE=off, -tags grpc133,grpcdial: grpc.WithInsecure, std logging only).
const GO_BUILDS = {
  'grpc-go': { bin: GO_BIN, args: ['build', '-o', GO_BIN, '.'] },
  'grpc-go-1.61': { bin: path.join(TOOLS, 'capture', 'grpc-go-161-capture'), args: ['build', '-modfile=go-1.61.mod', '-tags', 'grpcdial', '-o', path.join(TOOLS, 'capture', 'grpc-go-161-capture'), '.'] },
  'grpc-go-deb': {
    bin: path.join(TOOLS, 'capture', 'grpc-go-deb-capture'), debian: true,
    args: ['build', '-tags', 'grpc133,grpcdial', '-o', path.join(TOOLS, 'capture', 'grpc-go-deb-capture'), '.'],
    env: { GO111MODULE: 'off', GOPATH: `${path.join(TOOLS, 'gopath-empty')}:/usr/share/gocode`, GOFLAGS: '' },
  },
};
function setupGo(which = 'grpc-go') {
  const b = GO_BUILDS[which];
  if (b.debian && !fs.existsSync('/usr/share/gocode/src/google.golang.org/grpc/version.go')) {
    console.log('[setup] bash scripts/setup/old-builds.sh (Debian 12 gRPC builds)');
    const r = run('bash', [OLD_BUILDS_SH], { timeout: 900000 });
    if (!r.ok) return `old-builds.sh failed: ${r.out.slice(-600)}`;
  }
  const srcs = fs.readdirSync(path.join(HERE, 'go')).filter((f) => /\.go$|^go(-[\d.]+)?\.(mod|sum)$/.test(f)).map((f) => path.join(HERE, 'go', f));
  const newest = Math.max(...srcs.filter((f) => fs.existsSync(f)).map((f) => fs.statSync(f).mtimeMs));
  if (!fs.existsSync(b.bin) || fs.statSync(b.bin).mtimeMs < newest) {
    console.log(`[setup] go ${b.args.join(' ')} (scripts/capture/go)`);
    fs.mkdirSync(path.dirname(b.bin), { recursive: true });
    const r = run('go', b.args, { cwd: path.join(HERE, 'go'), timeout: 400000, env: { ...process.env, ...(b.env || {}) } });
    if (!r.ok) return `go build failed: ${r.out.slice(-800)}`;
  }
  const v = run(b.bin, ['version']);
  if (!v.ok) return `${path.basename(b.bin)} version failed: ${v.out}`;
  versions[which] = v.out.trim();
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
  'grpcio-deb': {
    implementation: 'grpcio', pkg: 'python3-grpcio (Debian)', dir: () => `grpcio-${versions['grpcio-deb']}`,
    client: () => [DEB_PY, [path.join(HERE, 'python', 'client.py')]],
    server: () => [DEB_PY, [path.join(HERE, 'python', 'server.py')]],
  },
  'grpc-go-1.61': {
    implementation: 'google.golang.org/grpc', pkg: 'google.golang.org/grpc (go-1.61.mod)', dir: () => `grpc-go-${versions['grpc-go-1.61']}`,
    client: () => [GO_BUILDS['grpc-go-1.61'].bin, ['client']],
    server: () => [GO_BUILDS['grpc-go-1.61'].bin, ['server']],
    scenarios: ['graceful-stop', 'hard-stop', 'kill-sigkill', 'client-close', 'max-connection-age', 'keepalive-too-many-pings', 'restart-short'],
  },
  'grpc-go-deb': {
    implementation: 'google.golang.org/grpc', pkg: 'golang-google-grpc-dev (Debian)', dir: () => `grpc-go-${versions['grpc-go-deb']}`,
    client: () => [GO_BUILDS['grpc-go-deb'].bin, ['client']],
    server: () => [GO_BUILDS['grpc-go-deb'].bin, ['server']],
    scenarios: ['graceful-stop', 'hard-stop', 'kill-sigkill', 'client-close', 'max-connection-age', 'keepalive-too-many-pings', 'restart-short'],
  },
  'ruby-deb': {
    implementation: 'grpc (Ruby)', pkg: 'ruby-grpc (Debian)', dir: () => `ruby-grpc-${versions['ruby-deb']}`,
    client: () => ['ruby', [path.join(HERE, 'ruby', 'client.rb')]],
    clientOnly: true,
  },
  'grpcpp-deb': {
    implementation: 'grpc++', pkg: 'libgrpc++-dev (Debian)', dir: () => `grpcpp-${versions['grpcpp-deb']}`,
    client: () => [CPP_BIN, []],
    clientOnly: true,
  },
  'grpc-go': {
    implementation: 'google.golang.org/grpc', pkg: 'google.golang.org/grpc', dir: () => `grpc-go-${versions['grpc-go']}`,
    client: () => [GO_BIN, ['client']],
    server: () => [GO_BIN, ['server']],
  },
  'grpc-java': {
    implementation: 'grpc-java', pkg: 'io.grpc:grpc-netty-shaded', dir: () => `grpc-java-${versions['grpc-java']}`,
    client: () => ['java', ['-cp', JAVA_CP, 'EchoMain', 'client']],
    server: () => ['java', ['-cp', JAVA_CP, 'EchoMain', 'server']],
  },
  tonic: {
    implementation: 'tonic', pkg: 'tonic', dir: () => `tonic-${versions.tonic}`,
    client: () => [TONIC_BIN, ['client']],
    server: () => [TONIC_BIN, ['server']],
    // tonic has no channel close (dropping the last clone closes it), so no client-close run
    skip: ['client-close'],
  },
};
const vOf = (impl) => versions[IMPL[impl].versionKey || impl];

// ---------------------------------------------------------------- error extraction
const ERROR_LINE = /StatusRuntimeException|StatusException|code: '[^']+', message: "|rpc error: code =|StatusCode\.|Error: \d+ [A-Z_]+:|\bdetails\b\s*[:=]|debug_error_string|Channel has been shut down|closed channel|GoAway|GOAWAY|too_many_pings|excess pings/;
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
  for (const m of text.matchAll(/io\.grpc\.Status(?:Runtime)?Exception: ([A-Z_]+)(?:: (.*))?$/gm)) add('java', m[1], m[2] ?? '');
  // tonic's Status Display: code: '<description>', message: "<message>", source: ...
  for (const m of text.matchAll(/code: '([^']+)', message: "(.*?)"(?:, source|, details|$)/gm)) add('rust', m[1], m[2]);
  for (const m of text.matchAll(/^(?:Error|ValueError): (Channel has been shut down|Cannot invoke RPC on closed channel!)$/gm)) add('thrown', null, m[1]);
  return { errorLines, messages };
}

// ---------------------------------------------------------------- one run
function flagsToArgs(o) { return Object.entries(o).map(([k, v]) => `--${k}=${v}`); }
const shellQuote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
const envString = (env) => Object.entries(env || {}).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
const cmdString = (cmd, args) => [cmd === 'node' ? 'node' : rel(cmd), ...args.map((a) => (path.isAbsolute(a) ? rel(a) : a))].map(shellQuote).join(' ');

async function runOne(task) {
  const { clientImpl, serverImpl, scenario } = task;
  const sc = SCENARIOS[scenario];
  const slowClient = ['grpc-go', 'grpc-go-1.61', 'grpc-go-deb', 'grpc-java'].includes(clientImpl) && sc.slowClient;
  const clientFlags = { ...sc.client, ...(slowClient ? sc.slowClient.client : {}) };
  const timeoutMs = (slowClient ? sc.slowClient.timeoutMs : sc.timeoutMs) || DEFAULT_TIMEOUT_MS;
  const t0 = Date.now();
  const stamp = () => `+${((Date.now() - t0) / 1000).toFixed(2)}s`;
  const clientLines = [];
  const serverLines = [];
  const notes = [];

  // server
  const [scmd, sargs0] = IMPL[serverImpl].server();
  const form = task.logForm || 'std';
  const logFlag = form === 'std' ? [] : [`--log=${form}`];
  const sargs = [...sargs0, ...logFlag, ...flagsToArgs(sc.server || {})];
  const senv = task.verbose ? VERBOSE_ENV[serverImpl] : undefined;
  const cenv = task.verbose ? VERBOSE_ENV[clientImpl] : undefined;
  let port = null;
  let listening;
  const waitListening = () => new Promise((resolve) => { listening = resolve; });
  let lp = waitListening();
  const onServerMarker = (m) => { const mm = /^listening (\d+)/.exec(m); if (mm) { port = Number(mm[1]); listening(port); } };
  let server = start(scmd, sargs, { lines: serverLines, onMarker: onServerMarker, env: senv });
  const got = await Promise.race([lp, server.exited.then(() => null), sleep(15000).then(() => null)]);
  if (!got) {
    await stopServer(server);
    return { ...task, error: `server did not start: ${serverLines.slice(-5).join(' | ')}`, clientLines, serverLines, durationMs: Date.now() - t0 };
  }
  const serverCommand = cmdString(scmd, sargs);

  // client
  const [ccmd, cargs0] = IMPL[clientImpl].client();
  const cargs = [...cargs0, ...logFlag, `--target=127.0.0.1:${port}`, ...flagsToArgs(clientFlags)];
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
          server = start(scmd, [...sargs, `--port=${port}`], { lines: serverLines, onMarker: onServerMarker, env: senv });
          const ok = await Promise.race([lp, server.exited.then(() => null), sleep(10000).then(() => null)]);
          if (!ok) notes.push(`${stamp()} restarted server did not come up`);
        })();
      }
    }
  };
  let eventP = Promise.resolve();
  const client = start(ccmd, cargs, { lines: clientLines, onMarker: (m) => { eventP = onClientMarker(m); }, env: cenv });
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
    clientCommand: envString(cenv) + cmdString(ccmd, cargs), serverCommand: envString(senv) + serverCommand,
    clientExit: res, durationMs: Date.now() - t0,
  };
}

// ---------------------------------------------------------------- main
function dirFor(clientImpl, serverImpl, logForm = 'std', verbose = false) {
  const c = IMPL[clientImpl].dir();
  const s = IMPL[serverImpl].dir();
  const cBase = clientImpl === 'grpcio-aio' ? IMPL.grpcio.dir() : c;
  const base = (clientImpl === serverImpl || (clientImpl === 'grpcio-aio' && serverImpl === 'grpcio')) ? cBase : `${cBase}-client--${s}-server`;
  return `${base}${logForm !== 'std' ? `+${logForm}` : ''}${verbose ? '+verbose' : ''}`;
}

// --reindex: re-derive errorLines/messages of every indexed file from the logs on disk (after a
// change to the extraction rules), without running anything.
function reindex() {
  const indexPath = path.join(OUT, 'INDEX.json');
  const index = readJson(indexPath);
  for (const f of index.files) {
    const abs = path.join(OUT, f.file);
    if (!fs.existsSync(abs)) continue;
    const lines = fs.readFileSync(abs, 'utf8').replace(/\n$/, '').split('\n');
    Object.assign(f, extract(lines));
  }
  fs.writeFileSync(indexPath, `${JSON.stringify(index, null, 2)}\n`);
  console.log(`[reindex] ${index.files.length} files`);
}

async function main() {
  if (opt('reindex', false)) { reindex(); return; }
  if (opt('list', false)) {
    for (const [k, v] of Object.entries(SCENARIOS)) console.log(`${k.padEnd(26)} ${v.about}`);
    return;
  }
  const needNode = implFilter.some((i) => i.startsWith('grpc-js'));
  const needPy = implFilter.includes('grpcio');
  const needGo = implFilter.includes('grpc-go');
  if (implFilter.includes('grpcio-deb')) { const e = setupDebPython(); if (e) setupFailures['grpcio-deb'] = e; }
  if (implFilter.includes('grpc-java')) { const e = setupJava(); if (e) setupFailures['grpc-java'] = e; }
  if (implFilter.includes('grpcpp-deb')) { const e = setupCpp(); if (e) setupFailures['grpcpp-deb'] = e; }
  if (implFilter.includes('ruby-deb')) { const e = setupRuby(); if (e) setupFailures['ruby-deb'] = e; }
  if (implFilter.includes('tonic')) { const e = setupTonic(); if (e) setupFailures.tonic = e; }
  const tSetup = Date.now();
  if (needNode) { const e = setupNode(); if (e) { setupFailures['grpc-js'] = e; setupFailures['grpc-js-1.8'] = e; } }
  if (needPy) { const e = setupPython(); if (e) setupFailures.grpcio = e; }
  if (needGo) { const e = setupGo(); if (e) setupFailures['grpc-go'] = e; }
  for (const g of ['grpc-go-1.61', 'grpc-go-deb']) if (implFilter.includes(g)) { const e = setupGo(g); if (e) setupFailures[g] = e; }
  for (const [k, e] of Object.entries(setupFailures)) console.log(`[setup] ${k} unavailable: ${e}`);
  console.log(`[setup] done in ${((Date.now() - tSetup) / 1000).toFixed(1)} s: ${JSON.stringify(versions)}`);
  if (opt('setup-only', false)) return;

  const ok = implFilter.filter((i) => !setupFailures[i]);
  const tasks = [];
  if (logOpt) {
    // logging-form runs only: client and server of one implementation, both through FORM
    const wanted = logOpt === true || logOpt === 'all' ? null : String(logOpt).split(',');
    const scs = scenarioFilter ? scenarioList : LOG_SCENARIOS;
    for (const impl of ok.filter((i) => !IMPL[i].clientOnly)) {
      for (const form of (LOG_FORMS[impl] || ['std']).filter((f) => (wanted ? wanted.includes(f) : f !== 'std'))) {
        for (const s of scs.filter((x) => !(IMPL[impl].skip || []).includes(x))) tasks.push({ clientImpl: impl, serverImpl: impl, scenario: s, logForm: form, verbose: verboseOpt });
      }
    }
  }
  if (!mixedOnly && !logOpt) {
    for (const impl of ok.filter((i) => !IMPL[i].clientOnly)) {
      for (const s of (scenarioFilter ? scenarioList : (IMPL[impl].scenarios || scenarioList)).filter((x) => !(IMPL[impl].skip || []).includes(x) && (!SCENARIOS[x].only || SCENARIOS[x].only.includes(impl)))) tasks.push({ clientImpl: impl, serverImpl: impl, scenario: s });
      if (impl === 'grpcio') for (const s of AIO_SCENARIOS.filter((x) => scenarioList.includes(x))) tasks.push({ clientImpl: 'grpcio-aio', serverImpl: 'grpcio', scenario: s });
    }
  }
  if (withMixed && !logOpt) {
    for (const [c, s, scs] of MIXED) {
      if (!ok.includes(c) || !ok.includes(s)) continue;
      if (clientOpt && c !== clientOpt) continue;
      for (const x of scs.filter((y) => scenarioList.includes(y))) tasks.push({ clientImpl: c, serverImpl: s, scenario: x });
    }
  }
  // long ones first so the two lanes finish together
  const cost = (t) => (t.scenario === 'keepalive-too-many-pings' ? (['grpc-go', 'grpc-java'].includes(t.clientImpl) ? 50 : 16) : t.scenario === 'restart-long' ? 14 : 6);
  tasks.sort((a, b) => cost(b) - cost(a));
  console.log(`[run] ${tasks.length} runs, ${jobs} at a time`);

  const results = [];
  let next = 0;
  const tRun = Date.now();
  async function lane() {
    while (next < tasks.length) {
      const t = tasks[next++];
      const label = `${t.clientImpl} -> ${t.serverImpl} ${t.scenario}${t.logForm ? ` [${t.logForm}${t.verbose ? ' verbose' : ''}]` : ''}`;
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
  const form = r.logForm && r.logForm !== 'std' ? ` | log ${r.logForm}` : '';
  return `# grpc-doctor capture: ${side} output | client ${cv} | server ${sv} | scenario ${r.scenario}${form}${r.verbose ? ' | verbose' : ''} | ${new Date().toISOString().slice(0, 10)}`;
}

function writeOutputs(results) {
  const indexPath = path.join(OUT, 'INDEX.json');
  let index = { generatedBy: 'node scripts/capture/run.mjs', files: [] };
  if (fs.existsSync(indexPath)) { try { index = readJson(indexPath); } catch { /* rewrite */ } }
  const byFile = new Map(index.files.map((f) => [f.file, f]));
  const date = new Date().toISOString();
  for (const r of results.sort((a, b) => `${a.clientImpl}${a.serverImpl}${a.scenario}`.localeCompare(`${b.clientImpl}${b.serverImpl}${b.scenario}`))) {
    const dir = dirFor(r.clientImpl, r.serverImpl, r.logForm, r.verbose);
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
        logForm: r.logForm || 'std',
        verbose: !!r.verbose,
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
    toolVersions: { ...(index.toolVersions || {}), node: process.version, ...versions },
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
