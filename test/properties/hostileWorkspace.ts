/**
 * Hostile workspaces (issue 18): generated folders with FIFOs, device symlinks, symlinks out of the folder,
 * huge and malformed pom.xml / go.mod / package.json / .proto files, import cycles and escapes, deep and
 * wide trees, and documents with pathological lines. An in-process server opened on such a folder answers
 * every request within its budget, never logs a file's contents, and never reads outside the folder.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import fc from 'fast-check';
import { CodeActionRequest, type Range } from 'vscode-languageserver';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';
import { startInProcess } from '../helpers/lspHarness';

export const SECRET = 'ghp_FUZZSECRET_do_not_print_0123456789';

/** A retry config whose method name is misspelled (`Gett`): the lint must reach the folder's .proto index to say so. */
export const TYPO_METHOD_CONFIG = JSON.stringify({
  methodConfig: [
    {
      name: [{ service: 'demo.Feed', method: 'Gett' }],
      retryPolicy: {
        maxAttempts: 3,
        initialBackoff: '0.1s',
        maxBackoff: '1s',
        backoffMultiplier: 2,
        retryableStatusCodes: ['UNAVAILABLE'],
      },
    },
  ],
});
const MB = 1024 * 1024;

/** One hostile thing to put in the folder. */
type Part =
  | 'fifo-proto'
  | 'fifo-gomod'
  | 'zero-proto'
  | 'urandom-pkg'
  | 'escape-link'
  | 'dir-link-root'
  | 'big-proto'
  | 'garbage-proto'
  | 'cycle-protos'
  | 'escape-imports'
  | 'pom-attack'
  | 'gomod-attack'
  | 'package-garbage'
  | 'deep-tree'
  | 'wide-tree'
  | 'secret-proto';

const PARTS: Part[] = [
  'fifo-proto',
  'fifo-gomod',
  'zero-proto',
  'urandom-pkg',
  'escape-link',
  'dir-link-root',
  'big-proto',
  'garbage-proto',
  'cycle-protos',
  'escape-imports',
  'pom-attack',
  'gomod-attack',
  'package-garbage',
  'deep-tree',
  'wide-tree',
  'secret-proto',
];

const GOOD_PROTO =
  'syntax = "proto3";\npackage demo;\nmessage M {}\nservice Feed { rpc Get (M) returns (M); rpc Watch (M) returns (stream M); }\n';

function mkfifo(p: string): void {
  try {
    execFileSync('mkfifo', [p]);
  } catch {
    fs.writeFileSync(p, ''); // no mkfifo: a plain file keeps the case running
  }
}

/** Builds the folder; `outside` holds a secret the server must never read or print. */
export function buildHostileWorkspace(root: string, outside: string, parts: readonly Part[], seed: number): void {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'feed.proto'), GOOD_PROTO);
  fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (const part of parts) {
    switch (part) {
      case 'fifo-proto':
        mkfifo(path.join(root, 'x.proto'));
        break;
      case 'fifo-gomod':
        mkfifo(path.join(root, 'go.mod'));
        break;
      case 'zero-proto':
        fs.symlinkSync('/dev/zero', path.join(root, 'z.proto'));
        break;
      case 'urandom-pkg':
        fs.symlinkSync('/dev/urandom', path.join(root, 'package.json'));
        break;
      case 'escape-link':
        fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'leak.proto'));
        break;
      case 'dir-link-root':
        fs.symlinkSync('/', path.join(root, 'rootfs'));
        break;
      case 'big-proto':
        fs.writeFileSync(path.join(root, 'big.proto'), `${GOOD_PROTO}//${'x'.repeat(2 * MB)}\n`);
        break;
      case 'garbage-proto':
        fs.writeFileSync(
          path.join(root, 'garbage.proto'),
          Buffer.from(Array.from({ length: 4096 + rnd(60000) }, () => rnd(256))),
        );
        break;
      case 'cycle-protos':
        fs.writeFileSync(
          path.join(root, 'a.proto'),
          'syntax = "proto3";\nimport "b.proto";\npackage cyc;\nmessage A {}\nservice CycA { rpc Get (A) returns (A); }\n',
        );
        fs.writeFileSync(
          path.join(root, 'b.proto'),
          'syntax = "proto3";\nimport "a.proto";\npackage cyc;\nmessage B {}\n',
        );
        break;
      case 'escape-imports':
        fs.writeFileSync(
          path.join(root, 'esc.proto'),
          `syntax = "proto3";\nimport "${path.join(outside, 'secret.txt')}";\nimport "../../../../../etc/passwd";\nimport "/dev/zero";\npackage esc;\nmessage E {}\nservice Esc { rpc Get (E) returns (E); }\n`,
        );
        break;
      case 'pom-attack':
        fs.writeFileSync(
          path.join(root, 'pom.xml'),
          `<project><dependency><groupId>io.grpc</groupId><artifactId>grpc-stub</artifactId><version>\${(a|a)*c}</version></dependency>\n<${'a'.repeat(34)}\n<grpc.version>${'\t'.repeat(MB / 2)}</project>`,
        );
        break;
      case 'gomod-attack':
        fs.writeFileSync(path.join(root, 'sub-go.mod'), '\n'.repeat(MB / 2));
        fs.mkdirSync(path.join(root, 'gosub'), { recursive: true });
        fs.writeFileSync(path.join(root, 'gosub', 'go.mod'), ` ${' '.repeat(MB / 2)}google.golang.org/grpc`);
        break;
      case 'package-garbage':
        fs.mkdirSync(path.join(root, 'node'), { recursive: true });
        fs.writeFileSync(path.join(root, 'node', 'package.json'), '['.repeat(200_000));
        break;
      case 'deep-tree': {
        let dir = root;
        for (let i = 0; i < 40; i++) fs.mkdirSync((dir = path.join(dir, `d${i}`)));
        fs.writeFileSync(path.join(dir, 'deep.proto'), GOOD_PROTO.replace('Feed', 'Deep'));
        break;
      }
      case 'wide-tree': {
        const dir = path.join(root, 'wide');
        fs.mkdirSync(dir);
        for (let i = 0; i < 3000; i++) fs.writeFileSync(path.join(dir, `f${i}.txt`), '');
        break;
      }
      case 'secret-proto':
        fs.writeFileSync(path.join(root, 'token.proto'), `${SECRET}\n${SECRET}\n`);
        break;
    }
  }
}

