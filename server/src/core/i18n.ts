/** Server-side UI strings (headings, labels) in English and Simplified Chinese. */

export type Locale = 'en' | 'zh-cn';

const STRINGS = {
  status: { en: 'Status', 'zh-cn': '状态码' },
  implementation: { en: 'Implementation', 'zh-cn': '实现' },
  printedBy: { en: 'printed by', 'zh-cn': '输出方' },
  meaning: { en: 'What the status means here', 'zh-cn': '该状态码在此处的含义' },
  rootCause: { en: 'Root cause', 'zh-cn': '根本原因' },
  when: { en: 'When it happens', 'zh-cn': '何时发生' },
  retry: { en: 'Can a retry policy help?', 'zh-cn': '重试策略有用吗?' },
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
  verification: { en: 'How it was verified', 'zh-cn': '验证方式' },
  statusSetAt: { en: 'Status set at', 'zh-cn': '状态码的设置位置' },
  retryRule: { en: 'rule', 'zh-cn': '依据' },
  checkedIn: { en: 'checked in', 'zh-cn': '已核对版本' },
  absentIn: { en: 'absent in', 'zh-cn': '不存在于' },
  since: { en: 'since', 'zh-cn': '起始版本' },
  until: { en: 'until', 'zh-cn': '截止版本' },
  notCheckable: { en: 'not checked', 'zh-cn': '未核对' },
  userPattern: { en: 'Matched a pattern from the setting grpcDoctor.userPatterns.', 'zh-cn': '匹配了设置 grpcDoctor.userPatterns 中的模式。' },
  userPatternRejected: { en: 'grpc-doctor: a pattern in grpcDoctor.userPatterns was rejected and is not used', 'zh-cn': 'grpc-doctor:grpcDoctor.userPatterns 中的一个模式被拒绝,未使用' },
  settingsProblem: { en: 'grpc-doctor: invalid setting, using the default', 'zh-cn': 'grpc-doctor:设置无效,已使用默认值' },
  unknownEntry: { en: 'No knowledge entry with this id', 'zh-cn': '没有此 id 的知识条目' },
  policyHelps: {
    en: { no: 'no', transparent: 'the library already retries it transparently', 'before-first-response': 'only before the first response', 'unary-only': 'unary calls only', 'not-reliably': 'not reliably: its retry window is usually shorter than a restart; use wait-for-ready', yes: 'yes', 'n/a': 'not applicable' },
    'zh-cn': { no: '不能', transparent: '库已自动透明重试', 'before-first-response': '仅在收到首个响应之前', 'unary-only': '仅限一元调用', 'not-reliably': '不可靠:重试窗口通常短于重启时间,请使用 wait-for-ready', yes: '能', 'n/a': '不适用' },
  },
  verificationMethod: {
    en: { 'source-checked': 'checked by kb:verify against the released source of each version named', 'source-read, not version-checked': 'source read, not version-checked', captured: 'seen in captured runs only' },
    'zh-cn': { 'source-checked': '已由 kb:verify 对照所列各版本的发布源码核对', 'source-read, not version-checked': '已阅读源码,未按版本核对', captured: '仅在抓取的运行中见到' },
  },
} as const;

type Key = Exclude<keyof typeof STRINGS, 'policyHelps' | 'verificationMethod'>;

export function verificationMethodLabel(method: keyof (typeof STRINGS)['verificationMethod']['en'], locale: Locale): string {
  return STRINGS.verificationMethod[locale][method];
}

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
