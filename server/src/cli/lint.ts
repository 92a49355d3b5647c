/** Service-config lint for `grpc-doctor scan`: which files to lint, the .proto index, and the findings. */
import { lintLanguageOfPath } from '../../../shared/languages';
import { SERVICE_CONFIG_MARKERS } from '../core/lint/markers';
import { buildProtoIndex } from '../project/protoServices';
import { readWorkspaceFileSync, WorkspaceReadError } from '../project/safeRead';
import {
  lintServiceConfigDocument,
  looksLikeServiceConfig,
  type LintProblem,
  type ProtoIndex,
} from '../core/lint/index';

export interface LintFileFinding {
  file: string;
  problem: LintProblem;
  languageId: string;
}

/** Larger files are not service configs or hand-written sources worth linting. */
const MAX_LINT_BYTES = 2 * 1024 * 1024;

/** The language id a file is linted as (shared/languages.ts), if a service-config lint applies to it. */
export const lintLanguageOf = lintLanguageOfPath;

/** The .proto files among the scanned files, indexed once per run (problems go to the caller as warnings). */
export function protoIndexFor(files: readonly string[]): ProtoIndex | undefined {
  const protos = files.filter((f) => f.toLowerCase().endsWith('.proto'));
  return protos.length ? buildProtoIndex(protos) : undefined;
}

/** Lints one file when it is a service-config JSON or a source with a service-config literal; hints are left out. */
export function lintFile(file: string, protoIndex: ProtoIndex | undefined): LintFileFinding[] {
  const languageId = lintLanguageOf(file);
  if (!languageId) return [];
  let text: string;
  try {
    text = readWorkspaceFileSync(file, { maxBytes: MAX_LINT_BYTES }).replace(/^\uFEFF/, '');
  } catch (err) {
    if (err instanceof WorkspaceReadError && /^(larger than|not a regular file)/.test(err.reason)) return [];
    throw err;
  }
  if (languageId === 'json' ? !looksLikeServiceConfig(text) : !SERVICE_CONFIG_MARKERS.some((m) => text.includes(m)))
    return [];
  return lintServiceConfigDocument(text, languageId, { protoIndex })
    .filter((problem) => problem.severity !== 'hint')
    .map((problem) => ({ file, problem, languageId }));
}
