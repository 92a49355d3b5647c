/**
 * What every service-config rule module (lint/rules/*.ts) works with: the problem collector, fixes as
 * offset edits in the JSON text, JSON-tree helpers and the rule's self-description (`RuleMeta`).
 */
import type { Node } from 'jsonc-parser';
import { bilingual, msg, type Text } from '../l10n';
import { implementationNote, severityFor } from './notes';
import type { LintSeverity, ProtoIndex, ScImplementation, Verdicts } from './types';

/** A rule describes itself: docs/lint.md's section and the rule titles are generated from this. */
export interface RuleMeta {
  /** e.g. `sc/duration-format` */
  code: string;
  /** one line, en + zh-cn */
  title: Text;
  /**
   * docs/lint.md's section (markdown): **What** it finds, **Why** it matters, **Who** — what each
   * implementation does with the mistake (rejects / ignores / accepts, with sources) — and the **Fix**.
   */
  docs: string;
}

export interface OffsetEdit {
  offset: number;
  length: number;
  newText: string;
}
export interface RawFix {
  title: string;
  title_zh: string;
  edits: OffsetEdit[];
}
export interface RawProblem {
  code: string;
  severity: LintSeverity;
  offset: number;
  length: number;
  message: string;
  message_zh: string;
  verdicts: Verdicts;
  fixes: RawFix[];
}

export interface RuleContext {
  impl?: ScImplementation;
  protoIndex?: ProtoIndex;
}

export type Span = { offset: number; length: number };

export const ALL = (v: Verdicts[ScImplementation]): Verdicts => ({ core: v, go: v, node: v, java: v });
export const q = (s: string): string => JSON.stringify(s);

/** Collects the problems of one config; the message gets the per-implementation note appended. */
export class Collector {
  readonly problems: RawProblem[] = [];
  constructor(readonly ctx: RuleContext) {}

  add(
    meta: RuleMeta,
    base: LintSeverity,
    node: Span,
    text: Text,
    verdicts: Verdicts,
    fixes: RawFix[] = [],
    retryPolicyError = false,
  ): void {
    const note = implementationNote(verdicts, this.ctx.impl, retryPolicyError);
    this.problems.push({
      code: meta.code,
      severity: severityFor(base, verdicts, this.ctx.impl),
      offset: node.offset,
      length: node.length,
      message: note.en ? msg('en', '{0} {1}', text, note) : text.en,
      message_zh: note.zh ? msg('zh-cn', '{0} {1}', text, note) : text.zh,
      verdicts,
      fixes,
    });
  }
}

export function fix(title: Text, node: Span, newText: string): RawFix {
  return { title: title.en, title_zh: title.zh, edits: [{ offset: node.offset, length: node.length, newText }] };
}

/** The inside of a string node (without quotes) — where renames and case fixes go. */
export function inner(node: Node): Span {
  return { offset: node.offset + 1, length: Math.max(0, node.length - 2) };
}

export function props(node: Node | undefined): { key: Node; value: Node | undefined; name: string }[] {
  if (!node || node.type !== 'object') return [];
  return (node.children ?? []).map((p) => ({
    key: p.children![0],
    value: p.children![1],
    name: String(p.children![0].value),
  }));
}

export function prop(node: Node | undefined, name: string): Node | undefined {
  return props(node).find((p) => p.name === name)?.value;
}

/** A required key is missing from a policy: reported on the policy's key under the rule of that key. */
export function missingKey(
  out: Collector,
  policy: Node,
  key: string,
  meta: RuleMeta,
  base: Verdicts = ALL('rejects'),
): void {
  const policyKey = policy.parent?.children?.[0] ?? policy;
  // A key spelled in another case (`MaxAttempts`) is there for grpc-go, whose JSON decoding ignores case.
  const goSeesIt = props(policy).some((p) => p.name.toLowerCase() === key.toLowerCase());
  out.add(
    meta,
    'error',
    policyKey,
    policyKey.value ? bilingual('{0} needs {1}.', policyKey.value, q(key)) : bilingual('The policy needs {0}.', q(key)),
    { ...base, go: goSeesIt && base.go === 'rejects' ? 'accepts' : base.go },
    [],
    true,
  );
}