/** Documents with pathological lines (sizes that an editor holds; the scanner's own limits are in longLines.ts). */
const PATHOLOGICAL_LINES = [
  'The response ended prematurely ' + 'Error reading next message.'.repeat(4000),
  'Received Goaway'.repeat(20000),
  'failed to connect to all addresses '.repeat(5000),
  `ZZZZ${'a'.repeat(50_000)}!`,
  '\u0000\ud800'.repeat(20000),
  `${'é'.repeat(30000)}rpc error: code = Unavailable desc = error reading from server: EOF`,
];

export const stats = { workspaces: 0, requests: 0, slowestMs: {} as Record<string, number> };

async function timed<T>(maxMs: number, what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  const elapsed = performance.now() - started;
  stats.requests++;
  stats.slowestMs[what] = Math.max(stats.slowestMs[what] ?? 0, Math.round(elapsed * 10) / 10);
  if (elapsed > maxMs) throw new Error(`${what} took ${elapsed.toFixed(1)} ms (budget ${maxMs} ms)`);
  return result;
}

/**
 * Random hostile folders: a service config, a Go client and a log with a pathological line are opened;
 * code actions and hovers are answered within `maxMs` (the first code action, which indexes the folder,
 * within `indexMs`); nothing outside the folder is used; no file's contents reach the log.
 */
export async function hostileWorkspaceProperty(
  numRuns: number,
  seed?: number,
  maxMs = Infinity,
  indexMs = Infinity,
): Promise<void> {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-hostile-fuzz-')));
  let n = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(PARTS, { minLength: 1 }),
        fc.nat(),
        fc.constantFrom(...PATHOLOGICAL_LINES),
        async (parts, partSeed, line) => {
          const root = path.join(base, `ws${++n}`);
          const outside = path.join(base, `out${n}`);
          fs.mkdirSync(outside, { recursive: true });
          buildHostileWorkspace(root, outside, parts, partSeed);
          stats.workspaces++;
          const h = startInProcess({ knowledge: defaultKnowledge() });
          try {
            await h.initialize({ settings: { debounceMs: 0 }, workspaceFolders: [root] });
            const config = pathToFileURL(path.join(root, 'service_config.json')).href;
            const json = TYPO_METHOD_CONFIG;
            const linted = h.diagnostics(
              config,
              (p) => p.diagnostics.some((d) => d.code === 'sc/unknown-method'),
              20_000,
            );
            await h.open(config, json, 'json');
            const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
            await timed(indexMs, 'first code action (indexes the folder)', () =>
              h.connection.sendRequest(CodeActionRequest.type, {
                textDocument: { uri: config },
                range,
                context: { diagnostics: [] },
              }),
            );
            await linted; // the folder's readable .proto was used despite everything else in it
            const go = pathToFileURL(path.join(root, 'main.go')).href;
            await h.open(
              go,
              'package main\n\nimport "google.golang.org/grpc"\n\nfunc main() {\n\tconn, err := grpc.NewClient("localhost:50051")\n\t_ = conn\n\t_ = err\n}\n',
              'go',
            );
            await timed(maxMs, 'code action on a Go client', () =>
              h.connection.sendRequest(CodeActionRequest.type, {
                textDocument: { uri: go },
                range: { start: { line: 5, character: 0 }, end: { line: 5, character: 10 } },
                context: { diagnostics: [] },
              }),
            );
            const log = pathToFileURL(path.join(root, 'app.log')).href;
            const scanned = h.diagnostics(log, () => true, 20_000);
            await h.open(log, `start\n${line}\nend\n`, 'log');
            await scanned;
            await timed(maxMs, 'hover on a pathological line', () => h.hover(log, 1, 10));
            await timed(maxMs, 'code action on a pathological line', () =>
              h.connection.sendRequest(CodeActionRequest.type, {
                textDocument: { uri: log },
                range: { start: { line: 1, character: 0 }, end: { line: 1, character: 20 } },
                context: { diagnostics: [] },
              }),
            );
            const said = [...h.logs, ...h.shown].map((m) => m.message).join('\n');
            assert.ok(!said.includes(SECRET), "a file's contents reached the log");
            assert.ok(!/Leaked|rootfs/.test(said), 'something outside the folder was read');
          } finally {
            await h.stop();
            fs.rmSync(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns, seed },
    );
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
