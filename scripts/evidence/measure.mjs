#!/usr/bin/env node
// Measured fix rates: runs each scenario N times without and with a workaround, against real
// servers on 127.0.0.1, and writes test/fixtures/evidence/results.json.
//
//   node scripts/evidence/measure.mjs [--impl grpc-js,grpcio,...] [--cell id,...] [--runs 20] [--jobs 2]
//
// One long-lived trial client per lane (scripts/capture/{node/trial.js,python/trial.py,go trial}),
// a fresh server process (same implementation) per trial. The harness kills / stops / restarts
// the server; the client reports each call's outcome. Every loop is bounded.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CAP = path.join(ROOT, 'scripts', 'capture');
const TOOLS = path.join(ROOT, '.tools');
const OUT = path.join(ROOT, 'test', 'fixtures', 'evidence', 'results.json');
const VENV_PY = path.join(TOOLS, 'venv', 'bin', 'python');
const GO_BIN = path.join(TOOLS, 'capture', 'grpc-go-capture');

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const a = argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (!a) return def;
  if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
  const v = argv[argv.indexOf(a) + 1];
  return v === undefined || v.startsWith('--') ? true : v;
};
const RUNS = Number(opt('runs', 20));
const JOBS = Number(opt('jobs', 2));

// ------------------------------------------------------------------ implementations
const IMPLS = {
  'grpc-js': {
    label: 'grpc-js',
    lib: '@grpc/grpc-js',
    client: ['node', [path.join(CAP, 'node', 'trial.js'), '--lib=grpc-js']],
    server: ['node', [path.join(CAP, 'node', 'server.js'), '--lib=grpc-js']],
  },
  'grpc-js-1.8': {
    label: 'grpc-js',
    lib: '@grpc/grpc-js',
    client: ['node', [path.join(CAP, 'node', 'trial.js'), '--lib=grpc-js-1-8']],
    server: ['node', [path.join(CAP, 'node', 'server.js'), '--lib=grpc-js-1-8']],
  },
  grpcio: {
    label: 'grpcio',
    lib: 'grpcio',
    client: [VENV_PY, [path.join(CAP, 'python', 'trial.py')]],
    server: [VENV_PY, [path.join(CAP, 'python', 'server.py')]],
  },
  'grpcio-deb': {
    label: 'grpcio',
    lib: 'grpcio',
    client: ['/usr/bin/python3', [path.join(CAP, 'python', 'trial.py')]],
    server: ['/usr/bin/python3', [path.join(CAP, 'python', 'server.py')]],
  },
  'grpc-go': {
    label: 'grpc-go',
    lib: 'google.golang.org/grpc',
    client: [GO_BIN, ['trial']],
    server: [GO_BIN, ['server']],
  },
};

