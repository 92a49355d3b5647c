#!/usr/bin/env node
// `npm run evidence`: captures (scripts/capture/run.mjs), measured rates (measure.mjs), then the
// knowledge entries' evidence/measurements (apply.mjs, real scanner) and the docs table (table.mjs).
// Loopback only, every run bounded; set-up is idempotent (first run installs grpc-js, grpcio,
// python3-grpcio, grpc-go, grpc-java; tonic only with GRPC_DOCTOR_BUILD_TONIC=1 or when built).
//   node scripts/evidence/run.mjs [--skip-capture] [--skip-measure] [--runs N] [--jobs N]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const argv = process.argv.slice(2);
const has = (f) => argv.includes(f);
const val = (f, d) => {
  const a = argv.find((x) => x.startsWith(`${f}=`));
  return a ? a.slice(f.length + 1) : d;
};
const jobs = val('--jobs', '3');
const t0 = Date.now();
function step(name, args) {
  const t = Date.now();
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  console.log(`== ${name}: ${r.status === 0 ? 'ok' : `exit ${r.status}`} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!has('--skip-capture')) step('captures', ['scripts/capture/run.mjs', `--jobs=${jobs}`]);
if (!has('--skip-measure'))
  step('measurements', ['scripts/evidence/measure.mjs', `--jobs=${jobs}`, `--runs=${val('--runs', '20')}`]);
step('entries', ['scripts/evidence/apply.mjs', '--compile']);
step('docs table', ['scripts/evidence/table.mjs', '--write']);
console.log(`\nevidence done in ${((Date.now() - t0) / 60000).toFixed(1)} min`);
