'use strict';
// Echo client on @grpc/grpc-js (current or the 1.8 line, chosen with --lib).
// Flow (same in the Python and Go clients):
//   unary "hello" -> server stream (+ bidi) -> after 3 stream messages a slow unary call is started
//   and "@@ready" is printed (harness marker: the harness then stops/kills the server) ->
//   wait for every call to end (or give up after --max-wait ms) -> follow-up unary calls (--retries).
// Errors are printed the way an application typically prints them: console.error(err).
const path = require('path');

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  return m ? [m[1], m[2] ?? 'true'] : [a, 'true'];
}));
const libName = args.lib === 'grpc-js-1-8' ? 'grpc-js-1-8' : '@grpc/grpc-js';
const grpc = require(libName);
const protoLoader = require('@grpc/proto-loader');
const libVersion = require(`${libName}/package.json`).version;

const target = args.target;
const streamInterval = Number(args['stream-interval'] || 200);
const streamCount = Number(args['stream-count'] || 1000);
const slowDelay = Number(args['slow-delay'] || 1000);
const closeAfter = args['close-after'] !== undefined ? Number(args['close-after']) : -1;
const maxWait = Number(args['max-wait'] || 12000);
const retries = Number(args.retries || 1);
const retryInterval = Number(args['retry-interval'] || 500);
const bidi = args.bidi !== 'false';

const { log, logErr } = require('./logforms').makeLogger(args.log, 'orders-client');

const def = protoLoader.loadSync(path.join(__dirname, '..', 'echo.proto'), {
  keepCase: true, longs: Number, defaults: true,
});
const Echo = grpc.loadPackageDefinition(def).capture.Echo;

const options = {};
if (args.keepalive) {
  options['grpc.keepalive_time_ms'] = Number(args.keepalive);
  options['grpc.keepalive_timeout_ms'] = 5000;
  options['grpc.keepalive_permit_without_calls'] = 1;
}
log('INFO', `starting client (grpc-js ${libVersion}, node ${process.version}) target=${target} options=${JSON.stringify(options)}`);
const client = new Echo(target, grpc.credentials.createInsecure(), options);
const deadline = (ms) => new Date(Date.now() + ms);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function unary(message, delayMs, timeoutMs) {
  return new Promise((resolve) => {
    try {
      client.Unary({ message, delay_ms: delayMs }, { deadline: deadline(timeoutMs) }, (err, resp) => {
        if (err) { logErr(`Unary(${JSON.stringify(message)}) failed:`, err); resolve(false); }
        else { log('INFO', `Unary(${JSON.stringify(message)}) -> ${JSON.stringify(resp.message)}`); resolve(true); }
      });
    } catch (err) {
      logErr(`Unary(${JSON.stringify(message)}) threw:`, err); resolve(false);
    }
  });
}

async function main() {
  const ok = await unary('hello', 0, 3000);
  const pending = [];
  const calls = [];
  let readyResolve;
  const readyP = new Promise((r) => { readyResolve = r; });
  if (ok) {
    // server-streaming call
    const stream = client.ServerStream({ message: 'watch orders', count: streamCount, interval_ms: streamInterval, burst: 3 });
    calls.push(stream);
    let received = 0;
    pending.push(new Promise((resolve) => {
      stream.on('data', (m) => {
        received += 1;
        if (received <= 5 || received % 10 === 0) log('INFO', `received message ${received} (seq=${m.seq} ${JSON.stringify(m.message)})`);
        if (received === 3) readyResolve();
      });
      let failed = false;
      stream.on('error', (err) => { failed = true; logErr(`order stream failed after ${received} messages:`, err); resolve(); });
      stream.on('end', () => { if (!failed) log('INFO', `order stream ended after ${received} messages`); resolve(); });
    }));
    if (bidi) {
      const chat = client.Bidi();
      calls.push(chat);
      let n = 0;
      let sent = 0;
      const tick = setInterval(() => {
        if (sent >= 200) { clearInterval(tick); return; }
        sent += 1;
        try { chat.write({ message: `ping-${sent}` }); } catch (e) { clearInterval(tick); }
      }, 500);
      pending.push(new Promise((resolve) => {
        chat.on('data', (m) => { n += 1; if (n <= 3 || n % 10 === 0) log('DEBUG', `bidi reply ${JSON.stringify(m.message)}`); });
        let failed = false;
        chat.on('error', (err) => { failed = true; clearInterval(tick); logErr(`bidi chat failed after ${n} replies:`, err); resolve(); });
        chat.on('end', () => { clearInterval(tick); if (!failed) log('INFO', `bidi chat ended after ${n} replies`); resolve(); });
      }));
      calls.push({ cancel: () => clearInterval(tick) });
    }
    await Promise.race([readyP, sleep(8000)]);
    log('INFO', `stream is open, starting slow unary call (server delay ${slowDelay} ms)`);
    pending.push(unary('slow-report', slowDelay, slowDelay + 8000));
    console.log('@@ready');
    if (closeAfter >= 0) {
      await sleep(closeAfter);
      log('INFO', 'closing client (client.close())');
      client.close();
    }
    let timedOut = false;
    const guard = sleep(maxWait).then(() => { timedOut = true; });
    await Promise.race([Promise.all(pending), guard]);
    if (timedOut) {
      log('WARN', `calls still open after ${maxWait} ms, cancelling them`);
      for (const c of calls) c.cancel();
      await Promise.race([Promise.all(pending), sleep(2000)]);
    }
  }
  if (args['throw-after-close'] === 'true') {
    // an application that does not expect the channel to be closed: the follow-up call throws
    // synchronously and nothing catches it, so Node prints the uncaught error with its source excerpt
    log('INFO', 'follow-up call on the closed client (not guarded)');
    setTimeout(() => client.Unary({ message: 'after-close', delay_ms: 0 }, { deadline: deadline(1000) }, () => {}), 0);
    await sleep(1000);
  }
  for (let i = 1; i <= retries; i++) {
    log('INFO', `follow-up call ${i}/${retries}`);
    if (await unary(`after-${i}`, 0, 1000)) break;
    if (i < retries) await sleep(retryInterval);
  }
  log('INFO', 'client done');
  try { client.close(); } catch (e) { /* already closed */ }
  setTimeout(() => process.exit(0), 200);
}

main().catch((e) => { console.error(e); process.exit(1); });
