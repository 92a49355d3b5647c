/**
 * The service-config rules, on the JSON text itself (offsets into that text). Facts per implementation:
 * shared/reference retry-facts §1.2–§2; docs/lint.md has one section per code.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { bilingual, msg, type Text } from '../l10n';
import { implementationNote, severityFor } from './notes';
import { didYouMean, GRPC_JS_ONLY_KEYS, homeLevel, KEYS, PORTABLE_DURATION, SHUTDOWN_CODES, STATUS_NAMES, type Level } from './schema';
import type { LintSeverity, ProtoIndex, ScImplementation, Verdicts } from './types';

export interface OffsetEdit { offset: number; length: number; newText: string }
export interface RawFix { title: string; title_zh: string; edits: OffsetEdit[] }
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

export interface RuleContext { impl?: ScImplementation; protoIndex?: ProtoIndex }

const ALL = (v: Verdicts[ScImplementation]): Verdicts => ({ core: v, go: v, node: v, java: v });
const q = (s: string): string => JSON.stringify(s);

class Collector {
  readonly problems: RawProblem[] = [];
  constructor(private readonly ctx: RuleContext) {}

  add(code: string, base: LintSeverity, node: { offset: number; length: number }, text: Text, verdicts: Verdicts, fixes: RawFix[] = [], retryPolicyError = false): void {
    const note = implementationNote(verdicts, this.ctx.impl, retryPolicyError);
    this.problems.push({
      code,
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

function fix(title: Text, node: { offset: number; length: number }, newText: string): RawFix {
  return { title: title.en, title_zh: title.zh, edits: [{ offset: node.offset, length: node.length, newText }] };
}

/** The inside of a string node (without quotes) — where renames and case fixes go. */
function inner(node: Node): { offset: number; length: number } {
  return { offset: node.offset + 1, length: Math.max(0, node.length - 2) };
}

function props(node: Node | undefined): { key: Node; value: Node | undefined; name: string }[] {
  if (!node || node.type !== 'object') return [];
  return (node.children ?? []).map((p) => ({ key: p.children![0], value: p.children![1], name: String(p.children![0].value) }));
}

function prop(node: Node | undefined, name: string): Node | undefined {
  return props(node).find((p) => p.name === name)?.value;
}

const TYPE_NAMES: Record<string, Text> = {
  object: bilingual('an object'),
  array: bilingual('an array'),
  boolean: bilingual('true or false'),
  number: bilingual('a number'),
  string: bilingual('a string'),
};

export function lintServiceConfigJson(text: string, ctx: RuleContext): RawProblem[] {
  const out = new Collector(ctx);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const reported = new Set<number>();
  for (const e of errors) {
    if (reported.has(e.offset)) continue; // the parser reports one bad token several ways
    reported.add(e.offset);
    const name = printParseErrorCode(e.error);
    // An error at the end of the text (truncated JSON) marks the last character, never past the end.
    const start = Math.max(0, Math.min(e.offset, text.length - 1));
    const length = Math.min(Math.max(1, e.length), text.length - start);
    out.add('sc/parse-error', 'error', { offset: start, length },
      bilingual('Not valid JSON ({0}).', name), ALL('rejects'));
  }
  if (!root) return out.problems;
  if (!expectType(out, root, 'object', 'service config', ALL('rejects'))) return out.problems;
  checkKeys(out, root, 'top');
  const methodConfigs = prop(root, 'methodConfig');
  if (methodConfigs && expectType(out, methodConfigs, 'array', 'methodConfig', ALL('rejects'))) {
    const seen = new Map<string, Node>();
    for (const mc of methodConfigs.children ?? []) {
      if (!expectType(out, mc, 'object', 'methodConfig entry', ALL('rejects'))) continue;
      lintMethodConfig(out, mc, seen, ctx);
    }
  }
  const throttling = prop(root, 'retryThrottling');
  if (throttling && expectType(out, throttling, 'object', 'retryThrottling', ALL('rejects'))) lintThrottling(out, throttling);
  return out.problems;
}

