/**
 * Issue 18: an untrusted repository must not hang, kill or leak through the server. Each defect's
 * reproduction (1, 2, 7, 9) runs here against the project layer and against an in-process server.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeActionRequest, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { DEPENDENCY_PARSERS, readDependencyVersions } from '../../server/src/project/dependencyVersions';
import { loadProtoFile, parseProtoServices } from '../../server/src/project/protoServices';
import {
  readWorkspaceFile,
  readWorkspaceFileSync,
  walkWorkspace,
  WorkspaceReadError,
} from '../../server/src/project/safeRead';
import { ProjectFactsCache } from '../../server/src/project/workspace';
import { defaultKnowledge } from '../../server/src/project/knowledgeFiles';
import { startInProcess } from '../helpers/lspHarness';
import { TYPO_METHOD_CONFIG } from '../properties/hostileWorkspace';

const HANG = { timeout: 30_000 };
const SECRET = 'ghp_SECRETTOKEN0123456789abcdef';
const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-hostile-')));
const outside = path.join(base, 'outside');
const ws = path.join(base, 'ws');
fs.mkdirSync(outside);
fs.mkdirSync(path.join(ws, 'sub'), { recursive: true });
fs.writeFileSync(path.join(outside, 'secret.proto'), `syntax = "proto3"; service Leaked { rpc Get (M) returns (M); }`);
fs.writeFileSync(path.join(outside, 'token'), SECRET);
const POM_ATTACK =
  '<project><dependency><groupId>io.grpc</groupId><artifactId>grpc-stub</artifactId><version>${(a|a)*c}</version></dependency>\n<' +
  'a'.repeat(34) +
  '\n</project>';

function mkfifo(p: string): boolean {
  try {
    execFileSync('mkfifo', [p]);
    return true;
  } catch {
    return false;
  }
}

test('defect 1: a crafted pom.xml property never becomes a regex (the attack finishes, nothing declared)', HANG, () => {
  assert.deepEqual(DEPENDENCY_PARSERS['pom.xml'](POM_ATTACK), {});
  // a property is still followed, by plain string search
  const pom =
    '<properties><grpc.version>1.58.0</grpc.version></properties><dependency><groupId>io.grpc</groupId><artifactId>grpc-stub</artifactId><version>${grpc.version}</version></dependency>';
  assert.deepEqual(DEPENDENCY_PARSERS['pom.xml'](pom), { 'grpc-java': '1.58.0' });
});

test(
  'defect 2: FIFOs, device symlinks and oversized files are refused by the safe reader, by name and reason',
  HANG,
  async () => {
    const dir = path.join(ws, 'special');
    fs.mkdirSync(dir, { recursive: true });
    const fifo = path.join(dir, 'x.proto');
    const haveFifo = mkfifo(fifo);
    fs.symlinkSync('/dev/zero', path.join(dir, 'z.proto'));
    fs.writeFileSync(path.join(dir, 'big.proto'), Buffer.alloc(2 * 1024 * 1024, 0x20));
    const roots = [ws];
    if (haveFifo) {
      await assert.rejects(
        readWorkspaceFile(fifo, { roots, maxBytes: 1024 }),
        (e: WorkspaceReadError) => e.reason === 'not a regular file',
      );
      assert.throws(
        () => readWorkspaceFileSync(fifo, { roots, maxBytes: 1024 }),
        (e: WorkspaceReadError) => e.reason === 'not a regular file',
      );
    }
    await assert.rejects(
      readWorkspaceFile(path.join(dir, 'z.proto'), { roots, maxBytes: 1024 }),
      (e: WorkspaceReadError) => e.reason === 'outside the workspace folder',
    );
    assert.throws(
      () => readWorkspaceFileSync('/dev/zero', { maxBytes: 1024 }),
      (e: WorkspaceReadError) => e.reason === 'not a regular file',
    );
    await assert.rejects(
      readWorkspaceFile(path.join(dir, 'big.proto'), { roots, maxBytes: 1024 * 1024 }),
      (e: WorkspaceReadError) => /^larger than/.test(e.reason),
    );
    // the walk never lists them: only regular files, no symlinks
    const walked = await walkWorkspace(dir, {
      match: (n) => n.endsWith('.proto'),
      skipDirs: new Set(),
      maxFiles: 10,
      maxEntries: 100,
      maxDepth: 4,
      timeoutMs: 5000,
    });
    assert.deepEqual(walked.files, [path.join(dir, 'big.proto')]);
    fs.rmSync(dir, { recursive: true });
  },
);

test('defect 7: imports are never read, and a parse error never echoes the file', () => {
  const r = parseProtoServices(
    `syntax = "proto3";\nimport "${path.join(outside, 'token')}";\nimport "../../../../etc/passwd";\nmessage M {}\nservice S { rpc Get (M) returns (M); }\n`,
    'a.proto',
  );
  assert.deepEqual(
    r.services.map((s) => s.name),
    ['S'],
  );
  assert.equal(r.problem, undefined);
  const bad = parseProtoServices(`${SECRET} ${SECRET}\n`, 'token.proto');
  assert.ok(bad.problem);
  assert.ok(!bad.problem.message.includes(SECRET), bad.problem.message);
  assert.match(bad.problem.message, /^cannot read services from this \.proto: not valid protobuf \(line 1\)$/);
  const viaLink = path.join(ws, 'sub', 'link.proto');
  fs.symlinkSync(path.join(outside, 'secret.proto'), viaLink);
  assert.match(loadProtoFile(viaLink, [ws]).problem?.message ?? '', /outside the workspace folder/);
  fs.rmSync(viaLink);
});

test('defect 9: the project root is never looked for above the workspace folder', HANG, async () => {
  // a `.git` above the folder (like ~/.git) and a .proto next to it must not be used
  fs.mkdirSync(path.join(base, '.git'), { recursive: true });
  fs.writeFileSync(
    path.join(base, 'above.proto'),
    'syntax = "proto3"; message M {} service Above { rpc Get (M) returns (M); }',
  );
  fs.writeFileSync(
    path.join(ws, 'sub', 'inside.proto'),
    'syntax = "proto3"; message M {} service Inside { rpc Get (M) returns (M); }',
  );
  const cache = new ProjectFactsCache();
  cache.setWorkspaceFolders([pathToFileURL(ws).href]);
  const facts = await cache.forUri(pathToFileURL(path.join(ws, 'sub', 'client.go')).href);
  assert.deepEqual(
    facts.protoServices.map((s) => s.name),
    ['Inside'],
  );
  // outside every folder: nothing is read at all
  const none = await cache.forUri(pathToFileURL(path.join(outside, 'client.go')).href);
  assert.deepEqual(none.protoServices, []);
});

test(
  'dependency files go through the safe reader: a FIFO go.mod and a /dev/zero package.json declare nothing and do not block',
  HANG,
  async () => {
    const dir = path.join(base, 'deps');
    fs.mkdirSync(dir);
    mkfifo(path.join(dir, 'go.mod'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'package.json'));
    fs.writeFileSync(path.join(dir, 'Cargo.toml'), '[dependencies]\ntonic = "0.12.3"\n');
    assert.deepEqual(await readDependencyVersions(dir, [dir]), { tonic: '0.12.3' });
  },
);

test(
  'server: a hostile folder (FIFO and /dev/zero .proto, crafted pom.xml, import escapes) still answers, and the watcher refreshes the index',
  HANG,
  async () => {
    const dir = path.join(base, 'served');
    fs.mkdirSync(dir);
    mkfifo(path.join(dir, 'x.proto'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'z.proto'));
    fs.writeFileSync(path.join(dir, 'pom.xml'), POM_ATTACK);
    fs.writeFileSync(
      path.join(dir, 'escape.proto'),
      `syntax = "proto3";\nimport "${path.join(outside, 'token')}";\npackage demo;\nmessage M {}\nservice Feed { rpc Get (M) returns (M); }\n`,
    );
    const h = startInProcess({ knowledge: defaultKnowledge() });
    try {
      await h.initialize({ settings: { debounceMs: 0 }, workspaceFolders: [dir] });
      const uri = pathToFileURL(path.join(dir, 'service_config.json')).href;
      const json = TYPO_METHOD_CONFIG;
      const published = h.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'sc/unknown-method'), 20_000);
      await h.open(uri, json, 'json');
      await published;
      const actions = await h.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        context: { diagnostics: [] },
      });
      assert.ok(Array.isArray(actions));
      assert.ok(!h.logs.some((l) => l.message.includes(SECRET)), 'no file contents in the log');
      // the index is kept until a watched file changes, then read again
      fs.writeFileSync(
        path.join(dir, 'escape.proto'),
        'syntax = "proto3";\npackage demo;\nmessage M {}\nservice Feed { rpc Gett (M) returns (M); }\n',
      );
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(path.join(dir, 'escape.proto'), later, later);
      const cleared = h.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'sc/unknown-method'), 20_000);
      await h.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: pathToFileURL(path.join(dir, 'escape.proto')).href, type: FileChangeType.Changed }],
      });
      await h.change(uri, [{ text: json + ' ' }]);
      await cleared;
    } finally {
      await h.stop();
    }
  },
);
