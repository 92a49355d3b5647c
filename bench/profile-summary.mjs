// Summarises a .cpuprofile: self time per function (top N), for the profile-guided note.
import fs from 'node:fs';
export function summarizeProfile(file, top = 12) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = p.timeDeltas;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const cf = n.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url ? cf.url.split('/').pop() : ''}${cf.lineNumber >= 0 && cf.url ? ':' + (cf.lineNumber + 1) : ''}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return {
    totalMs: total / 1000,
    rows: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, pct: (100 * us) / total })),
  };
}
if (process.argv[1] && process.argv[1].endsWith('profile-summary.mjs')) {
  const s = summarizeProfile(process.argv[2], Number(process.argv[3] ?? 15));
  console.log(`total ${s.totalMs.toFixed(0)} ms`);
  for (const r of s.rows) console.log(`${r.ms.toFixed(1).padStart(8)} ms ${r.pct.toFixed(1).padStart(5)}%  ${r.name}`);
}
