/** Service and method names (and streaming kinds) from .proto files, via @grpc/proto-loader. */
import * as path from 'path';
import { loadSync } from '@grpc/proto-loader';
import type { ProtoIndex, ProtoMethodInfo } from './types';

interface MethodDefinitionLike { path: string; requestStream: boolean; responseStream: boolean }

function isService(value: unknown): value is Record<string, MethodDefinitionLike> {
  if (!value || typeof value !== 'object' || 'format' in value || 'type' in value) return false;
  const methods = Object.values(value as Record<string, unknown>);
  return methods.length > 0 && methods.every((m) => !!m && typeof m === 'object' && typeof (m as MethodDefinitionLike).path === 'string');
}

/** First line of a loader error, with the file name it is about. */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0].trim() || 'could not be parsed';
}

/**
 * Loads each file on its own (a broken file costs only its own services). Imports are looked up next
 * to the file and in `includeDirs`. Never throws: unreadable or invalid files land in `problems`.
 */
export function buildProtoIndex(files: readonly string[], includeDirs: readonly string[] = []): ProtoIndex {
  const index: ProtoIndex = { services: new Map(), problems: [] };
  for (const file of files) {
    let definition: Record<string, unknown>;
    try {
      definition = loadSync(file, { keepCase: true, includeDirs: [path.dirname(file), ...includeDirs] }) as Record<string, unknown>;
    } catch (err) {
      index.problems.push({ file, message: `cannot read services from this .proto: ${describe(err)}` });
      continue;
    }
    for (const [name, value] of Object.entries(definition)) {
      if (!isService(value)) continue;
      const methods = index.services.get(name) ?? new Map<string, ProtoMethodInfo>();
      for (const [method, def] of Object.entries(value)) {
        methods.set(method, { clientStreaming: !!def.requestStream, serverStreaming: !!def.responseStream, file });
      }
      index.services.set(name, methods);
    }
  }
  return index;
}
