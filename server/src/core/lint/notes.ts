/** The per-implementation sentence appended to a lint message (en + zh-cn). */
import { IMPLEMENTATIONS } from '../../../../shared/implementations';
import { SC_IMPLEMENTATION_ID, SC_IMPLEMENTATIONS, type LintSeverity, type ScImplementation, type Verdicts } from './types';

/** Short names from the registry (shared/implementations.ts). */
export const IMPLEMENTATION_NAMES = Object.fromEntries(
  SC_IMPLEMENTATIONS.map((i) => [i, IMPLEMENTATIONS[SC_IMPLEMENTATION_ID[i]].short]),
) as Record<ScImplementation, string>;

export interface Text { en: string; zh: string }

const REJECT_NOTE: Record<ScImplementation, Text> = {
  core: {
    en: 'grpcio/C-core does not raise: the channel is created "lame" and every RPC fails with INVALID_ARGUMENT.',
    zh: 'grpcio/C-core 不会抛出异常:通道被创建为 "lame" 通道,每个 RPC 都以 INVALID_ARGUMENT 失败。',
  },
  go: { en: 'grpc-go: grpc.NewClient returns an error.', zh: 'grpc-go:grpc.NewClient 返回错误。' },
  node: { en: 'grpc-js: the client constructor throws.', zh: 'grpc-js:客户端构造函数抛出异常。' },
  java: { en: 'grpc-java: build() throws IllegalStateException.', zh: 'grpc-java:build() 抛出 IllegalStateException。' },
};

const GO_RETRY_HISTORY: Text = {
  en: ' (retry-policy errors only since v1.70.0; older versions silently drop the retry policy)',
  zh: '(仅 v1.70.0 起对重试策略报错;更早版本会静默丢弃重试策略)',
};

function list(impls: ScImplementation[]): string {
  return impls.map((i) => IMPLEMENTATION_NAMES[i]).join(', ');
}

/**
 * With a known implementation: what exactly happens there. Without: who rejects and who ignores.
 * `retryPolicyError` adds grpc-go's version history for retry-policy validation.
 */
export function implementationNote(verdicts: Verdicts, impl: ScImplementation | undefined, retryPolicyError = false): Text {
  if (impl) {
    const v = verdicts[impl];
    if (v === 'rejects') {
      const note = REJECT_NOTE[impl];
      if (impl === 'go' && retryPolicyError) return { en: note.en.replace(/\.$/, `${GO_RETRY_HISTORY.en}.`), zh: note.zh.replace(/。$/, `${GO_RETRY_HISTORY.zh}。`) };
      return note;
    }
    const name = IMPLEMENTATION_NAMES[impl];
    if (v === 'ignores') return { en: `${name} silently ignores it: no error, no effect.`, zh: `${name} 会静默忽略它:不报错,也不生效。` };
    const rejecters = SC_IMPLEMENTATIONS.filter((i) => verdicts[i] === 'rejects');
    if (!rejecters.length) return { en: '', zh: '' };
    return { en: `${name} accepts this, but ${list(rejecters)} reject it.`, zh: `${name} 接受这种写法,但 ${list(rejecters)} 会拒绝。` };
  }
  const rejecters = SC_IMPLEMENTATIONS.filter((i) => verdicts[i] === 'rejects');
  const ignorers = SC_IMPLEMENTATIONS.filter((i) => verdicts[i] === 'ignores');
  if (rejecters.length === SC_IMPLEMENTATIONS.length) return { en: 'Every implementation rejects it.', zh: '所有实现都会拒绝。' };
  if (ignorers.length === SC_IMPLEMENTATIONS.length) return { en: 'Every implementation silently ignores it.', zh: '所有实现都会静默忽略它。' };
  const en: string[] = [];
  const zh: string[] = [];
  if (rejecters.length) {
    en.push(`Rejected by ${list(rejecters)}`);
    zh.push(`${list(rejecters)} 会拒绝`);
  }
  if (ignorers.length) {
    en.push(`silently ignored by ${list(ignorers)}`);
    zh.push(`${list(ignorers)} 会静默忽略`);
  }
  if (!en.length) return { en: '', zh: '' };
  en[0] = en[0][0].toUpperCase() + en[0].slice(1);
  return { en: `${en.join('; ')}.`, zh: `${zh.join(';')}。` };
}

/** A portability problem is only a warning where the file's implementation accepts it. */
export function severityFor(base: LintSeverity, verdicts: Verdicts, impl: ScImplementation | undefined): LintSeverity {
  if (!impl || base !== 'error') return base;
  return verdicts[impl] === 'accepts' ? 'warning' : base;
}