function expectType(out: Collector, node: Node, type: keyof typeof TYPE_NAMES, what: string, verdicts: Verdicts): boolean {
  if (node.type === type) return true;
  out.add('sc/wrong-type', 'error', node,
    bilingual('{0} must be {1}.', what, TYPE_NAMES[type]), verdicts);
  return false;
}

const LEVEL_LABEL: Record<Level, Text | string> = {
  top: bilingual('the top level'),
  methodConfig: bilingual('a methodConfig entry'),
  name: bilingual('a name entry'),
  retryPolicy: 'retryPolicy',
  hedgingPolicy: 'hedgingPolicy',
  retryThrottling: 'retryThrottling',
};

/** Unknown keys (with "did you mean"), keys that belong to another level, grpc-js-only names. */
function checkKeys(out: Collector, node: Node, level: Level): void {
  const known = KEYS[level];
  for (const { key, name } of props(node)) {
    if (known.includes(name)) continue;
    if (level === 'methodConfig' && name in GRPC_JS_ONLY_KEYS) {
      const standard = GRPC_JS_ONLY_KEYS[name];
      out.add('sc/unknown-key', 'warning', key,
        bilingual('{0} is grpc-js\'s own name; other implementations only know {1}.', q(name), q(standard)),
        { core: 'ignores', go: 'ignores', node: 'accepts', java: 'ignores' },
        [fix(bilingual('Rename to {0}', q(standard)), inner(key), standard)]);
      continue;
    }
    const home = homeLevel(name);
    if (home && home !== level) {
      out.add('sc/wrong-level', 'error', key,
        bilingual('{0} belongs in {1}, not in {2}: here it has no effect.', q(name), LEVEL_LABEL[home], LEVEL_LABEL[level]),
        ALL('ignores'));
      continue;
    }
    const suggestion = didYouMean(name, known);
    // Go's encoding/json matches field names case-insensitively, so `RetryPolicy` works there only.
    const goAccepts = suggestion !== undefined && suggestion.toLowerCase() === name.toLowerCase();
    const verdicts: Verdicts = { core: 'ignores', go: goAccepts ? 'accepts' : 'ignores', node: 'ignores', java: 'ignores' };
    if (suggestion) {
      out.add('sc/unknown-key', 'error', key,
        bilingual('Unknown key {0} in {1}; did you mean {2}?', q(name), LEVEL_LABEL[level], q(suggestion)),
        verdicts, [fix(bilingual('Rename to {0}', q(suggestion)), inner(key), suggestion)]);
    } else {
      out.add('sc/unknown-key', 'error', key,
        bilingual('Unknown key {0} in {1}.', q(name), LEVEL_LABEL[level]), verdicts);
    }
  }
}

interface MethodName { service: string; method: string; node: Node }

function lintMethodConfig(out: Collector, mc: Node, seen: Map<string, Node>, ctx: RuleContext): void {
  checkKeys(out, mc, 'methodConfig');
  const names = lintNames(out, mc, seen, ctx);
  const timeout = prop(mc, 'timeout');
  if (timeout) lintDuration(out, timeout, 'timeout', false);
  const wfr = prop(mc, 'waitForReady');
  if (wfr) expectType(out, wfr, 'boolean', 'waitForReady', ALL('rejects'));
  // Only grpc-js ignores it; where the file says another implementation applies there is nothing to say.
  if (wfr?.value === true && (ctx.impl === undefined || ctx.impl === 'node')) {
    out.add('sc/wait-for-ready-ignored', ctx.impl === 'node' ? 'warning' : 'information', wfr,
      bilingual('waitForReady in a service config has no effect in grpc-js: pass it per call (new Metadata({waitForReady: true}) plus a deadline).'),
      { core: 'accepts', go: 'accepts', node: 'ignores', java: 'accepts' });
  }
  for (const key of ['maxRequestMessageBytes', 'maxResponseMessageBytes']) {
    const v = prop(mc, key);
    if (v) expectType(out, v, 'number', key, ALL('rejects'));
  }
  const retry = prop(mc, 'retryPolicy');
  const hedging = prop(mc, 'hedgingPolicy');
  if (retry && hedging) {
    const hedgingKey = props(mc).find((p) => p.name === 'hedgingPolicy')!.key;
    out.add('sc/retry-and-hedging', 'error', hedgingKey,
      bilingual('A method config may have retryPolicy or hedgingPolicy, not both.'),
      { core: 'ignores', go: 'ignores', node: 'rejects', java: 'rejects' });
  }
  if (retry && expectType(out, retry, 'object', 'retryPolicy', ALL('rejects'))) {
    lintRetryPolicy(out, retry);
    if (names) lintStreamRetry(out, retry, names, ctx);
  }
  if (hedging && expectType(out, hedging, 'object', 'hedgingPolicy', { core: 'ignores', go: 'ignores', node: 'rejects', java: 'rejects' })) {
    checkKeys(out, hedging, 'hedgingPolicy');
    const attempts = prop(hedging, 'maxAttempts');
    lintMaxAttempts(out, attempts, hedging, { core: 'ignores', go: 'ignores', node: 'rejects', java: 'rejects' });
    const delay = prop(hedging, 'hedgingDelay');
    if (delay) lintDuration(out, delay, 'hedgingDelay', false);
    const codes = prop(hedging, 'nonFatalStatusCodes');
    if (codes && expectType(out, codes, 'array', 'nonFatalStatusCodes', ALL('rejects'))) lintStatusCodes(out, codes);
  }
}

