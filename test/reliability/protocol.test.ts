/** Issue 18, defects 15 and 16: protocol hygiene of the real `server.js --stdio`. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers/knowledge';

const SERVER = path.join(ROOT, 'server/out/server.js');
const frame = (body: unknown): string => {
  const json = JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
};

function start() {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms = 10_000): Promise<string> => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const m = re.exec(out);
      if (m) return m[0];
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${re} within ${ms} ms; got ${out.slice(0, 500)}`);
  };
  return { child, exited, waitFor, output: () => out };
}

test(
  'defect 16: a request before initialize is answered with -32002, and initialize still works after it',
  { timeout: 30_000 },
  async () => {
    if (!fs.existsSync(SERVER)) return;
    const s = start();
    try {
      s.child.stdin.write(
        frame({
          jsonrpc: '2.0',
          id: 1,
          method: 'textDocument/hover',
          params: { textDocument: { uri: 'file:///x.log' }, position: { line: 0, character: 0 } },
        }),
      );
      await s.waitFor(/"id":1,"error":\{"code":-32002/);
      s.child.stdin.write(
        frame({
          jsonrpc: '2.0',
          id: 2,
          method: 'initialize',
          params: { processId: null, rootUri: null, capabilities: {} },
        }),
      );
      await s.waitFor(/"id":2,"result":\{"capabilities"/);
    } finally {
      s.child.kill();
    }
  },
);

test(
  'defect 15: a bad Content-Length frame ends the process (non-zero), so the client restarts it',
  { timeout: 30_000 },
  async () => {
    if (!fs.existsSync(SERVER)) return;
    const s = start();
    s.child.stdin.write(
      frame({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { processId: null, rootUri: null, capabilities: {} },
      }),
    );
    await s.waitFor(/"id":1,"result"/);
    s.child.stdin.write('Content-Length: abc\r\n\r\n{}');
    const timer = setTimeout(() => s.child.kill(), 10_000);
    const code = await s.exited;
    clearTimeout(timer);
    assert.equal(code, 1);
  },
);
