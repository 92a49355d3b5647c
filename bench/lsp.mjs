// Language-server measures over real stdio JSON-RPC with the bundled server (server/out/server.js):
// ready after spawn, idle RSS, diagnostics of a newly opened 5 MB log, re-diagnose after a one-line edit
// in a 100k-line document, hover p99. Times are seen from the client, so they include the pipe and JSON
// (a 5 MB didOpen is ~5 MB of JSON to write and parse); the debounce setting is answered as 0.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ROOT } from './generate.mjs';

const require = createRequire(import.meta.url);
const SERVER = path.join(ROOT, 'server/out/server.js');

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};

function start() {
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
  const t0 = performance.now();
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    for (const w of waiters.filter((x) => x.uri === p.uri && (p.version === undefined || p.version >= x.version))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(p);
    }
  });
  conn.onNotification('window/logMessage', () => {});
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ debounceMs: 0 })));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const diagnostics = (uri, version) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within 30 s`)), 30000);
      waiters.push({
        uri,
        version,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  const initialize = () =>
    conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown'] } },
      },
    });
  const stop = async () => {
    try {
      await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    setTimeout(() => child.kill(), 1000).unref();
    conn.dispose();
  };
  const rssMiB = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  };
  return { conn, child, t0, initialize, diagnostics, stop, rssMiB };
}

/** Wall time of a bare `node -e 0`. */
function nodeStart() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
      .on('error', reject)
      .on('close', () => resolve(performance.now() - t0));
  });
}

export async function lspMeasures({ reps, log5, doc100k }) {
  if (!fs.existsSync(SERVER)) {
    return {
      unavailable: [
        'language-server measures (ready after spawn, idle RSS, 5 MB open, one-line edit, hover over LSP): server/out/server.js is not built on this branch yet (the `lsp` branch has not landed)',
      ],
    };
  }
  const rows = [];
  // ready after spawn + idle RSS (fresh process each time), each round next to a bare `node -e 0`
  const ready = [];
  const bare = [];
  const firstDiagnostics = [];
  const idle = [];
  const small = 'INFO start\nrpc error: code = Unavailable desc = error reading from server: EOF\n';
  for (let r = 0; r < 2 * reps; r++) {
    bare.push(await nodeStart());
    const s = start();
    await s.initialize();
    ready.push(performance.now() - s.t0);
    await s.conn.sendNotification('initialized', {});
    if (r % 2) {
      // odd rounds: how soon a first document is diagnosed (the knowledge base loads after `initialize`)
      const done = s.diagnostics('file:///bench/first.log', 1);
      await s.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: 'file:///bench/first.log', languageId: 'log', version: 1, text: small },
      });
      await done;
      firstDiagnostics.push(performance.now() - s.t0);
    } else {
      await new Promise((res) => setTimeout(res, 700));
      idle.push(s.rssMiB());
    }
    await s.stop();
  }
  rows.push({
    name: 'server ready after spawn (initialize answered)',
    unit: 'ms',
    values: ready,
    goal: { op: '<=', value: 300 },
    note: `${ready.length} spawns`,
  });
  rows.push({
    name: '`node -e 0` (same rounds)',
    unit: 'ms',
    values: bare,
    note: 'bare node start-up on this machine, for scale',
  });
  rows.push({ name: 'server ready / `node -e 0` (per round)', unit: '×', values: ready.map((x, i) => x / bare[i]) });
  rows.push({
    name: 'spawn → first diagnostics of a 2-line log',
    unit: 'ms',
    values: firstDiagnostics,
    note: 'includes loading the knowledge base and compiling the patterns, done after `initialize` is answered',
  });
  rows.push({
    name: 'idle server RSS',
    unit: 'MiB',
    values: idle,
    goal: { op: '<=', value: 80 },
    note: 'VmRSS 0.7 s after initialized',
  });

  const s = start();
  await s.initialize();
  await s.conn.sendNotification('initialized', {});
  // newly opened 5 MB log
  const text5 = fs.readFileSync(log5, 'utf8');
  const open5 = [];
  for (let r = 0; r < reps; r++) {
    const uri = `${pathToFileURL(log5).href}?r=${r}`;
    const t0 = performance.now();
    const done = s.diagnostics(uri, 1);
    await s.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'log', version: 1, text: text5 },
    });
    const p = await done;
    open5.push(performance.now() - t0);
    if (r === 0) rows.diag5 = p.diagnostics.length;
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  rows.push({
    name: 'open 5 MB log → diagnostics (client-observed)',
    unit: 'ms',
    values: open5,
    note: `${rows.diag5} diagnostics; includes writing and parsing ~5 MB of JSON (goal is on server time, above)`,
  });
  const afterOpenClose = s.rssMiB();
  await s.stop();
  rows.push({
    name: `server RSS after ${reps} × (open 5 MB, diagnose, close)`,
    unit: 'MiB',
    values: [afterOpenClose],
    note: 'garbage of the closed documents not yet collected (the memory test shows they are released)',
  });

  // one-line edits in a 100k-line document, in a fresh server so that its RSS shows what the edits cost
  const s2 = start();
  await s2.initialize();
  await s2.conn.sendNotification('initialized', {});
  const text = fs.readFileSync(doc100k, 'utf8');
  const lines = text.split('\n');
  const uri = pathToFileURL(doc100k).href;
  let version = 1;
  let done = s2.diagnostics(uri, version);
  await s2.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'log', version, text } });
  const first = await done;
  const afterOpen = s2.rssMiB();
  const edits = [];
  const errorLine = 'rpc error: code = Unavailable desc = the connection is draining';
  for (let k = 0; k < 20 * reps; k++) {
    const line = 1000 + ((k * 4099) % (lines.length - 2000));
    const newText = k % 2 ? errorLine : `INFO edited line ${k}`;
    version++;
    const t0 = performance.now();
    done = s2.diagnostics(uri, version);
    await s2.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        { range: { start: { line, character: 0 }, end: { line, character: lines[line].length } }, text: newText },
      ],
    });
    await done;
    edits.push(performance.now() - t0);
    lines[line] = newText;
  }
  rows.push({
    name: 'one-line edit in a 100k-line document → diagnostics',
    unit: 'ms',
    values: edits,
    note: `${edits.length} edits; client-observed round trip (goal is on server time, above)`,
  });
  const afterEdits = s2.rssMiB();

  // hover at diagnostics
  const at = first.diagnostics.map((d) => d.range.start);
  const hovers = [];
  for (let r = 0; r < reps; r++) {
    const lat = [];
    for (let k = 0; k < 100; k++) {
      const position = at[k % at.length];
      const t0 = performance.now();
      await s2.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      lat.push(performance.now() - t0);
    }
    hovers.push(percentile(lat, 0.99));
  }
  if (at.length)
    rows.push({
      name: 'hover p99 over LSP',
      unit: 'ms',
      values: hovers,
      note: '100 hovers per run, client-observed round trip (goal is on the render, above)',
    });
  const busy = s2.rssMiB();
  await s2.stop();
  rows.push({
    name: 'server RSS with the 100k-line document open',
    unit: 'MiB',
    values: [afterOpen],
    note: `${(text.length / 1e6).toFixed(1)} MB document, fresh server`,
  });
  rows.push({
    name: `server RSS after ${edits.length} edits of the 100k-line document`,
    unit: 'MiB',
    values: [afterEdits],
    note: 'before the line store each edit kept a copy of the whole text reachable through its findings (the previous run ended its session at 774 MiB)',
  });
  rows.push({ name: 'server RSS after the hovers too', unit: 'MiB', values: [busy] });
  return { rows };
}
