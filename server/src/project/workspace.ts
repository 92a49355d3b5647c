import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { readDependencyVersions } from './dependencyVersions';
import type { DependencyVersions } from '../core/versions';
import { findProtoFiles, ProtoFileCache } from './protoServices';
import type { ProtoService } from '../core/proto';

/** What the code actions need to know about the project a document belongs to. */
export interface ProjectFacts {
  protoServices: ProtoService[];
  /** .proto files that could not be read (the lint reports names as unknown only when none failed) */
  protoProblems: { file: string; message: string }[];
  dependencyVersions: DependencyVersions;
}

const MARKERS = ['.git', 'package.json', 'go.mod', 'requirements.txt', 'pyproject.toml', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'Cargo.toml'];

/** The nearest ancestor directory of `file` holding a dependency file or `.git` (else the file's own directory). */
export function projectRoot(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    try {
      const names = fs.readdirSync(dir);
      if (names.some((n) => MARKERS.includes(n) || n.endsWith('.csproj'))) return dir;
    } catch {
      // unreadable directory: keep walking up
    }
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

/**
 * Proto services and declared gRPC versions per project root, re-read after `ttlMs` so edited .proto and
 * dependency files are picked up without a file watcher.
 */
export class ProjectFactsCache {
  private readonly cache = new Map<string, { at: number; facts: ProjectFacts }>();
  private readonly reported = new Set<string>();
  private readonly protoFiles = new ProtoFileCache();

  /** `onProblem` hears each unreadable .proto once (per file and message), not on every re-read. */
  constructor(
    private readonly ttlMs = 30_000,
    private readonly now = () => Date.now(),
    private readonly onProblem: (problem: { file: string; message: string }) => void = () => {},
  ) {}

  forUri(uri: string): ProjectFacts {
    if (!uri.startsWith('file:')) return { protoServices: [], protoProblems: [], dependencyVersions: {} };
    const root = projectRoot(fileURLToPath(uri));
    const hit = this.cache.get(root);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.facts;
    const protos = this.protoFiles.load(findProtoFiles(root));
    for (const problem of protos.problems) {
      const key = `${problem.file}\u0000${problem.message}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.onProblem(problem);
    }
    const facts = { protoServices: protos.services, protoProblems: protos.problems, dependencyVersions: readDependencyVersions(root) };
    this.cache.set(root, { at: this.now(), facts });
    return facts;
  }

  clear(): void {
    this.cache.clear();
  }
}
