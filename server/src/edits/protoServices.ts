import * as fs from 'fs';
import * as path from 'path';
import type { MethodDefinition, PackageDefinition } from '@grpc/proto-loader';

/** One RPC method of a service defined in the workspace's .proto files. */
export interface ProtoMethod {
  name: string;
  requestStream: boolean;
  responseStream: boolean;
}

/** A service as the service config names it: `package.Service`. */
export interface ProtoService {
  /** fully qualified name, e.g. `demo.feed.v1.Feed` */
  name: string;
  methods: ProtoMethod[];
  /** the .proto file it was read from */
  file: string;
}

export interface ProtoLoadResult { services: ProtoService[]; problems: { file: string; message: string }[] }

/** Reads the services of the given .proto files with @grpc/proto-loader; a file that fails is reported, not fatal. */
export function loadProtoServices(files: readonly string[], includeDirs: readonly string[] = []): ProtoLoadResult {
  const services: ProtoService[] = [];
  const problems: { file: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    let definition: PackageDefinition;
    try {
      // protobufjs builds its descriptor tables when loaded: only once a .proto file is read.
      const { loadSync } = require('@grpc/proto-loader') as typeof import('@grpc/proto-loader');
      definition = loadSync(file, { includeDirs: [path.dirname(file), ...includeDirs], keepCase: true });
    } catch (error) {
      const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0].trim() || 'could not be parsed';
      problems.push({ file, message: `cannot read services from this .proto: ${firstLine}` });
      continue;
    }
    for (const [name, value] of Object.entries(definition)) {
      if ('format' in value || seen.has(name)) continue; // message/enum types carry `format`
      // imported files' services are reported with the file that defines them
      const methods = Object.entries(value as Record<string, MethodDefinition<object, object>>).map(([methodName, m]) => ({
        name: methodName,
        requestStream: m.requestStream,
        responseStream: m.responseStream,
      }));
      if (!definesService(file, name)) continue;
      seen.add(name);
      services.push({ name, methods, file });
    }
  }
  services.sort((a, b) => a.name.localeCompare(b.name));
  return { services, problems };
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

/** Server-streaming methods (response stream) by method name, for finding stream call sites. */
export function streamingMethodNames(services: readonly ProtoService[]): Set<string> {
  const names = new Set<string>();
  for (const s of services) for (const m of s.methods) if (m.responseStream) names.add(m.name);
  return names;
}
