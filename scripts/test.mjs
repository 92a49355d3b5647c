// `npm test`: install deps if missing, type-check + compile tests, build bundles, run node:test on out/test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
// Missing dependencies (a fresh clone, or a worktree whose node_modules predates a new devDependency) are installed.
const needed = [
  'node_modules/.package-lock.json',
  'node_modules/semver/package.json',
  'node_modules/eslint/bin/eslint.js',
  'node_modules/typescript-eslint/package.json',
  'node_modules/prettier/bin/prettier.cjs',
];
if (needed.some((f) => !fs.existsSync(path.join(root, f)))) run('npm', ['ci', '--no-audit', '--no-fund']);
fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
// ESLint with type information (eslint.config.mjs): floating promises, unneeded assertions, unused code.
run(process.execPath, [
  path.join(root, 'node_modules/eslint/bin/eslint.js'),
  '--cache',
  '--cache-location',
  path.join(root, 'node_modules/.cache/eslint'),
  '.',
]);
// Formatting (Prettier, .prettierrc.json; data and prose are left to their generators, .prettierignore).
run(process.execPath, [
  path.join(root, 'node_modules/prettier/bin/prettier.cjs'),
  '--check',
  '--log-level',
  'warn',
  '.',
]);
run(process.execPath, ['scripts/build.mjs', '--quiet']);
const extra = process.argv.slice(2);
run(process.execPath, [
  '--test',
  '--unhandled-rejections=strict',
  '--test-concurrency=2',
  ...(extra.length ? extra : ['out/test/']),
]);
