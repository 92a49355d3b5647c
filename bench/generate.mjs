// Seeded, deterministic workload generator: realistic application log lines with real gRPC error output
// (knowledge entries' examples.match and test/fixtures/captured/**/*.log when present) mixed in.
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const WORK = path.join(ROOT, '.bench');

/** mulberry32: small, fast, seeded. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function filesUnder(dir, re) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) out.push(...filesUnder(p, re));
    else if (re.test(name)) out.push(p);
  }
  return out;
}

/** Real error output: single lines from the KB examples, multi-line blocks from captured runs. */
export function errorSamples() {
  const kb = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/out/knowledge.json'), 'utf8'));
  const samples = [];
  for (const e of kb) for (const m of e.examples?.match ?? []) samples.push(m.replace(/\r?\n$/, ''));
  for (const f of filesUnder(path.join(ROOT, 'test/fixtures/captured'), /\.log$/)) {
    const text = fs.readFileSync(f, 'utf8').replace(/\r?\n$/, '');
    if (text && text.length < 20000) samples.push(text);
  }
  return { kb, samples };
}

const LEVELS = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN', 'ERROR'];
const COMPONENTS = [
  'http',
  'db.pool',
  'scheduler',
  'auth',
  'cache',
  'orders.svc',
  'billing',
  'kafka.consumer',
  'k8s.probe',
  'grpc.server',
];
const PATHS = [
  '/api/v1/orders',
  '/api/v1/users/me',
  '/healthz',
  '/metrics',
  '/api/v2/cart/items',
  '/login',
  '/static/app.js',
];
const WORDS = [
  'request',
  'completed',
  'started',
  'user',
  'session',
  'refreshed',
  'token',
  'queue',
  'batch',
  'flushed',
  'retrying',
  'connection',
  'pool',
  'acquired',
  'released',
  'shard',
  'rebalanced',
  'offset',
  'committed',
  'cache',
  'miss',
  'hit',
  'evicted',
];

/** One ordinary line (~80 bytes on average). */
function appLine(r, t) {
  const ts = new Date(1735689600000 + t).toISOString();
  const level = LEVELS[(r() * LEVELS.length) | 0];
  const comp = COMPONENTS[(r() * COMPONENTS.length) | 0];
  const kind = r();
  if (kind < 0.35) {
    const status = r() < 0.9 ? 200 : [404, 500, 503][(r() * 3) | 0];
    return `${ts} ${level} [${comp}] GET ${PATHS[(r() * PATHS.length) | 0]} ${status} ${(r() * 900).toFixed(1)}ms rid=${((r() * 0xffffffff) >>> 0).toString(16)}`;
  }
  if (kind < 0.5)
    return `${ts} ${level} [${comp}] SELECT * FROM orders WHERE id = ${(r() * 1e6) | 0} took ${(r() * 50).toFixed(2)}ms`;
  const n = 3 + ((r() * 6) | 0);
  const words = [];
  for (let i = 0; i < n; i++) words.push(WORDS[(r() * WORDS.length) | 0]);
  return `${ts} ${level} [${comp}] ${words.join(' ')} id=${(r() * 1e5) | 0}`;
}

/**
 * Writes a log of about `bytes` bytes; an error sample every ~`every` lines (≈ a few hundred in 100 MB).
 * Returns {file, bytes, lines, injected}. Reuses an existing file made with the same parameters.
 */
export function generateLog(name, bytes, { seed = 42, every = 4000, maxLines = Infinity } = {}) {
  const file = path.join(WORK, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const meta = path.join(WORK, 'meta', `${name.replace(/[\\/]/g, '_')}.json`);
  fs.mkdirSync(path.dirname(meta), { recursive: true });
  const { samples } = errorSamples();
  const key = JSON.stringify({ bytes, seed, every, maxLines, samples: samples.length, v: 1 });
  if (fs.existsSync(file) && fs.existsSync(meta)) {
    const m = JSON.parse(fs.readFileSync(meta, 'utf8'));
    if (m.key === key) return m;
  }
  const r = rng(seed);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let lines = 0;
  let injected = 0;
  let t = 0;
  const parts = [];
  let pending = 0;
  while (written + pending < bytes && lines < maxLines) {
    t += (r() * 50) | 0;
    let line;
    if (r() * every < 1) {
      line = samples[(r() * samples.length) | 0];
      injected++;
    } else line = appLine(r, t);
    parts.push(line);
    pending += Buffer.byteLength(line) + 1;
    lines += line.split('\n').length;
    if (pending > 1 << 20) {
      written += fs.writeSync(fd, parts.join('\n') + '\n');
      parts.length = 0;
      pending = 0;
    }
  }
  if (parts.length) written += fs.writeSync(fd, parts.join('\n') + '\n');
  fs.closeSync(fd);
  const m = { file, bytes: written, lines, injected, key };
  fs.writeFileSync(meta, JSON.stringify(m));
  return m;
}

/** A file made of `copies` back-to-back copies of `src` (the 1 GB scaling point, written fast). */
export function repeatFile(src, name, copies) {
  const file = path.join(WORK, name);
  const want = fs.statSync(src).size * copies;
  if (fs.existsSync(file) && fs.statSync(file).size === want) return file;
  const data = fs.readFileSync(src);
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < copies; i++) fs.writeSync(fd, data);
  fs.closeSync(fd);
  return file;
}

/** Every literal and regex anchor the scanner looks for, one per line (for grep/rg -F -f). */
export function writePatternFile(literals) {
  const file = path.join(WORK, 'patterns.txt');
  fs.writeFileSync(file, literals.join('\n') + '\n');
  return file;
}
