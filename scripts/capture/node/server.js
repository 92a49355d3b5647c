'use strict';
// Echo server on @grpc/grpc-js (current or the 1.8 line, chosen with --lib).
// Prints "@@listening <port>" (harness marker, stripped from the captured log) and
// reads commands on stdin: "graceful <ms>", "hard", "quit".
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

const { log } = require('./logforms').makeLogger(args.log, 'echo-server');

const def = protoLoader.loadSync(path.join(__dirname, '..', 'echo.proto'), {
  keepCase: true, longs: Number, defaults: true,
});
const Echo = grpc.loadPackageDefinition(def).capture.Echo;

const server = new grpc.Server(Object.assign({},
  args['max-age'] ? { 'grpc.max_connection_age_ms': Number(args['max-age']) } : {},
  args['max-age-grace'] ? { 'grpc.max_connection_age_grace_ms': Number(args['max-age-grace']) } : {},
));

server.addService(Echo.service, {
  Unary(call, callback) {
    const req = call.request;
    log('INFO', `Unary message=${JSON.stringify(req.message)} delay_ms=${req.delay_ms}`);
    let done = false;
    const t = setTimeout(() => { done = true; callback(null, { message: `echo: ${req.message}`, seq: 0 }); }, req.delay_ms || 0);
    call.on('cancelled', () => {
      if (!done) { clearTimeout(t); log('WARN', `Unary ${JSON.stringify(req.message)} cancelled before reply`); }
    });
  },
  ServerStream(call) {
    const req = call.request;
    const count = req.count || 10;
    const burst = req.burst || 0;
    log('INFO', `ServerStream started: count=${count} burst=${burst} interval_ms=${req.interval_ms}`);
    let seq = 0;
    let timer = null;
    let cancelled = false;
    call.on('cancelled', () => { cancelled = true; clearTimeout(timer); log('WARN', `ServerStream cancelled after ${seq} messages`); });
    call.on('error', (err) => log('ERROR', `ServerStream error: ${err.message}`));
    const next = () => {
      if (cancelled) return;
      if (seq >= count) { call.end(); log('INFO', `ServerStream finished after ${seq} messages`); return; }
      seq += 1;
      call.write({ message: `tick ${seq}`, seq });
      if (seq <= 3 || seq % 10 === 0) log('DEBUG', `ServerStream sent message ${seq}`);
      timer = setTimeout(next, seq < burst ? 0 : (req.interval_ms || 200));
    };
    next();
  },
  Bidi(call) {
    let n = 0;
    call.on('data', (req) => { n += 1; call.write({ message: `pong: ${req.message}`, seq: n }); });
    call.on('end', () => { log('INFO', `Bidi client half-closed after ${n} messages`); call.end(); });
    call.on('cancelled', () => log('WARN', `Bidi cancelled after ${n} messages`));
    call.on('error', (err) => log('ERROR', `Bidi error: ${err.message}`));
  },
});

const port = Number(args.port || 0);
server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, boundPort) => {
  if (err) { log('ERROR', `bind failed: ${err.message}`); process.exit(2); }
  if (typeof server.start === 'function' && libName === 'grpc-js-1-8') server.start();
  log('INFO', `server (grpc-js ${libVersion}, node ${process.version}) listening on 127.0.0.1:${boundPort}`);
  console.log(`@@listening ${boundPort}`);
});

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'graceful') {
    const grace = Number(arg || 2000);
    log('INFO', `shutting down gracefully (tryShutdown), forcing after ${grace} ms`);
    const force = setTimeout(() => {
      log('WARN', 'grace period expired, calling forceShutdown()');
      server.forceShutdown();
    }, grace);
    server.tryShutdown((e) => {
      clearTimeout(force);
      if (e) log('ERROR', `tryShutdown failed: ${e.message}`); else log('INFO', 'tryShutdown complete');
    });
  } else if (cmd === 'hard') {
    log('INFO', 'forceShutdown()');
    server.forceShutdown();
    log('INFO', 'server stopped');
  } else if (cmd === 'quit') {
    server.forceShutdown();
    process.exit(0);
  }
});
rl.on('close', () => { setTimeout(() => process.exit(0), 100); });