/** `name`: missing/empty lists, method without service, duplicates, wildcard, unknown services/methods. */
function lintNames(out: Collector, mc: Node, seen: Map<string, Node>, ctx: RuleContext): MethodName[] | undefined {
  const nameNode = prop(mc, 'name');
  const hasPolicy = prop(mc, 'retryPolicy') !== undefined || prop(mc, 'hedgingPolicy') !== undefined;
  if (!nameNode) {
    const anchor = mc.children?.length ? mc.children[0].children![0] : { offset: mc.offset, length: 1 };
    out.add('sc/missing-name', 'error', anchor,
      bilingual('This method config has no "name" list, so it applies to no method.'),
      { core: 'ignores', go: 'ignores', node: 'rejects', java: 'ignores' });
    return undefined;
  }
  if (!expectType(out, nameNode, 'array', 'name', ALL('rejects'))) return undefined;
  if (!nameNode.children?.length) {
    out.add('sc/missing-name', 'error', nameNode,
      bilingual('An empty "name" list matches no method: this method config is skipped. Use [{}] for every method.'),
      ALL('ignores'));
    return [];
  }
  const result: MethodName[] = [];
  for (const entry of nameNode.children) {
    if (!expectType(out, entry, 'object', 'name entry', ALL('rejects'))) continue;
    checkKeys(out, entry, 'name');
    const serviceNode = prop(entry, 'service');
    const methodNode = prop(entry, 'method');
    if (serviceNode && serviceNode.type !== 'string' && serviceNode.type !== 'null') expectType(out, serviceNode, 'string', 'service', ALL('rejects'));
    if (methodNode && methodNode.type !== 'string' && methodNode.type !== 'null') expectType(out, methodNode, 'string', 'method', ALL('rejects'));
    const service = typeof serviceNode?.value === 'string' ? serviceNode.value : '';
    const method = typeof methodNode?.value === 'string' ? methodNode.value : '';
    if (!service && method) {
      // C-core treats {"service": "", "method": "X"} as the global default; a missing service is an error there.
      const emptyService = serviceNode !== undefined;
      out.add('sc/method-without-service', 'error', entry,
        emptyService
          ? bilingual('"method": {0} needs a "service" (grpcio/C-core takes this entry as the default for every method).', q(method))
          : bilingual('"method": {0} needs a "service".', q(method)),
        { core: emptyService ? 'accepts' : 'rejects', go: 'rejects', node: 'rejects', java: 'rejects' });
      continue;
    }
    const key = `${service}/${method}`;
    const first = seen.get(key);
    if (first) {
      const what = service ? (method ? `${service}/${method}` : `service ${service}`) : 'the default {}';
      out.add('sc/duplicate-method-name', 'error', entry,
        bilingual('Duplicate name: {0} already appears in an earlier method config entry.', what),
        ALL('rejects'));
    } else seen.set(key, entry);
    if (!service && hasPolicy) {
      out.add('sc/wildcard-name', 'information', entry,
        bilingual('The default name {} applies this policy to every method, including non-idempotent ones: a call the server already executed can run twice. Prefer listing services/methods.'),
        ALL('accepts'));
      if (ctx.impl === 'node') {
        out.add('sc/wildcard-name', 'information', entry,
          bilingual('grpc-js supports the default name {} since 1.9.1; older versions throw "Invalid method config name".'),
          ALL('accepts'));
      }
    }
    lintProtoName(out, ctx.protoIndex, service, method, serviceNode, methodNode);
    result.push({ service, method, node: entry });
  }
  return result;
}

