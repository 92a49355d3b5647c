/**
 * The `grpcDoctor.*` settings: one schema for the server, the client and the package.json manifest
 * (test/shared/settings.test.ts checks the manifest against SETTINGS_SCHEMA).
 */

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';
export type LanguageSetting = 'auto' | 'en' | 'zh-cn';
export type TraceSetting = 'off' | 'messages' | 'verbose';

/** An extra pattern from the user's settings: a literal string or a (safety-checked) regex. */
export interface UserPatternSetting {
  literal?: string;
  regex?: string;
  id?: string;
  title?: string;
}

export interface Settings {
  enable: boolean;
  diagnostics: { enable: boolean };
  hover: { enable: boolean };
  codeActions: { enable: boolean };
  /**
   * severity in logs, plain text and output; in source code (where code merely handles the error); and of a
   * library's own INFO/DEBUG transport lines in logs (context around a failure)
   */
  severity: { logs: SeverityName; source: SeverityName; context: SeverityName };
  maxProblems: number;
  includeLookalikes: boolean;
  language: LanguageSetting;
  userPatterns: UserPatternSetting[];
  debounceMs: number;
  trace: { server: TraceSetting };
}

export const SEVERITIES: readonly SeverityName[] = ['error', 'warning', 'information', 'hint'];
export const LANGUAGES: readonly LanguageSetting[] = ['auto', 'en', 'zh-cn'];
export const TRACE_LEVELS: readonly TraceSetting[] = ['off', 'messages', 'verbose'];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  diagnostics: { enable: true },
  hover: { enable: true },
  codeActions: { enable: true },
  severity: { logs: 'warning', source: 'information', context: 'information' },
  maxProblems: 1000,
  includeLookalikes: false,
  language: 'auto',
  userPatterns: [],
  debounceMs: 150,
  trace: { server: 'off' },
} satisfies Settings);

/** Limits applied by normalizeSettings (also the manifest's minimum/maximum). */
export const LIMITS = {
  maxProblems: { min: 1, max: 100_000 },
  debounceMs: { min: 0, max: 10_000 },
  userPatterns: 200,
} as const;

/** Flat view of the schema: key (without the `grpcDoctor.` prefix) → default and allowed values. */
export interface SettingSpec {
  type: 'boolean' | 'string' | 'number' | 'array';
  default: unknown;
  enum?: readonly string[];
  scope: 'resource' | 'window';
}

export const SETTINGS_SCHEMA: Readonly<Record<string, SettingSpec>> = {
  enable: { type: 'boolean', default: DEFAULT_SETTINGS.enable, scope: 'resource' },
  'diagnostics.enable': { type: 'boolean', default: DEFAULT_SETTINGS.diagnostics.enable, scope: 'resource' },
  'hover.enable': { type: 'boolean', default: DEFAULT_SETTINGS.hover.enable, scope: 'resource' },
  'codeActions.enable': { type: 'boolean', default: DEFAULT_SETTINGS.codeActions.enable, scope: 'resource' },
  'severity.logs': { type: 'string', default: DEFAULT_SETTINGS.severity.logs, enum: SEVERITIES, scope: 'resource' },
  'severity.source': { type: 'string', default: DEFAULT_SETTINGS.severity.source, enum: SEVERITIES, scope: 'resource' },
  'severity.context': {
    type: 'string',
    default: DEFAULT_SETTINGS.severity.context,
    enum: SEVERITIES,
    scope: 'resource',
  },
  maxProblems: { type: 'number', default: DEFAULT_SETTINGS.maxProblems, scope: 'resource' },
  includeLookalikes: { type: 'boolean', default: DEFAULT_SETTINGS.includeLookalikes, scope: 'resource' },
  language: { type: 'string', default: DEFAULT_SETTINGS.language, enum: LANGUAGES, scope: 'window' },
  userPatterns: { type: 'array', default: DEFAULT_SETTINGS.userPatterns, scope: 'resource' },
  debounceMs: { type: 'number', default: DEFAULT_SETTINGS.debounceMs, scope: 'window' },
  'trace.server': { type: 'string', default: DEFAULT_SETTINGS.trace.server, enum: TRACE_LEVELS, scope: 'window' },
};

