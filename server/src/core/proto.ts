/** The services a workspace's .proto files define, as the lint and the quick fixes see them (project/protoServices.ts reads them). */

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

export interface ProtoLoadResult {
  services: ProtoService[];
  problems: { file: string; message: string }[];
}

/** What one .proto file defines itself (imports are read for their types, their services belong to them). */
export interface ProtoFileResult {
  services: ProtoService[];
  problem?: { file: string; message: string };
}

/** Server-streaming methods (response stream) by method name, for finding stream call sites. */
export function streamingMethodNames(services: readonly ProtoService[]): Set<string> {
  const names = new Set<string>();
  for (const s of services) for (const m of s.methods) if (m.responseStream) names.add(m.name);
  return names;
}