function lintProtoName(out: Collector, index: ProtoIndex | undefined, service: string, method: string, serviceNode: Node | undefined, methodNode: Node | undefined): void {
  if (!index || index.services.size === 0 || !service || serviceNode?.type !== 'string') return;
  const methods = index.services.get(service);
  if (!methods) {
    const known = [...index.services.keys()];
    // `Echo` for `echo.Echo`: the package is missing.
    const suggestion = known.find((k) => k.toLowerCase().endsWith(`.${service.toLowerCase()}`)) ?? didYouMean(service, known);
    out.add('sc/unknown-service', 'warning', serviceNode,
      suggestion
        ? bilingual('No service {0} in the workspace\'s .proto files; did you mean {1}? A name that matches no service is silently never applied (use the full name, package included).', q(service), q(suggestion))
        : bilingual('No service {0} in the workspace\'s .proto files. A name that matches no service is silently never applied (use the full name, package included).', q(service)),
      ALL('ignores'), suggestion ? [fix(bilingual('Change to {0}', q(suggestion)), inner(serviceNode), suggestion)] : []);
    return;
  }
  if (!method || methodNode?.type !== 'string' || methods.has(method)) return;
  const suggestion = didYouMean(method, [...methods.keys()]);
  out.add('sc/unknown-method', 'warning', methodNode,
    suggestion
      ? bilingual('Service {0} has no method {1}; did you mean {2}? This name is silently never applied.', q(service), q(method), q(suggestion))
      : bilingual('Service {0} has no method {1}. This name is silently never applied.', q(service), q(method)),
    ALL('ignores'), suggestion ? [fix(bilingual('Change to {0}', q(suggestion)), inner(methodNode), suggestion)] : []);
}

function lintRetryPolicy(out: Collector, retry: Node): void {
  checkKeys(out, retry, 'retryPolicy');
  lintMaxAttempts(out, prop(retry, 'maxAttempts'), retry, ALL('rejects'));
  const initial = prop(retry, 'initialBackoff');
  const max = prop(retry, 'maxBackoff');
  const initialSeconds = initial ? lintDuration(out, initial, 'initialBackoff', true) : missing(out, retry, 'initialBackoff');
  const maxSeconds = max ? lintDuration(out, max, 'maxBackoff', true) : missing(out, retry, 'maxBackoff');
  if (initialSeconds !== undefined && maxSeconds !== undefined && initialSeconds > maxSeconds && maxSeconds > 0) {
    out.add('sc/backoff-invalid', 'warning', initial!,
      bilingual('initialBackoff is larger than maxBackoff: every retry waits about maxBackoff ({0}s).', maxSeconds),
      ALL('accepts'), [fix(bilingual('Set initialBackoff to {0}', max!.value), inner(initial!), String(max!.value))]);
  }
  const multiplier = prop(retry, 'backoffMultiplier');
  if (!multiplier) {
    missingKey(out, retry, 'backoffMultiplier', 'sc/backoff-multiplier');
  } else if (multiplier.type !== 'number' || !(Number(multiplier.value) > 0)) {
    out.add('sc/backoff-multiplier', 'error', multiplier,
      bilingual('backoffMultiplier must be a number greater than 0.'),
      ALL('rejects'), [fix(bilingual('Set backoffMultiplier to 2'), multiplier, '2')], true);
  }
  const codes = prop(retry, 'retryableStatusCodes');
  if (!codes) {
    missingKey(out, retry, 'retryableStatusCodes', 'sc/retryable-codes-empty');
  } else if (expectType(out, codes, 'array', 'retryableStatusCodes', ALL('rejects'))) {
    if (!codes.children?.length) {
      out.add('sc/retryable-codes-empty', 'error', codes,
        bilingual('retryableStatusCodes must list at least one status code (e.g. "UNAVAILABLE").'),
        ALL('rejects'), [fix(bilingual('Retry on UNAVAILABLE'), codes, '["UNAVAILABLE"]')], true);
    } else lintStatusCodes(out, codes);
  }
}

