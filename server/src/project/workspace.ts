import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { readDependencyVersions } from './dependencyVersions';
import type { DependencyVersions } from '../core/versions';
import { findProtoFiles, loadProtoFileAsync, ProtoFileCache } from './protoServices';
import type { ProtoService } from '../core/proto';
import { insideRoots } from './safeRead';

/** What the code actions need to know about the project a document belongs to. */
export interface ProjectFacts {
  protoServices: ProtoService[];
  /** .proto files that could not be read (the lint reports names as unknown only when none failed) */
  protoProblems: { file: string; message: string }[];
  dependencyVersions: DependencyVersions;
}

const NO_FACTS: ProjectFacts = Object.freeze({ protoServices: [], protoProblems: [], dependencyVersions: {} });

export const PROJECT_MARKERS = [
  '.git',
  'package.json',
  'go.mod',
  'requirements.txt',
  'pyproject.toml',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'Cargo.toml',
];
/** Glob of the files whose change invalidates a project's facts (registered as a file watcher). */
export const PROJECT_WATCH_GLOB = `**/{*.proto,*.csproj,${PROJECT_MARKERS.filter((m) => m !== '.git').join(',')}}`;

/**
 * The nearest directory from `file`'s up to `folder` (inclusive) holding a dependency file or `.git`,
 * else `folder`: the walk never goes above the workspace folder.
 */
export async function projectRoot(file: string, folder: string): Promise<string> {
  for (let dir = path.dirname(file); insideRoots(dir, [folder]); dir = path.dirname(dir)) {
    try {
      const names = await fs.promises.readdir(dir);
      if (names.some((n) => PROJECT_MARKERS.includes(n) || n.endsWith('.csproj'))) return dir;
    } catch {
      // unreadable directory: keep walking up
    }
    if (dir === folder || path.dirname(dir) === dir) break;
  }
  return folder;
}

/**
 * Proto services and declared gRPC versions per project root, read asynchronously and confined to the
 * workspace folder that holds the document (no symlinks out, no walking above it, bounded walk, size-capped
 * reads). Facts are kept until a watched file changes (`invalidate`); clients without file watching get a
 * slow re-read after `ttlMs` instead.
 */
export class ProjectFactsCache {
  private readonly cache = new Map<string, { at: number; facts: Promise<ProjectFacts> }>();
  private readonly reported = new Set<string>();
  private readonly protoFiles: ProtoFileCache;
  /** real paths of the workspace folders, by the folder path the client gave */
  private folders: { path: string; real: string }[] = [];
  ttlMs: number;

  /** `onProblem` hears each unreadable .proto once (per file and message), not on every re-read. */
  constructor(
    ttlMs = 30_000,
    private readonly now = () => Date.now(),
    private readonly onProblem: (problem: { file: string; message: string }) => void = () => {},
  ) {
    this.ttlMs = ttlMs;
    this.protoFiles = new ProtoFileCache((file) =>
      loadProtoFileAsync(
        file,
        this.folders.map((f) => f.real),
      ),
    );
  }

  /** The workspace folders (file: URIs); only files inside them are ever read. */
  setWorkspaceFolders(uris: readonly string[]): void {
    this.folders = [];
    for (const uri of uris) {
      if (!uri.startsWith('file:')) continue;
      const p = path.resolve(fileURLToPath(uri));
      let real = p;
      try {
        real = fs.realpathSync(p);
      } catch {
        // a folder that does not exist (yet): its own path
      }
      this.folders.push({ path: p, real });
    }
    this.clear();
  }

  /** The facts of the project holding `uri`; none for documents outside every workspace folder. */
  forUri(uri: string): Promise<ProjectFacts> {
    if (!uri.startsWith('file:')) return Promise.resolve(NO_FACTS);
    let file: string;
    try {
      file = path.resolve(fileURLToPath(uri));
    } catch {
      return Promise.resolve(NO_FACTS);
    }
    // the innermost folder that holds the file (by the path the client uses, then by real path)
    const folder = this.folders
      .filter((f) => insideRoots(file, [f.path]) || insideRoots(file, [f.real]))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (!folder) return Promise.resolve(NO_FACTS);
    const base = insideRoots(file, [folder.path]) ? folder.path : folder.real;
    return projectRoot(file, base).then((root) => this.factsFor(root));
  }

  private factsFor(root: string): Promise<ProjectFacts> {
    const hit = this.cache.get(root);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.facts;
    const facts = this.read(root).catch(() => NO_FACTS);
    this.cache.set(root, { at: this.now(), facts });
    return facts;
  }

  private async read(root: string): Promise<ProjectFacts> {
    const roots = this.folders.map((f) => f.real);
    const found = await findProtoFiles(root);
    const protos = await this.protoFiles.load(found.files);
    for (const problem of protos.problems) {
      const key = `${problem.file}\u0000${problem.message}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.onProblem(problem);
    }
    return {
      protoServices: protos.services,
      protoProblems: protos.problems,
      dependencyVersions: await readDependencyVersions(root, roots),
    };
  }

  /** A watched file changed (created, changed, deleted): projects holding it are read again on next use. */
  invalidate(uris: readonly string[]): void {
    for (const uri of uris) {
      let file: string;
      try {
        file = path.resolve(fileURLToPath(uri));
      } catch {
        continue;
      }
      this.protoFiles.forget(file);
      for (const root of [...this.cache.keys()]) if (insideRoots(file, [root])) this.cache.delete(root);
    }
  }

  clear(): void {
    this.cache.clear();
  }
}
