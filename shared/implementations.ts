/**
 * The gRPC implementations grpc-doctor knows: one row each, one id each (the id knowledge entries use).
 * Display names, the C-core a wrapper library runs on, and whose status wrapper a library prints all come
 * from here; nothing else keeps a table of implementation names.
 */

export type ImplementationId =
  | 'grpc-go'
  | 'grpc-java'
  | 'grpc-core'
  | 'grpc-python'
  | 'grpc-js'
  | 'grpc-node-legacy'
  | 'grpc-dotnet'
  | 'grpc-csharp-legacy'
  | 'tonic'
  | 'any';

export interface ImplementationInfo {
  /** the name shown in hovers, entry views and `explain` */
  name: { en: string; zh: string };
  /** the short name used inside sentences (lint verdicts, version notes) */
  short: string;
  /** the library whose behaviour decides for this one (grpcio and the Ruby / PHP / C++ packages run on C-core) */
  runsOn?: ImplementationId;
  /** the status wrapper it prints is the one of this implementation (the legacy `grpc` package prints grpc-js's form) */
  printsWrapperOf?: ImplementationId;
}

export const IMPLEMENTATIONS: Readonly<Record<ImplementationId, ImplementationInfo>> = {
  'grpc-go': { name: { en: 'grpc-go', zh: 'grpc-go' }, short: 'grpc-go' },
  'grpc-java': { name: { en: 'grpc-java', zh: 'grpc-java' }, short: 'grpc-java' },
  'grpc-core': {
    name: { en: 'gRPC C-core (Python, C++, Ruby, PHP)', zh: 'gRPC C-core (Python、C++、Ruby、PHP)' },
    short: 'grpcio/C-core',
  },
  'grpc-python': { name: { en: 'grpcio (Python)', zh: 'grpcio (Python)' }, short: 'grpcio', runsOn: 'grpc-core' },
  'grpc-js': { name: { en: '@grpc/grpc-js (Node)', zh: '@grpc/grpc-js (Node)' }, short: 'grpc-js' },
  'grpc-node-legacy': {
    name: { en: 'legacy Node grpc (C-core)', zh: '旧版 Node grpc (C-core)' },
    short: 'grpc (legacy Node)',
    runsOn: 'grpc-core',
    printsWrapperOf: 'grpc-js',
  },
  'grpc-dotnet': { name: { en: 'grpc-dotnet', zh: 'grpc-dotnet' }, short: 'grpc-dotnet' },
  'grpc-csharp-legacy': {
    name: { en: 'legacy Grpc.Core (C#)', zh: '旧版 Grpc.Core (C#)' },
    short: 'Grpc.Core',
    runsOn: 'grpc-core',
  },
  tonic: { name: { en: 'tonic (Rust)', zh: 'tonic (Rust)' }, short: 'tonic' },
  any: { name: { en: 'any', zh: '任意实现' }, short: 'any' },
};

export const IMPLEMENTATION_IDS = Object.keys(IMPLEMENTATIONS) as ImplementationId[];

export function isImplementationId(id: string): id is ImplementationId {
  return Object.prototype.hasOwnProperty.call(IMPLEMENTATIONS, id);
}

/** The display name in a locale ('zh-cn' or anything else = English); unknown ids are shown as they are. */
export function implementationName(id: string, locale: string = 'en'): string {
  if (!isImplementationId(id)) return id;
  const { name } = IMPLEMENTATIONS[id];
  return locale === 'zh-cn' ? name.zh : name.en;
}

/**
 * Whether a line printed with `detected`'s status wrapper counts as printed by one of `allowed`. Node's
 * `Error: 14 UNAVAILABLE: …` form is printed by both grpc-js and the legacy C-core `grpc` package, so a
 * pattern that accepts the legacy package's wrapper accepts that form too.
 */
export function wrapperAllowed(allowed: readonly ImplementationId[], detected: ImplementationId): boolean {
  return allowed.some((a) => a === detected || IMPLEMENTATIONS[a].printsWrapperOf === detected);
}