function missing(out: Collector, policy: Node, key: string): undefined {
  missingKey(out, policy, key, 'sc/backoff-invalid');
  return undefined;
}

function missingKey(out: Collector, policy: Node, key: string, code: string, base: Verdicts = ALL('rejects')): void {
  const policyKey = policy.parent?.children?.[0] ?? policy;
  // A key spelled in another case (`MaxAttempts`) is there for grpc-go, whose JSON decoding ignores case.
  const goSeesIt = props(policy).some((p) => p.name.toLowerCase() === key.toLowerCase());
  out.add(code, 'error', policyKey,
    policyKey.value ? bilingual('{0} needs {1}.', policyKey.value, q(key)) : bilingual('The policy needs {0}.', q(key)),
    { ...base, go: goSeesIt && base.go === 'rejects' ? 'accepts' : base.go }, [], true);
}

function lintMaxAttempts(out: Collector, node: Node | undefined, policy: Node, invalid: Verdicts): void {
  if (!node) {
    missingKey(out, policy, 'maxAttempts', 'sc/max-attempts-range', invalid);
    return;
  }
  const value = node.value;
  if (node.type === 'string' && /^\d+$/.test(String(value))) {
    // C-core parses numbers given as strings; Go's int field and grpc-js's Number.isInteger do not.
    out.add('sc/max-attempts-range', 'error', node,
      bilingual('maxAttempts must be a JSON number, not a string.'),
      { ...invalid, core: invalid.core === 'rejects' ? 'accepts' : invalid.core }, [fix(bilingual('Use the number {0}', value), node, String(value))], true);
    return;
  }
  if (node.type !== 'number' || !Number.isInteger(value)) {
    out.add('sc/max-attempts-range', 'error', node,
      bilingual('maxAttempts must be an integer from 2 to 5.'), invalid, [], true);
    return;
  }
  if (value < 2) {
    out.add('sc/max-attempts-range', 'error', node,
      bilingual('maxAttempts {0} is below 2 (the first attempt counts): the policy is invalid.', value),
      invalid, [fix(bilingual('Set maxAttempts to 2'), node, '2')], true);
  } else if (value > 5) {
    out.add('sc/max-attempts-range', 'information', node,
      bilingual('maxAttempts {0} is clamped to 5 by default in every implementation.', value),
      ALL('accepts'), [fix(bilingual('Set maxAttempts to 5'), node, '5')]);
  }
}

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, min: 60, h: 3600 };

