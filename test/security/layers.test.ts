/**
 * The architecture's import rules (ARCHITECTURE.md, "Invariants"): each layer of server/src may import
 * only the layers below it, and only the edge layers read files or build LSP types.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers/knowledge';

type Layer = 'core' | 'project' | 'lsp' | 'cli' | 'shared';

/** Which layers each layer may import (its own always). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  shared: [],
  core: ['shared'],
  project: ['core', 'shared'],
  cli: ['core', 'project', 'shared'],
  lsp: ['core', 'project', 'shared'],
};

/** Packages that only the edges may use: LSP types in lsp/, the file system in project/ and cli/. */
const EDGE_PACKAGES: [RegExp, Layer[]][] = [
  [/^vscode-languageserver(-types|-textdocument|\/node)?$/, ['lsp']],
  [/^(node:)?fs(\/promises)?$/, ['project', 'cli']],
  [/^vscode$/, []],
];

function layerOf(file: string): Layer | undefined {
  if (file.startsWith('shared/')) return 'shared';
  const m = /^server\/src\/(core|project|lsp|cli)\//.exec(file);
  return m ? (m[1] as Layer) : undefined;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Module specifiers that are not type-only (a type import costs nothing at run time but still couples layers, so both count). */
function imports(code: string): string[] {
  return [...code.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );
}

export function layerViolations(files: { file: string; code: string }[]): string[] {
  const bad: string[] = [];
  for (const { file, code } of files) {
    const from = layerOf(file);
    if (!from) {
      bad.push(`${file}: outside the layers (server/src/{core,project,lsp,cli}, shared)`);
      continue;
    }
    for (const spec of imports(code)) {
      if (spec.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        const to = layerOf(target + '/') ?? layerOf(target);
        if (to && to !== from && !MAY_IMPORT[from].includes(to)) bad.push(`${file}: ${from} imports ${to} (${spec})`);
        continue;
      }
      for (const [pattern, allowed] of EDGE_PACKAGES) {
        if (pattern.test(spec) && !allowed.includes(from)) bad.push(`${file}: ${from} imports ${spec}`);
      }
    }
  }
  return bad;
}

test('server layers import only what ARCHITECTURE.md allows', () => {
  const files = [...sourceFiles('server/src'), ...sourceFiles('shared')].map((file) => ({
    file,
    code: fs.readFileSync(path.join(ROOT, file), 'utf8'),
  }));
  assert.ok(files.length > 50);
  assert.deepEqual(layerViolations(files), []);
});

test('the layer check sees a violation', () => {
  assert.deepEqual(
    layerViolations([
      { file: 'server/src/core/a.ts', code: "import { x } from '../lsp/b';\nimport * as fs from 'fs';" },
      {
        file: 'server/src/cli/c.ts',
        code: "import { y } from '../core/d';\nimport type { T } from 'vscode-languageserver';",
      },
      { file: 'server/src/other.ts', code: '' },
    ]),
    [
      'server/src/core/a.ts: core imports lsp (../lsp/b)',
      'server/src/core/a.ts: core imports fs',
      'server/src/cli/c.ts: cli imports vscode-languageserver',
      'server/src/other.ts: outside the layers (server/src/{core,project,lsp,cli}, shared)',
    ],
  );
});
