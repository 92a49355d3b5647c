// `npm start`: install dependencies if missing, build, then scan the bundled example logs with explanations.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
};
if (
  !fs.existsSync(path.join(root, 'node_modules/.package-lock.json')) &&
  run('npm', ['ci', '--no-audit', '--no-fund']) !== 0
)
  process.exit(1);
if (run(process.execPath, ['scripts/build.mjs', '--quiet']) !== 0) process.exit(1);
const lang = process.env.GRPC_DOCTOR_LANG ?? 'en';
console.log(`\ngrpc-doctor: scanning examples/ (real gRPC error output; see examples/README.md)\n`);
// Exit code 1 only means "findings exist", which is the point of the demo.
const logs = fs
  .readdirSync(path.join(root, 'examples'))
  .filter((f) => f.endsWith('.log'))
  .sort()
  .map((f) => path.join('examples', f));
const code = run(process.execPath, ['server/out/cli.js', 'scan', '--lang', lang, ...logs]);
console.log(`\nExplain one in full:  node server/out/cli.js explain grpc-go/error-reading-from-server`);
process.exit(code === 1 ? 0 : code);