/** Checks one Duration value; returns its seconds when it is usable, else undefined. */
function lintDuration(out: Collector, node: Node, key: string, mustBePositive: boolean): number | undefined {
  const bad = (text: Text, verdicts: Verdicts, replacement?: string): undefined => {
    const fixes = replacement ? [fix(bilingual('Change to {0}', q(replacement)), node, q(replacement))] : [];
    out.add('sc/duration-format', 'error', node, text, verdicts, fixes, key !== 'timeout');
    return undefined;
  };
  const form = bilingual('{0} must be a string like "0.1s" (seconds, leading digit, "s" suffix)', key);
  if (node.type === 'number') {
    return bad(bilingual('{0}, not a number.', form),
      { ...ALL('rejects') }, `${node.value}s`);
  }
  if (node.type === 'object' && key === 'timeout') {
    return bad(bilingual('{0}; the {seconds, nanos} object form is grpc-js only.', form),
      { core: 'rejects', go: 'rejects', node: 'accepts', java: 'rejects' });
  }
  if (node.type !== 'string') return bad(bilingual('{0}.', form), ALL('rejects'));
  const value = String(node.value);
  if (!PORTABLE_DURATION.test(value)) {
    const unit = /^(\d*\.?\d+)\s*(ns|us|µs|ms|s|m|min|h)$/i.exec(value.trim());
    if (/^\.\d{1,9}s$/.test(value)) {
      return bad(bilingual('{0}: {1} lacks the leading 0.', form, q(value)),
        { core: 'rejects', go: 'accepts', node: 'rejects', java: 'rejects' }, `0${value}`);
    }
    if (/^\d+(\.\d{1,9})?$/.test(value)) {
      return bad(bilingual('{0}: {1} has no "s".', form, q(value)), ALL('rejects'), `${value}s`);
    }
    if (/^\d+(\.\d{1,9})?S$/.test(value)) {
      return bad(bilingual('{0}: the suffix is a lower-case "s".', form), ALL('rejects'), value.toLowerCase());
    }
    if (unit && unit[2].toLowerCase() !== 's') {
      const seconds = Number(unit[1]) * UNIT_SECONDS[unit[2].toLowerCase()];
      const replacement = `${Number(seconds.toFixed(9))}s`;
      return bad(bilingual('{0}: {1} uses another unit.', form, q(value)), ALL('rejects'), PORTABLE_DURATION.test(replacement) ? replacement : undefined);
    }
    if (/^-\d+(\.\d{1,9})?s$/.test(value)) {
      return bad(bilingual('{0} must not be negative.', key), ALL('rejects'));
    }
    return bad(bilingual('{0}; {1} is not.', form, q(value)), ALL('rejects'));
  }
  const seconds = Number(value.slice(0, -1));
  if (mustBePositive && seconds === 0) {
    out.add('sc/backoff-invalid', 'error', node,
      bilingual('{0} must be greater than 0.', key),
      { core: 'rejects', go: 'rejects', node: 'accepts', java: 'rejects' }, [fix(bilingual('Change to "0.1s"'), node, '"0.1s"')], true);
    return undefined;
  }
  return seconds;
}

function lintStatusCodes(out: Collector, codes: Node): void {
  for (const item of codes.children ?? []) {
    if (item.type === 'number') {
      const n = Number(item.value);
      const name = Number.isInteger(n) && n >= 0 && n < STATUS_NAMES.length ? STATUS_NAMES[n] : undefined;
      if (name) {
        out.add('sc/status-as-number', 'error', item,
          bilingual('Status code {0} given as a number; write {1}.', n, q(name)),
          { core: 'rejects', go: 'accepts', node: 'accepts', java: 'accepts' }, [fix(bilingual('Change to {0}', q(name)), item, q(name))], true);
      } else {
        out.add('sc/unknown-status', 'error', item,
          bilingual('{0} is not a gRPC status code (0–16).', item.value), ALL('rejects'), [], true);
      }
      continue;
    }
    if (item.type !== 'string') {
      expectType(out, item, 'string', 'status code', ALL('rejects'));
      continue;
    }
    const value = String(item.value);
    const upper = value.toUpperCase();
    if (value === 'OK') {
      out.add('sc/unknown-status', 'warning', item,
        bilingual('OK is not a failure: listing it does nothing (grpc-java rejects it).'),
        { core: 'accepts', go: 'accepts', node: 'accepts', java: 'rejects' });
      continue;
    }
    if ((STATUS_NAMES as readonly string[]).includes(value)) continue;
    if ((STATUS_NAMES as readonly string[]).includes(upper)) {
      out.add('sc/status-name-case', 'error', item,
        bilingual('Status names are UPPER_CASE: {0}.', q(upper)),
        { core: 'rejects', go: 'rejects', node: 'accepts', java: 'rejects' }, [fix(bilingual('Change to {0}', q(upper)), inner(item), upper)], true);
      continue;
    }
    const suggestion = didYouMean(upper, STATUS_NAMES.filter((s) => s !== 'OK'));
    out.add('sc/unknown-status', 'error', item,
      suggestion ? bilingual('{0} is not a gRPC status code; did you mean {1}?', q(value), q(suggestion)) : bilingual('{0} is not a gRPC status code.', q(value)),
      ALL('rejects'), suggestion ? [fix(bilingual('Change to {0}', q(suggestion)), inner(item), suggestion)] : [], true);
  }
}

