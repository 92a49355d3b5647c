'use strict';
// Trial client for the evidence harness (scripts/evidence/measure.mjs) on @grpc/grpc-js.
// Long-lived: reads one JSON command per stdin line, answers with "@@<kind> <json>" lines.
//   {"op":"open","target":"127.0.0.1:N","variant":"none|retry|wfr|keepalive|loop","codes":["UNAVAILABLE"]}
//   {"op":"unary","id":"..","delayMs":0,"deadlineMs":10000}
//   {"op":"stream","id":"..","count":10,"intervalMs":100,"deadlineMs":15000}
//   {"op":"close"}
// Same protocol in ../python/trial.py and ../go (capture trial).
const path = require('path');
const readline = require('readline');

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  return m ? [m[1], m[2] ?? 'true'] : [a, 'true'];
}));
const libName = args.lib === 'grpc-js-1-8' ? 'grpc-js-1-8' : '@grpc/grpc-js';
const grpc = require(libName);
const protoLoader = require('@grpc/proto-loader');
const libVersion = require(`${libName}/package.json`).version;
const def = protoLoader.loadSync(path.join(__dirname, '..', 'echo.proto'), { keepCase: true, longs: Number, defaults: true });
const Echo = grpc.loadPackageDefinition(def).capture.Echo;

const out = (kind, obj) => process.stdout.write(`@@${kind} ${JSON.stringify(obj)}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CODE_NAMES = Object.fromEntries(Object.entries(grpc.status).map(([k, v]) => [v, k]));
// statuses after which the reconnection loop re-opens the stream (retry-facts §5)
const REOPEN = new Set(['UNAVAILABLE', 'CANCELLED', 'INTERNAL', 'RESOURCE_EXHAUSTED', 'UNKNOWN']);

let client = null;
let variant = 'none';

function serviceConfig(codes) {
  return JSON.stringify({ methodConfig: [{ name: [{ service: 'capture.Echo' }], retryPolicy: {
    maxAttempts: 5, initialBackoff: '0.1s', maxBackoff: '1s', backoffMultiplier: 2, retryableStatusCodes: codes,
  } }] });
}

function md() { return variant === 'wfr' || variant === 'loop' ? new grpc.Metadata({ waitForReady: true }) : new grpc.Metadata(); }

function unaryOnce(message, delayMs, deadlineMs) {
  return new Promise((resolve) => {
    client.Unary({ message, delay_ms: delayMs }, md(), { deadline: new Date(Date.now() + deadlineMs) }, (err) => {
      resolve(err ? { ok: false, code: CODE_NAMES[err.code] ?? String(err.code), details: err.details, printed: `Error: ${err.message}` } : { ok: true });
    });
  });
}

/** One server-streaming call; `onMsg(seq)` per message; resolves with the final status. */
function streamOnce(count, intervalMs, deadline, onMsg) {
  return new Promise((resolve) => {
    const call = client.ServerStream({ message: 'watch', count, interval_ms: intervalMs, burst: 3 }, md(), { deadline });
    call.on('data', (m) => onMsg(m.seq));
    call.on('error', (err) => resolve({ ok: false, code: CODE_NAMES[err.code] ?? String(err.code), details: err.details, printed: `Error: ${err.message}` }));
    call.on('end', () => resolve({ ok: true }));
  });
}

async function stream(cmd) {
  const t0 = Date.now();
  const deadline = new Date(t0 + cmd.deadlineMs);
  let received = 0;
  let inOrder = true;
  let reopens = 0;
  let delay = 200;
  let last = { ok: false, code: 'NONE', details: '' };
  let progressed = false;
  while (received < cmd.count && Date.now() < deadline.getTime()) {
    const offset = received; // resume position: ask only for what is missing
    last = await streamOnce(cmd.count - offset, cmd.intervalMs, deadline, (seq) => {
      if (offset + seq !== received + 1) inOrder = false;
      received += 1;
      if (received === 3 && !progressed) { progressed = true; out('progress', { id: cmd.id, received }); }
    });
    if (last.ok || variant !== 'loop' || !REOPEN.has(last.code)) break;
    reopens += 1;
    await sleep(delay * (0.8 + Math.random() * 0.4));
    delay = Math.min(delay * 1.6, 2000);
  }
  const ok = received === cmd.count && inOrder;
  out('result', { id: cmd.id, ok, received, inOrder, reopens, code: last.code ?? null, details: last.details ?? null, printed: last.printed ?? null, ms: Date.now() - t0 });
}

async function handle(cmd) {
  if (cmd.op === 'open') {
    variant = cmd.variant;
    const options = {};
    if (variant === 'retry') options['grpc.service_config'] = serviceConfig(cmd.codes || ['UNAVAILABLE']);
    if (variant === 'keepalive') {
      Object.assign(options, { 'grpc.keepalive_time_ms': 10000, 'grpc.keepalive_timeout_ms': 5000 });
    }
    client = new Echo(cmd.target, grpc.credentials.createInsecure(), options);
    let r = { ok: false };
    for (let i = 0; i < 20 && !r.ok; i++) { r = await unaryOnce('hello', 0, 2000); if (!r.ok) await sleep(100); }
    out('opened', { ok: r.ok, version: libVersion, details: r.details ?? null });
  } else if (cmd.op === 'unary') {
    const t0 = Date.now();
    const r = await unaryOnce(cmd.id, cmd.delayMs || 0, cmd.deadlineMs);
    out('result', { id: cmd.id, ...r, ms: Date.now() - t0 });
  } else if (cmd.op === 'stream') {
    await stream(cmd);
  } else if (cmd.op === 'close') {
    if (client) client.close();
    client = null;
    out('closed', {});
  }
}

const rl = readline.createInterface({ input: process.stdin });
let chain = Promise.resolve();
rl.on('line', (line) => {
  if (!line.trim()) return;
  chain = chain.then(() => handle(JSON.parse(line))).catch((e) => out('result', { ok: false, code: 'HARNESS', details: String(e && e.stack || e) }));
});
rl.on('close', () => chain.then(() => process.exit(0)));
out('hello', { impl: 'grpc-js', version: libVersion });
