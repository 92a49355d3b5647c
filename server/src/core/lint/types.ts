/** Shapes shared by the service-config lint (pure; no LSP dependency). */
import type { ImplementationId } from '../../../../shared/implementations';

/** gRPC implementations whose service-config handling the lint knows. */
export type ScImplementation = 'core' | 'go' | 'node' | 'java';
export const SC_IMPLEMENTATIONS: readonly ScImplementation[] = ['core', 'go', 'node', 'java'];

/** The registry id (shared/implementations.ts) of each implementation the lint knows. */
export const SC_IMPLEMENTATION_ID: Readonly<Record<ScImplementation, ImplementationId>> = {
  core: 'grpc-core',
  go: 'grpc-go',
  node: 'grpc-js',
  java: 'grpc-java',
};

/**
 * What an implementation does with a config that has this problem:
 * rejects (error / lame channel / throw), ignores (no error, the setting has no effect), accepts (it works).
 */
export type Verdict = 'rejects' | 'ignores' | 'accepts';
export type Verdicts = Record<ScImplementation, Verdict>;

export type LintSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface LintFix {
  title: string;
  title_zh: string;
  edits: TextEdit[];
}

export interface LintProblem {
  /** rule code, e.g. `sc/unknown-key`; docs/lint.md has one section per code */
  code: string;
  message: string;
  message_zh: string;
  severity: LintSeverity;
  /** 0-based line/character (UTF-16) in the document, exact even inside escaped string literals */
  range: Range;
  fixes: LintFix[];
  /** per implementation: what it does with this mistake */
  verdicts: Verdicts;
}

/** Service and method names known from the workspace's .proto files. */
export interface ProtoMethodInfo {
  clientStreaming: boolean;
  serverStreaming: boolean;
  file: string;
}
export interface ProtoIndex {
  /** fully qualified service name (`pkg.Service`) → method name → info */
  services: Map<string, Map<string, ProtoMethodInfo>>;
  /** files that could not be loaded, with a one-line reason */
  problems: { file: string; message: string }[];
}

export interface LintOptions {
  protoIndex?: ProtoIndex;
  /** overrides the implementation deduced from the language id */
  implementationHint?: ScImplementation;
}