// ------------------------------------------------------------------ cells
// kind: what the harness does in one trial; variant: what the client does (the workaround or not).
// role: 'baseline' | 'workaround' (kind of workaround) | 'dead-end' (what the seed/entries call a dead end).
const STREAM_CODES = ['UNAVAILABLE', 'CANCELLED', 'INTERNAL'];
const CELLS = [
  {
    id: 'unary-gone-0.5s/none',
    kind: 'unary-restart',
    restartMs: 500,
    variant: 'none',
    call: 'unary',
    scenario: 'call while the server is gone, 0.5 s restart',
    role: 'baseline',
  },
  {
    id: 'unary-gone-0.5s/retry',
    kind: 'unary-restart',
    restartMs: 500,
    variant: 'retry',
    codes: ['UNAVAILABLE'],
    call: 'unary',
    scenario: 'call while the server is gone, 0.5 s restart',
    role: 'workaround',
    workaround: 'retry-policy',
  },
  {
    id: 'unary-gone-0.5s/wfr',
    kind: 'unary-restart',
    restartMs: 500,
    variant: 'wfr',
    call: 'unary',
    scenario: 'call while the server is gone, 0.5 s restart',
    role: 'workaround',
    workaround: 'wait-for-ready',
  },
  {
    id: 'unary-gone-5s/none',
    kind: 'unary-restart',
    restartMs: 5000,
    variant: 'none',
    call: 'unary',
    scenario: 'call while the server is gone, 5 s restart',
    role: 'baseline',
    long: true,
  },
  {
    id: 'unary-gone-5s/retry',
    kind: 'unary-restart',
    restartMs: 5000,
    variant: 'retry',
    codes: ['UNAVAILABLE'],
    call: 'unary',
    scenario: 'call while the server is gone, 5 s restart',
    role: 'dead-end',
    deadEnd: 'retry-outlasts-restart',
    long: true,
  },
  {
    id: 'unary-gone-5s/wfr',
    kind: 'unary-restart',
    restartMs: 5000,
    variant: 'wfr',
    call: 'unary',
    scenario: 'call while the server is gone, 5 s restart',
    role: 'workaround',
    workaround: 'wait-for-ready',
    long: true,
  },
  {
    id: 'unary-inflight/none',
    kind: 'unary-inflight',
    restartMs: 500,
    variant: 'none',
    call: 'unary',
    scenario: 'call in flight (1 s handler), server killed, 0.5 s restart',
    role: 'baseline',
    long: true,
  },
  {
    id: 'unary-inflight/retry',
    kind: 'unary-inflight',
    restartMs: 500,
    variant: 'retry',
    codes: ['UNAVAILABLE'],
    call: 'unary',
    scenario: 'call in flight (1 s handler), server killed, 0.5 s restart',
    role: 'workaround',
    workaround: 'retry-policy',
    long: true,
  },
  {
    id: 'stream-killed/none',
    kind: 'stream-restart',
    restartMs: 500,
    variant: 'none',
    call: 'server-streaming',
    scenario: 'stream killed after 3 of 10 messages, 0.5 s restart',
    role: 'baseline',
  },
  {
    id: 'stream-killed/retry',
    kind: 'stream-restart',
    restartMs: 500,
    variant: 'retry',
    codes: STREAM_CODES,
    call: 'server-streaming',
    scenario: 'stream killed after 3 of 10 messages, 0.5 s restart',
    role: 'dead-end',
    deadEnd: 'retry-revives-stream',
  },
  {
    id: 'stream-killed/keepalive',
    kind: 'stream-restart',
    restartMs: 500,
    variant: 'keepalive',
    call: 'server-streaming',
    scenario: 'stream killed after 3 of 10 messages, 0.5 s restart',
    role: 'dead-end',
    deadEnd: 'keepalive-prevents',
  },
  {
    id: 'stream-killed/loop',
    kind: 'stream-restart',
    restartMs: 500,
    variant: 'loop',
    call: 'server-streaming',
    scenario: 'stream killed after 3 of 10 messages, 0.5 s restart',
    role: 'workaround',
    workaround: 'reconnect-loop',
  },
  {
    id: 'unary-shutdown/hard',
    kind: 'unary-shutdown',
    stop: 'hard',
    variant: 'none',
    call: 'unary',
    scenario: 'call in flight (1 s handler) during server shutdown',
    role: 'baseline',
    long: true,
  },
  {
    id: 'unary-shutdown/graceful',
    kind: 'unary-shutdown',
    stop: 'graceful 3000',
    variant: 'none',
    call: 'unary',
    scenario: 'call in flight (1 s handler) during server shutdown',
    role: 'workaround',
    workaround: 'graceful-shutdown',
    serverSide: true,
    long: true,
  },
];
// the older lines get the short cells only (time budget); "long" cells run for the current versions
const IMPL_CELLS = {
  'grpc-js': CELLS,
  grpcio: CELLS,
  'grpc-go': CELLS,
  'grpc-js-1.8': CELLS.filter((c) => !c.long),
  'grpcio-deb': CELLS.filter((c) => !c.long),
};
const implFilter = String(opt('impl', Object.keys(IMPL_CELLS).join(','))).split(',');
const cellFilter = opt('cell', null) ? String(opt('cell')).split(',') : null;

