import * as fs from 'fs';
import type { ProtoFileResult, ProtoLoadResult, ProtoService } from '../core/proto';
import type { ProtoIndex } from '../core/lint/types';
import { protoIndexFromServices } from '../core/lint/protoNames';
import {
  MAX_PROTO_BYTES,
  readWorkspaceFile,
  readWorkspaceFileSync,
  walkWorkspace,
  WorkspaceReadError,
  type WalkResult,
} from './safeRead';

type Protobuf = typeof import('protobufjs');

/**
 * The services one .proto text defines. Only the file itself is parsed: imports are never followed (a
 * service's name, methods and streaming flags do not need the imported types), so a hostile `import`
 * cannot make the tool read another file. A parse error names the line only, never the text.
 */
export function parseProtoServices(text: string, file: string): ProtoFileResult {
  let root: import('protobufjs').Root;
  let pb: Protobuf;
  try {
    // protobufjs builds its tables when loaded: only once a .proto file is read.
    pb = require('protobufjs') as Protobuf;
    root = pb.parse(text, { keepCase: true, alternateCommentMode: false }).root;
  } catch (error) {
    const line = /\bline (\d+)\b/.exec(error instanceof Error ? error.message : '')?.[1];
    return {
      services: [],
      problem: {
        file,
        message: `cannot read services from this .proto: not valid protobuf${line ? ` (line ${line})` : ''}`,
      },
    };
  }
  const services: ProtoService[] = [];
  const visit = (ns: import('protobufjs').NamespaceBase, depth: number): void => {
    if (depth > 64) return;
    for (const child of ns.nestedArray) {
      if (child instanceof pb.Service) {
        services.push({
          name: child.fullName.replace(/^\./, ''),
          methods: child.methodsArray.map((m) => ({
            name: m.name,
            requestStream: m.requestStream === true,
            responseStream: m.responseStream === true,
          })),
          file,
        });
      } else if (child instanceof pb.Namespace) {
        visit(child, depth + 1);
      }
    }
  };
  visit(root, 0);
  return { services };
}

function readProblem(file: string, err: unknown): ProtoFileResult {
  const reason = err instanceof WorkspaceReadError ? err.reason : 'cannot be read';
  return { services: [], problem: { file, message: `cannot read services from this .proto: ${reason}` } };
}

/** Reads and parses one .proto file (CLI: sync, confined to `roots` when given); never throws. */
export function loadProtoFile(file: string, roots?: readonly string[]): ProtoFileResult {
  let text: string;
  try {
    text = readWorkspaceFileSync(file, { roots, maxBytes: MAX_PROTO_BYTES });
  } catch (err) {
    return readProblem(file, err);
  }
  return parseProtoServices(text, file);
}

/** The async form for the language server (reads confined to the workspace folder, with a timeout). */
export async function loadProtoFileAsync(file: string, roots: readonly string[]): Promise<ProtoFileResult> {
  let text: string;
  try {
    text = await readWorkspaceFile(file, { roots, maxBytes: MAX_PROTO_BYTES });
  } catch (err) {
    return readProblem(file, err);
  }
  return parseProtoServices(text, file);
}

/** Joins per-file results: a service defined twice counts once (the first file wins), sorted by name. */
export function combineProtoFiles(results: readonly ProtoFileResult[]): ProtoLoadResult {
  const services: ProtoService[] = [];
  const problems: { file: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    if (r.problem) problems.push(r.problem);
    for (const service of r.services) {
      if (seen.has(service.name)) continue;
      seen.add(service.name);
      services.push(service);
    }
  }
  services.sort((a, b) => a.name.localeCompare(b.name));
  return { services, problems };
}

/** Reads the services of the given .proto files; a file that fails is reported, not fatal. */
export function loadProtoServices(files: readonly string[], roots?: readonly string[]): ProtoLoadResult {
  return combineProtoFiles(files.map((file) => loadProtoFile(file, roots)));
}

/**
 * Parsed .proto files keyed by path, re-parsed only when their size or mtime changed (or when the file
 * watcher said so): parsing hundreds of unchanged files on each re-index would block the server.
 */
export class ProtoFileCache {
  private readonly files = new Map<string, { mtimeMs: number; size: number; result: ProtoFileResult }>();

  constructor(
    private readonly loadFile: (file: string) => Promise<ProtoFileResult> | ProtoFileResult = (file) =>
      loadProtoFile(file),
  ) {}

  async load(files: readonly string[]): Promise<ProtoLoadResult> {
    const wanted = new Set(files);
    for (const known of this.files.keys()) if (!wanted.has(known)) this.files.delete(known);
    const results: ProtoFileResult[] = [];
    for (const file of files) {
      let stat: fs.Stats;
      try {
        stat = await fs.promises.lstat(file);
      } catch {
        this.files.delete(file);
        results.push(await this.loadFile(file)); // gone meanwhile: the loader reports it
        continue;
      }
      const hit = this.files.get(file);
      if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) {
        results.push(hit.result);
        continue;
      }
      const result = await this.loadFile(file);
      this.files.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, result });
      results.push(result);
    }
    return combineProtoFiles(results);
  }

  /** Forgets one file (the watcher saw it change). */
  forget(file: string): void {
    this.files.delete(file);
  }
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', 'build', 'target', 'vendor', '.tools', 'bin', 'obj']);
/** Limits of a project's .proto index: files kept, entries (files and directories) looked at, depth, time. */
export const PROTO_INDEX_LIMITS = { maxFiles: 500, maxEntries: 20_000, maxDepth: 12, timeoutMs: 3000 };

/** .proto files under `root` (regular files only, no symlinks followed), within PROTO_INDEX_LIMITS. */
export function findProtoFiles(root: string, limits = PROTO_INDEX_LIMITS): Promise<WalkResult> {
  return walkWorkspace(root, { ...limits, skipDirs: SKIP_DIRS, match: (name) => name.endsWith('.proto') });
}

/**
 * The lint's proto index (CLI): loads each file on its own (a broken file costs only its own services).
 * Imports are not read. Never throws: unreadable or invalid files land in `problems`.
 */
export function buildProtoIndex(files: readonly string[], roots?: readonly string[]): ProtoIndex {
  return protoIndexFromServices(loadProtoServices(files, roots));
}
