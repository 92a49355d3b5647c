#!/usr/bin/env node
// Container / aggregator wrappings of captured files: a documented, deterministic transformation
// (test/fixtures/captured/README.md "Wrapped copies"). Each line of a capture is written again the
// way a log collector stores or shows it, and the file's hand labels are carried over line by line.
//
//   node scripts/capture/wrap.mjs --as cri|docker|kubectl|journald DIR/FILE.log [...]
//
// Writes DIR+<as>/FILE.log and DIR+<as>/labels.json (merged). Forms:
//   cri       containerd/CRI-O log file (what kubelet stores and `kubectl logs` reads):
//             `2026-12-04T10:00:00.016500000Z stderr F <line>`; a line longer than --partial-at bytes
//             (default 160, deliberately far below the runtime's 16 KiB so the fixtures exercise it)
//             is split into `P` (partial) pieces and a final `F` piece.
//   docker    `docker logs --timestamps`: `2026-12-04T10:00:00.016500000Z <line>`
//   kubectl   `kubectl logs --prefix`: `[pod/api-7d9c5b6f4-x2x8q/app] <line>`
//   journald  journalctl's default short format: `Dec 04 10:00:00 node-1 orders-client[4242]: <line>`
// Timestamps are synthetic (10:00:00 UTC on the capture's date, +1.5 ms per line), so the files are
// reproducible. The capture's own header line (`# grpc-doctor capture: …`) stays first and unwrapped
// with ` | wrapped <as>` appended; every other line is wrapped, harness notes included.
// stderr vs stdout (cri): C-core/absl lines (`I1204 …`, `E1204 …`) and grpc-go's default logger go
// to stderr; the rest as the program was run (--stream, default stdout).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';


const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function stamp(date, i) {
  const t = new Date(`${date}T10:00:00.000Z`).getTime() + i * 1.5;
  const d = new Date(Math.floor(t));
  const nanos = String(Math.round((t % 1000) * 1e6)).padStart(9, '0');
  return { iso: `${d.toISOString().slice(0, 19)}.${nanos}Z`, short: `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)}` };
}
const STDERR_LINE = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ \S+:\d+\]|^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d (INFO|WARNING|ERROR): /;

/** Wraps lines; returns { out: string[], map: number[][] } (map[i] = new 1-based lines of old line i+1). */
export function wrapLines(lines, form, { date = '2026-12-04', program = 'app', pod = 'pod/api-7d9c5b6f4-x2x8q/app', partial = 160, defaultStream = 'stdout' } = {}) {
  const out = [];
  const map = [];
  let n = 0;
  lines.forEach((line, idx) => {
    const news = [];
    if (idx === 0 && line.startsWith('# grpc-doctor capture:')) {
      out.push(`${line} | wrapped ${form}`);
      news.push(out.length);
      map.push(news);
      return;
    }
    const s = stamp(date, n++);
    if (form === 'cri') {
      const st = STDERR_LINE.test(line) ? 'stderr' : defaultStream;
      const bytes = Buffer.from(line, 'utf8');
      if (bytes.length <= partial) {
        out.push(`${s.iso} ${st} F ${line}`); news.push(out.length);
      } else {
        // split on UTF-8 character boundaries
        let start = 0;
        while (start < bytes.length) {
          let end = Math.min(start + partial, bytes.length);
          while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
          const piece = bytes.subarray(start, end).toString('utf8');
          out.push(`${s.iso} ${st} ${end >= bytes.length ? 'F' : 'P'} ${piece}`); news.push(out.length);
          start = end;
        }
      }
    } else if (form === 'docker') {
      out.push(`${s.iso} ${line}`); news.push(out.length);
    } else if (form === 'kubectl') {
      out.push(`[${pod}] ${line}`); news.push(out.length);
    } else if (form === 'journald') {
      out.push(`${s.short} node-1 ${program}[4242]: ${line}`); news.push(out.length);
    }
    map.push(news);
  });
  return { out, map };
}

function mapSpec(spec, map) {
  const parts = Array.isArray(spec) ? spec : [spec];
  const lines = [];
  for (const p of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(String(p).trim());
    const a = Number(m[1]); const b = m[2] ? Number(m[2]) : a;
    for (let i = a; i <= b; i++) lines.push(...map[i - 1]);
  }
  // back to compact ranges
  const out = [];
  for (const l of lines.sort((x, y) => x - y)) {
    const last = out[out.length - 1];
    if (last && l === last[1] + 1) last[1] = l; else out.push([l, l]);
  }
  const r = out.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
  return r.length === 1 ? r[0] : r;
}

/** Carries a labels entry over a line map. */
export function mapLabels(entry, map) {
  const e = { ...entry, events: entry.events.map((ev) => ({ ...ev, lines: mapSpec(ev.lines, map) })) };
  if (entry.context) e.context = entry.context.map((c) => mapSpec(c, map)).flat();
  if (entry.lookalikes) e.lookalikes = entry.lookalikes.map((l) => ({ ...l, lines: mapSpec(l.lines, map) }));
  return e;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const opt = (n, d) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : d; };
  const as = opt('as');
  const partialAt = Number(opt('partial-at', 160));
  const stream = opt('stream', 'stdout');
  const files = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const FORMS = ['cri', 'docker', 'kubectl', 'journald'];
  if (!FORMS.includes(as) || !files.length) {
    console.error(`usage: wrap.mjs --as ${FORMS.join('|')} [--partial-at N] [--stream stdout|stderr] FILE...`);
    process.exit(2);
  }
  for (const file of files) {
    const srcDir = path.dirname(path.resolve(file));
    const name = path.basename(file);
    const dstDir = `${srcDir}+${as}`;
    const text = fs.readFileSync(file, 'utf8').replace(/\n$/, '');
    const lines = text.split('\n');
    const date = /\| (\d{4}-\d\d-\d\d)$/.exec(lines[0])?.[1] ?? '2026-12-04';
    const program = name.includes('.server.') ? 'echo-server' : 'orders-client';
    const { out, map } = wrapLines(lines, as, { date, program, partial: partialAt, defaultStream: stream });
    fs.mkdirSync(dstDir, { recursive: true });
    const body = `${out.join('\n')}\n`;
    fs.writeFileSync(path.join(dstDir, name), body);
    const srcLabels = path.join(srcDir, 'labels.json');
    if (fs.existsSync(srcLabels)) {
      const src = JSON.parse(fs.readFileSync(srcLabels, 'utf8'));
      const entry = src.files?.[name];
      if (entry) {
        const dstLabels = path.join(dstDir, 'labels.json');
        const dst = fs.existsSync(dstLabels) ? JSON.parse(fs.readFileSync(dstLabels, 'utf8')) : { ...src, files: {} };
        dst.about = src.about;
        dst.wrapping = as;
        dst.source = `../${path.basename(srcDir)}/ wrapped by scripts/capture/wrap.mjs --as ${as}${as === 'cri' ? ` --partial-at ${partialAt}` : ''} (labels carried over line by line)`;
        dst.files[name] = { ...mapLabels(entry, map), sha1: crypto.createHash('sha1').update(body).digest('hex').slice(0, 12) };
        dst.files = Object.fromEntries(Object.entries(dst.files).sort(([a], [b]) => a.localeCompare(b)));
        fs.writeFileSync(dstLabels, `${JSON.stringify(dst, null, 1)}\n`);
      }
    }
    console.log(`${path.relative(process.cwd(), path.join(dstDir, name))}: ${lines.length} -> ${out.length} lines`);
  }
}