// ------------------------------------------------------------------ processes
const live = new Set();
const killGroup = (c, sig = 'SIGKILL') => {
  if (c && c.exitCode === null && c.signalCode === null) {
    try {
      process.kill(-c.pid, sig);
    } catch {
      /* gone */
    }
  }
};
process.on('exit', () => {
  for (const c of live) killGroup(c);
});
for (const s of ['SIGINT', 'SIGTERM'])
  process.on(s, () => {
    for (const c of live) killGroup(c);
    process.exit(130);
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const env = () => {
  const e = { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' };
  for (const k of [
    'GRPC_TRACE',
    'GRPC_VERBOSITY',
    'GRPC_NODE_TRACE',
    'GRPC_NODE_VERBOSITY',
    'GRPC_GO_LOG_SEVERITY_LEVEL',
    'GODEBUG',
    'NODE_OPTIONS',
  ])
    delete e[k];
  return e;
};

/** A child with line handling: `lines` keeps output, `waitFor(pred)` resolves on a matching line. */
function proc(cmd, args) {
  const child = spawn(cmd, args, { cwd: ROOT, env: env(), detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  const p = { child, lines: [], waiters: [] };
  p.exited = new Promise((r) =>
    child.on('exit', () => {
      live.delete(child);
      r();
    }),
  );
  child.on('error', () => {});
  const onLine = (line) => {
    p.lines.push(line);
    if (p.lines.length > 2000) p.lines.splice(0, 1000);
    for (const w of [...p.waiters])
      if (w.pred(line)) {
        p.waiters.splice(p.waiters.indexOf(w), 1);
        w.resolve(line);
      }
  };
  for (const s of [child.stdout, child.stderr]) {
    let buf = '';
    s.setEncoding('utf8');
    s.on('data', (d) => {
      buf += d;
      const parts = buf.split('\n');
      buf = parts.pop();
      parts.forEach(onLine);
    });
  }
  child.stdin.on('error', () => {});
  p.send = (text) => {
    try {
      child.stdin.write(`${text}\n`);
    } catch {
      /* closed */
    }
  };
  p.waitFor = (pred, ms) =>
    new Promise((resolve) => {
      const w = { pred, resolve };
      p.waiters.push(w);
      setTimeout(() => {
        const i = p.waiters.indexOf(w);
        if (i >= 0) {
          p.waiters.splice(i, 1);
          resolve(null);
        }
      }, ms);
    });
  return p;
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------ one lane
class Lane {
  constructor(impl) {
    this.impl = impl;
    this.server = null;
    this.serverLog = [];
  }
  async start() {
    this.port = await freePort();
    const [cmd, args] = IMPLS[this.impl].client;
    this.client = proc(cmd, args);
    const hello = await this.client.waitFor((l) => l.startsWith('@@hello '), 20000);
    if (!hello) throw new Error(`${this.impl}: trial client did not start: ${this.client.lines.slice(-5).join(' | ')}`);
    this.version = JSON.parse(hello.slice(8)).version;
  }
  async startServer() {
    const [cmd, args] = IMPLS[this.impl].server;
    for (let attempt = 0; attempt < 20; attempt++) {
      const s = proc(cmd, [...args, `--port=${this.port}`]);
      const ok = await Promise.race([s.waitFor((l) => l.startsWith('@@listening'), 15000), s.exited.then(() => null)]);
      if (ok) {
        this.server = s;
        return;
      }
      killGroup(s.child);
      await s.exited;
      await sleep(200); // port still in TIME_WAIT/bound: retry
    }
    throw new Error(`${this.impl}: server did not start on port ${this.port}`);
  }
  async killServer(sig = 'SIGKILL') {
    const s = this.server;
    if (!s) return;
    killGroup(s.child, sig);
    await s.exited;
    this.serverLog.push(...s.lines);
  }
  async stopServer() {
    await this.killServer('SIGKILL');
    this.server = null;
  }
  ask(cmd, kind, ms) {
    const p = this.client.waitFor((l) => l.startsWith(`@@${kind} `), ms);
    this.client.send(JSON.stringify(cmd));
    return p.then((l) =>
      l
        ? JSON.parse(l.slice(kind.length + 3))
        : { ok: false, code: 'HARNESS', details: `no @@${kind} within ${ms} ms` },
    );
  }
  async close() {
    this.client.send('{"op":"close"}');
    await this.client.waitFor((l) => l.startsWith('@@closed'), 5000);
  }

  /** One trial; returns {ok, code, details, ms, executions?, reopens?}. */
  async trial(cell, i) {
    if (!this.server) await this.startServer();
    const opened = await this.ask(
      { op: 'open', target: `127.0.0.1:${this.port}`, variant: cell.variant, codes: cell.codes },
      'opened',
      30000,
    );
    if (!opened.ok) {
      await this.close();
      await this.stopServer();
      return { ok: false, code: 'HARNESS', details: `open failed: ${opened.details}` };
    }
    const id = `t${Date.now().toString(36)}-${i}`;
    let restart = Promise.resolve();
    let result;
    const scheduleRestart = (ms) => {
      let fire;
      const timer = new Promise((r) => {
        fire = r;
        setTimeout(r, ms);
      });
      restart = timer.then(() => this.startServer());
      return fire; // call to restart early (the call's outcome is already known)
    };
    if (cell.kind === 'unary-restart') {
      await this.killServer();
      const early = scheduleRestart(cell.restartMs);
      await sleep(100); // the call is made while nothing listens on the port
      result = await this.ask({ op: 'unary', id, delayMs: 0, deadlineMs: 10000 }, 'result', 20000);
      early();
    } else if (cell.kind === 'unary-inflight') {
      const seen = this.server.waitFor((l) => l.includes(id), 5000);
      const resP = this.ask({ op: 'unary', id, delayMs: 1000, deadlineMs: 10000 }, 'result', 20000);
      await seen;
      await sleep(200);
      await this.killServer();
      const early = scheduleRestart(cell.restartMs);
      result = await resP;
      early();
      await restart;
      await sleep(300); // let the restarted server log a re-sent call
      const all = [...this.serverLog, ...this.server.lines];
      result.executions = all.filter(
        (l) => l.includes(id) && /Unary/.test(l) && !/cancel|went away|context/i.test(l),
      ).length;
    } else if (cell.kind === 'stream-restart') {
      const prog = this.client.waitFor((l) => l.startsWith('@@progress '), 10000);
      const resP = this.ask({ op: 'stream', id, count: 10, intervalMs: 100, deadlineMs: 15000 }, 'result', 25000);
      await prog;
      await this.killServer();
      const early = scheduleRestart(cell.restartMs);
      result = await resP;
      early();
    } else if (cell.kind === 'unary-shutdown') {
      const seen = this.server.waitFor((l) => l.includes(id), 5000);
      const resP = this.ask({ op: 'unary', id, delayMs: 1000, deadlineMs: 10000 }, 'result', 20000);
      await seen;
      await sleep(200);
      this.server.send(cell.stop);
      result = await resP;
      await this.stopServer();
    }
    await restart;
    await this.close();
    this.serverLog = [];
    return result;
  }
  async end() {
    this.client.child.stdin.end();
    await Promise.race([this.client.exited, sleep(3000)]);
    killGroup(this.client.child);
    await this.stopServer();
  }
}

// ------------------------------------------------------------------ main
async function runImpl(impl) {
  const cells = IMPL_CELLS[impl].filter((c) => !cellFilter || cellFilter.includes(c.id));
  const lane = new Lane(impl);
  await lane.start();
  const records = [];
  for (const cell of cells) {
    const t0 = Date.now();
    const outcomes = [];
    for (let i = 0; i < RUNS; i++) outcomes.push(await lane.trial(cell, i));
    const harness = outcomes.filter((o) => o.code === 'HARNESS');
    const successes = outcomes.filter((o) => o.ok).length;
    const statuses = {};
    for (const o of outcomes)
      if (!o.ok) {
        const k = `${o.code}: ${o.details}`.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>').slice(0, 200);
        statuses[k] = (statuses[k] || 0) + 1;
      }
    // what the client library printed for each failure (the real error text, ports normalised): the
    // apply step scans these with the shipped patterns to find the entries a cell is evidence for
    const printed = {};
    for (const o of outcomes)
      if (!o.ok && o.printed) {
        const k = o.printed
          .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
          .replace(/"created_time":"[^"]*"/g, '"created_time":"<t>"')
          .slice(0, 600);
        printed[k] = (printed[k] || 0) + 1;
      }
    const ms = outcomes
      .map((o) => o.ms)
      .filter((x) => typeof x === 'number')
      .sort((a, b) => a - b);
    const rec = {
      id: `${impl}/${cell.id}`,
      impl,
      implementation: IMPLS[impl].label,
      library: IMPLS[impl].lib,
      version: lane.version,
      cell: cell.id,
      kind: cell.kind,
      variant: cell.variant,
      role: cell.role,
      workaround: cell.workaround ?? null,
      deadEnd: cell.deadEnd ?? null,
      call: cell.call,
      codes: cell.codes ?? null,
      runs: RUNS,
      successes,
      failures: RUNS - successes,
      harnessErrors: harness.length,
      measuredWith: `${IMPLS[impl].label} ${lane.version}, ${cell.call}`,
      scenario: cell.scenario,
      date: new Date().toISOString().slice(0, 10),
      medianMs: ms.length ? ms[Math.floor(ms.length / 2)] : null,
      failureStatuses: statuses,
      failurePrinted: printed,
    };
    if (cell.kind === 'unary-inflight') rec.executedTwice = outcomes.filter((o) => (o.executions ?? 0) >= 2).length;
    records.push(rec);
    console.log(
      `[measure] ${rec.id}: ${successes}/${RUNS} ok (${((Date.now() - t0) / 1000).toFixed(0)} s)${rec.executedTwice !== undefined ? `, executed twice ${rec.executedTwice}` : ''}${harness.length ? `, HARNESS errors ${harness.length}: ${harness[0].details}` : ''}`,
    );
    for (const [k, n] of Object.entries(statuses)) console.log(`            ${n}x ${k}`);
  }
  await lane.end();
  return records;
}

async function main() {
  const impls = implFilter.filter((i) => IMPL_CELLS[i]);
  const queue = [...impls];
  const all = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: JOBS }, async () => {
      while (queue.length) {
        const impl = queue.shift();
        try {
          all.push(...(await runImpl(impl)));
        } catch (e) {
          console.error(`[measure] ${impl} failed: ${e.message}`);
        }
      }
    }),
  );
  let prev = { records: [] };
  if (fs.existsSync(OUT)) {
    try {
      prev = JSON.parse(fs.readFileSync(OUT, 'utf8'));
    } catch {
      /* rewrite */
    }
  }
  const byId = new Map(prev.records.map((r) => [r.id, r]));
  for (const r of all) byId.set(r.id, r);
  const doc = {
    generatedBy: 'node scripts/evidence/measure.mjs',
    note: 'One record per implementation and cell: runs trials of one scenario with one client variant (baseline, workaround or dead end). successes = runs whose call ended OK (streams: all 10 messages, in order). For dead ends, the entries show runs - successes as "did not help".',
    node: process.version,
    records: [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(
    `[measure] ${all.length} cells in ${((Date.now() - t0) / 1000).toFixed(0)} s -> ${path.relative(ROOT, OUT)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
