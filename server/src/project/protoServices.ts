import * as fs from 'fs';
import * as path from 'path';
import type { MethodDefinition, PackageDefinition } from '@grpc/proto-loader';
import type { ProtoFileResult, ProtoLoadResult, ProtoService } from '../core/proto';
import type { ProtoIndex } from '../core/lint/types';
import { protoIndexFromServices } from '../core/lint/protoNames';

/** Reads one .proto file with @grpc/proto-loader; a file that fails becomes a problem, never an exception. */
export function loadProtoFile(file: string, includeDirs: readonly string[] = []): ProtoFileResult {
  let definition: PackageDefinition;
  try {
    // protobufjs builds its descriptor tables when loaded: only once a .proto file is read.
    const { loadSync } = require('@grpc/proto-loader') as typeof import('@grpc/proto-loader');
    definition = loadSync(file, { includeDirs: [path.dirname(file), ...includeDirs], keepCase: true });
  } catch (error) {
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0].trim() || 'could not be parsed';
    return { services: [], problem: { file, message: `cannot read services from this .proto: ${firstLine}` } };
  }
  const services: ProtoService[] = [];
  for (const [name, value] of Object.entries(definition)) {
    if ('format' in value) continue; // message/enum types carry `format`
    // imported files' services are reported with the file that defines them
    if (!definesService(file, name)) continue;
    const methods = Object.entries(value as Record<string, MethodDefinition<object, object>>).map(([methodName, m]) => ({
      name: methodName,
      requestStream: m.requestStream,
      responseStream: m.responseStream,
    }));
    services.push({ name, methods, file });
  }
  return { services };
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
export function loadProtoServices(files: readonly string[], includeDirs: readonly string[] = []): ProtoLoadResult {
  return combineProtoFiles(files.map((file) => loadProtoFile(file, includeDirs)));
}

/**
 * Parsed .proto files keyed by path, re-parsed only when their size or mtime changed: the server re-reads
 * a project's protos periodically, and parsing hundreds of unchanged files each time would block it.
 */
export class ProtoFileCache {
  private readonly files = new Map<string, { mtimeMs: number; size: number; result: ProtoFileResult }>();

  constructor(private readonly loadFile: (file: string) => ProtoFileResult = (file) => loadProtoFile(file)) {}

  load(files: readonly string[]): ProtoLoadResult {
    const wanted = new Set(files);
    for (const known of this.files.keys()) if (!wanted.has(known)) this.files.delete(known);
    return combineProtoFiles(files.map((file) => {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        this.files.delete(file);
        return this.loadFile(file); // gone meanwhile: the loader reports it
      }
      const hit = this.files.get(file);
      if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.result;
      const result = this.loadFile(file);
      this.files.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, result });
      return result;
    }));
  }
}

/** True when the service's short name is declared in this file (imports are loaded too). */
function definesService(file: string, fullName: string): boolean {
  const short = fullName.slice(fullName.lastIndexOf('.') + 1);
  try {
    return new RegExp(`\\bservice\\s+${short}\\s*\\{`).test(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** .proto files under `root`, skipping dependency and build folders; bounded so a huge tree cannot stall the server. */
export function findProtoFiles(root: string, limit = 500): string[] {
  const skip = new Set(['node_modules', '.git', 'out', 'dist', 'build', 'target', 'vendor', '.tools', 'bin', 'obj']);
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (found.length >= limit || depth > 12) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!skip.has(entry.name) && !entry.name.startsWith('.')) walk(path.join(dir, entry.name), depth + 1);
      } else if (entry.name.endsWith('.proto') && found.length < limit) {
        found.push(path.join(dir, entry.name));
      }
    }
  };
  walk(root, 0);
  return found.sort();
}


/**
 * The lint's proto index: loads each file on its own (a broken file costs only its own services). Imports are
 * looked up next to the file and in `includeDirs`. Never throws: unreadable or invalid files land in `problems`.
 */
export function buildProtoIndex(files: readonly string[], includeDirs: readonly string[] = []): ProtoIndex {
  return protoIndexFromServices(loadProtoServices(files, includeDirs));
}
