// `npm run test:e2e`: the extension in a real VS Code (code-server from npm on Node 24) driven by Debian's
// Chromium through playwright-core. Installs its tools (scripts/setup/e2e.sh, idempotent), packs the VSIX,
// then runs test/e2e/vscode/run.mjs. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('bash', ['scripts/setup/e2e.sh']);
run(process.execPath, ['scripts/package.mjs']);
run(process.execPath, ['test/e2e/vscode/run.mjs', ...process.argv.slice(2)]);
