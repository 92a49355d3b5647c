import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { dependencyParserFor } from '../../server/src/project/dependencyVersions';
import type { DependencyVersions } from '../../server/src/core/versions';
import { loadProtoServices } from '../../server/src/project/protoServices';
import type { ProtoService } from '../../server/src/core/proto';
import type { CodeActionContextData, CodeActionDocument } from '../../server/src/lsp/features/codeActions';
import { makeEntry } from './entries';
import { fixture } from './knowledge';

/** Fixture sources per language directory under test/fixtures/quickfix, with their LSP language ids. */
export const QUICKFIX_FIXTURES: { dir: string; languageId: string; files: string[] }[] = [
  { dir: 'python', languageId: 'python', files: ['feed_sync.py', 'feed_async.py'] },
  { dir: 'go', languageId: 'go', files: ['main.go'] },
  { dir: 'typescript', languageId: 'typescript', files: ['feed.ts'] },
  { dir: 'javascript', languageId: 'javascript', files: ['feed.js'] },
  { dir: 'java', languageId: 'java', files: ['FeedApp.java'] },
  { dir: 'csharp', languageId: 'csharp', files: ['Program.cs'] },
  { dir: 'cpp', languageId: 'cpp', files: ['feed_client.cc'] },
];

export function fixtureProtoServices(): ProtoService[] {
  const dir = fixture('quickfix', 'protos');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.proto'))
    .map((f) => path.join(dir, f));
  return loadProtoServices(files).services.map((s) => ({ ...s, file: path.basename(s.file) }));
}

/** Dependency files in the fixture directory; `go.mod.txt` stands for go.mod (a real one would nest a module). */
export function fixtureDependencies(dir: string): DependencyVersions {
  const out: DependencyVersions = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const parse = dependencyParserFor(name) ?? dependencyParserFor(name.replace(/\.txt$/, ''));
    if (parse) Object.assign(out, parse(fs.readFileSync(path.join(dir, name), 'utf8')));
  }
  return out;
}

/** A server-shutdown finding whose status is CANCELLED (grpc-js forceShutdown), for diagnostic-driven actions. */
export const CANCELLED_ENTRY = makeEntry('test--cancelled-on-shutdown', [{ literal: 'Call cancelled' }], {
  title: 'Call cancelled by a server shutdown',
  title_zh: '服务器关闭导致调用被取消',
  signature: '1 CANCELLED: Call cancelled',
  family: 'server-hard-stop',
  status: { name: 'CANCELLED', code: 1 },
});

export function contextFor(dir: string): CodeActionContextData {
  return {
    protoServices: fixtureProtoServices(),
    dependencyVersions: fixtureDependencies(fixture('quickfix', dir)),
    knowledge: { byId: new Map([[CANCELLED_ENTRY.id, CANCELLED_ENTRY]]) },
    clientCommands: true,
  };
}

export function fixtureDocument(dir: string, file: string, languageId: string, version = 3): CodeActionDocument {
  return {
    uri: `file:///workspace/${dir}/${file}`,
    version,
    text: fs.readFileSync(fixture('quickfix', dir, file), 'utf8'),
    languageId,
  };
}

export function wholeDocument(text: string): {
  start: { line: number; character: number };
  end: { line: number; character: number };
} {
  const lines = text.split('\n');
  return {
    start: { line: 0, character: 0 },
    end: { line: lines.length - 1, character: lines[lines.length - 1].length },
  };
}

export function cancelledDiagnostic(line: number): Diagnostic {
  return {
    range: { start: { line, character: 0 }, end: { line, character: 10 } },
    message: CANCELLED_ENTRY.title,
    code: CANCELLED_ENTRY.id,
    source: 'grpc-doctor',
    data: { id: CANCELLED_ENTRY.id, matched: '1 CANCELLED: Call cancelled' },
  };
}

/** `feed.ts` + `retry-demo.feed.v1.Feed` → `feed.retry-demo.feed.v1.Feed.expected.ts`. */
export function expectedName(file: string, slug: string): string {
  const dot = file.lastIndexOf('.');
  return `${file.slice(0, dot)}.${slug}.expected${file.slice(dot)}`;
}

export function slugOf(data: unknown): string {
  const d = data as { fix: string; target?: string };
  return d.target ? `${d.fix}-${d.target === '*' ? 'all' : d.target}` : d.fix;
}
