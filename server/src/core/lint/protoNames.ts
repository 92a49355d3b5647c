/** Service and method names (and streaming kinds) for the lint, from the same proto reader as the quick fixes. */
import type { ProtoLoadResult } from '../proto';
import type { ProtoIndex, ProtoMethodInfo } from './types';

/** The lint's view of already-loaded services (the server shares one load with the quick fixes). */
export function protoIndexFromServices(loaded: ProtoLoadResult): ProtoIndex {
  const index: ProtoIndex = { services: new Map(), problems: loaded.problems };
  for (const service of loaded.services) {
    const methods = index.services.get(service.name) ?? new Map<string, ProtoMethodInfo>();
    for (const m of service.methods)
      methods.set(m.name, { clientStreaming: m.requestStream, serverStreaming: m.responseStream, file: service.file });
    index.services.set(service.name, methods);
  }
  return index;
}
