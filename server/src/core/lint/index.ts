/**
 * Service-config lint entry point: lints a whole JSON document, or every service-config literal in a
 * Python / Go / JS / TS source file, and returns problems with ranges and fixes in DOCUMENT coordinates.
 */
import { parseTree } from 'jsonc-parser';
import { lintServiceConfigJson, type RawProblem } from './walk';
import { findServiceConfigLiterals, mapEdit, mapRange, type ServiceConfigLiteral } from './sourceLiterals';
import {
  SC_IMPLEMENTATION_ID,
  SC_IMPLEMENTATIONS,
  type LintFix,
  type LintOptions,
  type LintProblem,
  type Position,
  type ScImplementation,
  type TextEdit,
} from './types';
import { IMPLEMENTATIONS } from '../../../../shared/implementations';
import { languageById, lintSyntaxOf } from '../../../../shared/languages';

export * from './types';
export { findServiceConfigLiterals } from './sourceLiterals';

/** Which implementation a file's language implies (the one whose behaviour goes into messages). */
export function implementationForLanguage(languageId: string): ScImplementation | undefined {
  const id = languageById(languageId)?.implementation;
  if (!id) return undefined;
  const decides = IMPLEMENTATIONS[id].runsOn ?? id;
  return SC_IMPLEMENTATIONS.find((i) => SC_IMPLEMENTATION_ID[i] === decides);
}

/** True when a JSON document looks like a service config (the CLI and the server lint only those). */
export function looksLikeServiceConfig(text: string): boolean {
  if (!/"methodConfig"|"retryThrottling"/.test(text)) return false;
  const root = parseTree(text);
  // A broken document that mentions the keys is still linted (its parse errors are the finding).
  if (!root || root.type !== 'object') return root === undefined || root.type !== 'array';
  return (root.children ?? []).some((p) =>
    ['methodConfig', 'retryThrottling'].includes(String(p.children?.[0]?.value)),
  );
}

class LineIndex {
  private readonly lineStarts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.lineStarts[lo] };
  }
}

export function lintServiceConfigDocument(text: string, languageId: string, options: LintOptions = {}): LintProblem[] {
  const impl = options.implementationHint ?? implementationForLanguage(languageId);
  const ctx = { impl, protoIndex: options.protoIndex };
  const lines = new LineIndex(text);
  const toRange = (start: number, end: number) => ({ start: lines.position(start), end: lines.position(end) });
  const syntax = lintSyntaxOf(languageId);
  const lang = syntax === 'json' ? undefined : syntax;
  if (!lang) {
    return lintServiceConfigJson(text, ctx).map((p) =>
      finish(p, toRange(p.offset, p.offset + p.length), (f) => ({
        title: f.title,
        title_zh: f.title_zh,
        edits: f.edits.map((e) => ({ range: toRange(e.offset, e.offset + e.length), newText: e.newText })),
      })),
    );
  }
  const problems: LintProblem[] = [];
  for (const literal of findServiceConfigLiterals(text, lang)) {
    for (const p of lintServiceConfigJson(literal.text, ctx)) {
      const { start, end } = mapRange(literal, p.offset, p.offset + p.length);
      problems.push(finish(p, toRange(start, end), (f) => mapFix(literal, f, toRange)));
    }
  }
  return problems;
}

function mapFix(
  literal: ServiceConfigLiteral,
  fix: RawProblem['fixes'][number],
  toRange: (s: number, e: number) => TextEdit['range'],
): LintFix | undefined {
  const edits: TextEdit[] = [];
  for (const e of fix.edits) {
    const mapped = mapEdit(literal, e.offset, e.offset + e.length, e.newText);
    if (!mapped) return undefined;
    edits.push({ range: toRange(mapped.start, mapped.end), newText: mapped.newText });
  }
  return { title: fix.title, title_zh: fix.title_zh, edits };
}

function finish(
  p: RawProblem,
  range: LintProblem['range'],
  mapFixFn: (f: RawProblem['fixes'][number]) => LintFix | undefined,
): LintProblem {
  return {
    code: p.code,
    message: p.message,
    message_zh: p.message_zh,
    severity: p.severity,
    range,
    fixes: p.fixes.map(mapFixFn).filter((f): f is LintFix => f !== undefined),
    verdicts: p.verdicts,
  };
}