/** Retrying a stream on the codes a server shutdown produces does not re-open it once a response arrived. */
function lintStreamRetry(out: Collector, retry: Node, names: MethodName[], ctx: RuleContext): void {
  const codes = prop(retry, 'retryableStatusCodes');
  const listed = (codes?.children ?? []).map((c) => (typeof c.value === 'string' ? c.value.toUpperCase() : typeof c.value === 'number' ? STATUS_NAMES[c.value] : undefined));
  const shutdownCodes = [...new Set(listed.filter((c): c is string => c !== undefined && SHUTDOWN_CODES.has(c)))];
  if (!codes || !shutdownCodes.length) return;
  const index = ctx.protoIndex && ctx.protoIndex.services.size ? ctx.protoIndex : undefined;
  const explain = bilingual('A retry policy never retries a call after its first response: a stream that already delivered messages and is then cut by a server shutdown ends with the error; re-open it in the application.');
  const streaming: string[] = [];
  let unknown = index === undefined;
  for (const n of names) {
    if (!index || !n.service) {
      unknown = true;
      continue;
    }
    const methods = index.services.get(n.service);
    if (!methods) continue;
    for (const [method, info] of methods) {
      if ((!n.method || n.method === method) && info.serverStreaming) streaming.push(`${n.service}/${method}`);
    }
  }
  const codeList = shutdownCodes.join(', ');
  if (streaming.length) {
    const shown = streaming.slice(0, 3).join(', ') + (streaming.length > 3 ? ', …' : '');
    out.add('sc/stream-retry-after-response', 'information', codes,
      bilingual('Retrying {0} covers the streaming method(s) {1} only until their first response. {2}', codeList, shown, explain),
      ALL('accepts'));
  } else if (unknown) {
    out.add('sc/stream-retry-after-response', 'hint', codes,
      bilingual('Whether the methods named here stream is unknown ({0}). If they do, retrying {1} helps only until the first response. {2}', index ? bilingual('the name covers every method') : bilingual('no .proto found'), codeList, explain),
      ALL('accepts'));
  }
}

function lintThrottling(out: Collector, node: Node): void {
  checkKeys(out, node, 'retryThrottling');
  const tokens = prop(node, 'maxTokens');
  const ratio = prop(node, 'tokenRatio');
  if (!tokens || !ratio) {
    missingKey(out, node, tokens ? 'tokenRatio' : 'maxTokens', 'sc/retry-throttling-range');
  }
  if (tokens) {
    const v = Number(tokens.value);
    if (tokens.type !== 'number' || v <= 0) {
      out.add('sc/retry-throttling-range', 'error', tokens,
        bilingual('retryThrottling.maxTokens must be a number in (0, 1000].'), ALL('rejects'));
    } else if (v > 1000) {
      out.add('sc/retry-throttling-range', 'error', tokens,
        bilingual('retryThrottling.maxTokens {0} is above 1000.', v),
        { core: 'accepts', go: 'rejects', node: 'rejects', java: 'accepts' }, [fix(bilingual('Set maxTokens to 1000'), tokens, '1000')]);
    } else if (!Number.isInteger(v)) {
      out.add('sc/retry-throttling-range', 'error', tokens,
        bilingual('retryThrottling.maxTokens {0} is not an integer.', v),
        { core: 'rejects', go: 'accepts', node: 'accepts', java: 'accepts' }, [fix(bilingual('Set maxTokens to {0}', Math.round(v) || 1), tokens, String(Math.round(v) || 1))]);
    }
  }
  if (ratio && (ratio.type !== 'number' || !(Number(ratio.value) > 0))) {
    out.add('sc/retry-throttling-range', 'error', ratio,
      bilingual('retryThrottling.tokenRatio must be a number greater than 0.'), ALL('rejects'));
  }
}

/** For tests and tools: the node at a JSON path. */
export function nodeAt(text: string, path: (string | number)[]): Node | undefined {
  const root = parseTree(text);
  return root ? findNodeAtLocation(root, path) : undefined;
}
