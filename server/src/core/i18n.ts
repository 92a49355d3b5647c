/** Server-side UI strings (headings, labels) in English and Simplified Chinese. */

export type Locale = 'en' | 'zh-cn';

const STRINGS = {
  status: { en: 'Status', 'zh-cn': '状态码' },
  implementation: { en: 'Implementation', 'zh-cn': '实现' },
  printedBy: { en: 'printed by', 'zh-cn': '输出方' },
  meaning: { en: 'What the status means here', 'zh-cn': '该状态码在此处的含义' },
  rootCause: { en: 'Root cause', 'zh-cn': '根本原因' },
  when: { en: 'When it happens', 'zh-cn': '何时发生' },
  retry: { en: 'Can a retry policy help?', 'zh-cn': '重试策略有用吗？' },
  retryPolicy: { en: 'Retry policy', 'zh-cn': '重试策略' },
  fix: { en: 'Fix', 'zh-cn': '解决办法' },
  fullExplanation: { en: 'Full explanation', 'zh-cn': '完整解释' },
  inImplementation: { en: 'in', 'zh-cn': '实现：' },
  versions: { en: 'Versions', 'zh-cn': '版本' },
  workarounds: { en: 'Workarounds', 'zh-cn': '解决办法' },
  deadEnds: { en: 'Dead ends (do not work)', 'zh-cn': '无效做法' },
  sources: { en: 'Sources', 'zh-cn': '来源' },
  docs: { en: 'Documentation', 'zh-cn': '文档' },
  related: { en: 'Related', 'zh-cn': '相关条目' },
  entry: { en: 'Entry', 'zh-cn': '条目' },
  unverified: { en: 'Unverified', 'zh-cn': '未经验证' },
  lookalike: { en: 'Look-alike: not a shutdown', 'zh-cn': '形似但并非关闭导致' },
  recovered: { en: 'recovered', 'zh-cn': '恢复' },
  failed: { en: 'did not help', 'zh-cn': '无效' },
  unmeasuredClaim: { en: 'unmeasured claim from the seed page', 'zh-cn': '来自种子页面、未经测量的说法' },
  notMeasured: { en: 'not measured', 'zh-cn': '未测量' },
  evidence: { en: 'Evidence', 'zh-cn': '证据' },
  userPattern: { en: 'Matched a pattern from the setting grpcDoctor.userPatterns.', 'zh-cn': '匹配了设置 grpcDoctor.userPatterns 中的模式。' },
  userPatternRejected: { en: 'grpc-doctor: a pattern in grpcDoctor.userPatterns was rejected and is not used', 'zh-cn': 'grpc-doctor：grpcDoctor.userPatterns 中的一个模式被拒绝，未使用' },
  settingsProblem: { en: 'grpc-doctor: invalid setting, using the default', 'zh-cn': 'grpc-doctor：设置无效，已使用默认值' },
  unknownEntry: { en: 'No knowledge entry with this id', 'zh-cn': '没有此 id 的知识条目' },
  policyHelps: {
    en: { no: 'no', transparent: 'the library already retries it transparently', 'before-first-response': 'only before the first response', 'unary-only': 'unary calls only', 'not-reliably': 'not reliably: its retry window is usually shorter than a restart; use wait-for-ready', yes: 'yes', 'n/a': 'not applicable' },
    'zh-cn': { no: '不能', transparent: '库已自动透明重试', 'before-first-response': '仅在收到首个响应之前', 'unary-only': '仅限一元调用', 'not-reliably': '不可靠：重试窗口通常短于重启时间，请使用 wait-for-ready', yes: '能', 'n/a': '不适用' },
  },
} as const;

type Key = Exclude<keyof typeof STRINGS, 'policyHelps'>;

export function t(key: Key, locale: Locale): string {
  return STRINGS[key][locale];
}

export function policyHelpsLabel(verdict: keyof (typeof STRINGS)['policyHelps']['en'], locale: Locale): string {
  return STRINGS.policyHelps[locale][verdict];
}

/** 'zh', 'zh-cn', 'zh-CN', 'zh-Hans' → zh-cn; anything else → en. */
export function normalizeLocale(value: string | undefined): Locale {
  return value && value.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}