export interface NormalizeResult {
  settings: Settings;
  problems: string[];
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Turns whatever the client sent (the `grpcDoctor` section, flat dotted keys, null, garbage) into valid
 * settings. Never throws: a wrong value falls back to its default and is named in `problems`.
 */
export function normalizeSettings(raw: unknown): NormalizeResult {
  const problems: string[] = [];
  const root = record(raw);
  // Accept both nested ({severity: {logs}}) and flat ({'severity.logs'}) shapes.
  const get = (key: string): unknown => {
    if (key in root) return root[key];
    let node: unknown = root;
    for (const part of key.split('.')) {
      node = record(node)[part];
      if (node === undefined) return undefined;
    }
    return node;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    problems.push(`grpcDoctor.${key}: expected true or false`);
    return fallback;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    const s = typeof v === 'string' ? v.toLowerCase() : v;
    if (typeof s === 'string' && (allowed as readonly string[]).includes(s)) return s as T;
    problems.push(`grpcDoctor.${key}: expected one of ${allowed.join(', ')}`);
    return fallback;
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number' && Number.isFinite(v)) return Math.min(max, Math.max(min, Math.floor(v)));
    problems.push(`grpcDoctor.${key}: expected a number`);
    return fallback;
  };
  const d = DEFAULT_SETTINGS;
  const settings: Settings = {
    enable: bool('enable', d.enable),
    diagnostics: { enable: bool('diagnostics.enable', d.diagnostics.enable) },
    hover: { enable: bool('hover.enable', d.hover.enable) },
    codeActions: { enable: bool('codeActions.enable', d.codeActions.enable) },
    severity: {
      logs: oneOf('severity.logs', SEVERITIES, d.severity.logs),
      source: oneOf('severity.source', SEVERITIES, d.severity.source),
      context: oneOf('severity.context', SEVERITIES, d.severity.context),
    },
    maxProblems: int('maxProblems', d.maxProblems, LIMITS.maxProblems.min, LIMITS.maxProblems.max),
    includeLookalikes: bool('includeLookalikes', d.includeLookalikes),
    language: oneOf('language', LANGUAGES, d.language),
    userPatterns: userPatterns(get('userPatterns'), problems),
    debounceMs: int('debounceMs', d.debounceMs, LIMITS.debounceMs.min, LIMITS.debounceMs.max),
    trace: { server: oneOf('trace.server', TRACE_LEVELS, d.trace.server) },
  };
  return { settings, problems };
}

function userPatterns(value: unknown, problems: string[]): UserPatternSetting[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push('grpcDoctor.userPatterns: expected an array');
    return [];
  }
  const out: UserPatternSetting[] = [];
  value.slice(0, LIMITS.userPatterns).forEach((item, i) => {
    const r = record(typeof item === 'string' ? { literal: item } : item);
    const str = (k: string): string | undefined => (typeof r[k] === 'string' && r[k].length ? r[k] : undefined);
    const literal = str('literal');
    const regex = str('regex');
    if ((literal === undefined) === (regex === undefined)) {
      problems.push(`grpcDoctor.userPatterns[${i}]: needs exactly one of "literal" or "regex"`);
      return;
    }
    out.push({
      ...(literal !== undefined ? { literal } : { regex }),
      ...(str('id') ? { id: str('id') } : {}),
      ...(str('title') ? { title: str('title') } : {}),
    });
  });
  if (value.length > LIMITS.userPatterns)
    problems.push(`grpcDoctor.userPatterns: only the first ${LIMITS.userPatterns} are used`);
  return out;
}
