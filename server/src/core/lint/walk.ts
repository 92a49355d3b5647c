/**
 * The service-config lint on the JSON text itself (offsets into that text): walks the config's levels
 * and hands each part to the rules that check it (lint/rules/*.ts, one module per rule code). Facts per
 * implementation: shared/reference retry-facts §1.2–§2; docs/lint.md is generated from the rules' `meta`.
 */
import type { Node } from 'jsonc-parser';
import { ALL, Collector, prop, type RawProblem, type RuleContext } from './kit';
import * as backoffInvalid from './rules/backoffInvalid';
import * as backoffMultiplier from './rules/backoffMultiplier';
import * as duplicateMethodName from './rules/duplicateMethodName';
import * as durationFormat from './rules/durationFormat';
import * as maxAttemptsRange from './rules/maxAttemptsRange';
import * as methodWithoutService from './rules/methodWithoutService';
import * as missingName from './rules/missingName';
import * as parseError from './rules/parseError';
import * as retryAndHedging from './rules/retryAndHedging';
import * as retryableCodesEmpty from './rules/retryableCodesEmpty';
import * as retryThrottlingRange from './rules/retryThrottlingRange';
import * as statusAsNumber from './rules/statusAsNumber';
import * as statusNameCase from './rules/statusNameCase';
import * as streamRetryAfterResponse from './rules/streamRetryAfterResponse';
import * as unknownKey from './rules/unknownKey';
import * as unknownMethod from './rules/unknownMethod';
import * as unknownService from './rules/unknownService';
import * as unknownStatus from './rules/unknownStatus';
import * as waitForReadyIgnored from './rules/waitForReadyIgnored';
import * as wildcardName from './rules/wildcardName';
import * as wrongType from './rules/wrongType';
import { STATUS_NAMES } from './schema';
import type { Verdicts } from './types';

export type { OffsetEdit, RawFix, RawProblem, RuleContext } from './kit';

export interface MethodName {
  service: string;
  method: string;
  node: Node;
}

/** Hedging is implemented by grpc-js and grpc-java only; the others ignore a hedgingPolicy. */
const HEDGING: Verdicts = { core: 'ignores', go: 'ignores', node: 'rejects', java: 'rejects' };

export function lintServiceConfigJson(text: string, ctx: RuleContext): RawProblem[] {
  const out = new Collector(ctx);
  const root = parseError.check(out, text);
  if (!root) return out.problems;
  if (!wrongType.check(out, root, 'object', 'service config', ALL('rejects'))) return out.problems;
  unknownKey.check(out, root, 'top');
  const methodConfigs = prop(root, 'methodConfig');
  if (methodConfigs && wrongType.check(out, methodConfigs, 'array', 'methodConfig', ALL('rejects'))) {
    const seen = new Map<string, Node>();
    for (const mc of methodConfigs.children ?? []) {
      if (!wrongType.check(out, mc, 'object', 'methodConfig entry', ALL('rejects'))) continue;
      methodConfig(out, mc, seen);
    }
  }
  const throttling = prop(root, 'retryThrottling');
  if (throttling && wrongType.check(out, throttling, 'object', 'retryThrottling', ALL('rejects'))) {
    unknownKey.check(out, throttling, 'retryThrottling');
    retryThrottlingRange.check(out, throttling);
  }
  return out.problems;
}

function methodConfig(out: Collector, mc: Node, seen: Map<string, Node>): void {
  unknownKey.check(out, mc, 'methodConfig');
  const names = nameList(out, mc, seen);
  const timeout = prop(mc, 'timeout');
  if (timeout) durationFormat.check(out, timeout, 'timeout');
  const wfr = prop(mc, 'waitForReady');
  if (wfr) wrongType.check(out, wfr, 'boolean', 'waitForReady', ALL('rejects'));
  waitForReadyIgnored.check(out, wfr);
  for (const key of ['maxRequestMessageBytes', 'maxResponseMessageBytes']) {
    const v = prop(mc, key);
    if (v) wrongType.check(out, v, 'number', key, ALL('rejects'));
  }
  retryAndHedging.check(out, mc);
  const retry = prop(mc, 'retryPolicy');
  if (retry && wrongType.check(out, retry, 'object', 'retryPolicy', ALL('rejects'))) {
    retryPolicy(out, retry);
    if (names) streamRetryAfterResponse.check(out, retry, names);
  }
  const hedging = prop(mc, 'hedgingPolicy');
  if (hedging && wrongType.check(out, hedging, 'object', 'hedgingPolicy', HEDGING)) {
    unknownKey.check(out, hedging, 'hedgingPolicy');
    maxAttemptsRange.check(out, prop(hedging, 'maxAttempts'), hedging, HEDGING);
    const delay = prop(hedging, 'hedgingDelay');
    if (delay) durationFormat.check(out, delay, 'hedgingDelay');
    const codes = prop(hedging, 'nonFatalStatusCodes');
    if (codes && wrongType.check(out, codes, 'array', 'nonFatalStatusCodes', ALL('rejects'))) statusCodes(out, codes);
  }
}

/** `name`: missing/empty lists, method without service, duplicates, wildcard, unknown services/methods. */
function nameList(out: Collector, mc: Node, seen: Map<string, Node>): MethodName[] | undefined {
  const nameNode = prop(mc, 'name');
  const hasPolicy = prop(mc, 'retryPolicy') !== undefined || prop(mc, 'hedgingPolicy') !== undefined;
  if (missingName.checkMissing(out, mc, nameNode) || !nameNode) return undefined;
  if (!wrongType.check(out, nameNode, 'array', 'name', ALL('rejects'))) return undefined;
  if (missingName.checkEmpty(out, nameNode)) return [];
  const result: MethodName[] = [];
  for (const entry of nameNode.children ?? []) {
    if (!wrongType.check(out, entry, 'object', 'name entry', ALL('rejects'))) continue;
    unknownKey.check(out, entry, 'name');
    const serviceNode = prop(entry, 'service');
    const methodNode = prop(entry, 'method');
    if (serviceNode && serviceNode.type !== 'string' && serviceNode.type !== 'null')
      wrongType.check(out, serviceNode, 'string', 'service', ALL('rejects'));
    if (methodNode && methodNode.type !== 'string' && methodNode.type !== 'null')
      wrongType.check(out, methodNode, 'string', 'method', ALL('rejects'));
    const service = typeof serviceNode?.value === 'string' ? serviceNode.value : '';
    const method = typeof methodNode?.value === 'string' ? methodNode.value : '';
    if (methodWithoutService.check(out, entry, serviceNode, service, method)) continue;
    duplicateMethodName.check(out, entry, service, method, seen);
    wildcardName.check(out, entry, service, hasPolicy);
    const methods = unknownService.check(out, service, serviceNode);
    if (methods) unknownMethod.check(out, methods, service, method, methodNode);
    result.push({ service, method, node: entry });
  }
  return result;
}

function retryPolicy(out: Collector, retry: Node): void {
  unknownKey.check(out, retry, 'retryPolicy');
  maxAttemptsRange.check(out, prop(retry, 'maxAttempts'), retry, ALL('rejects'));
  const initial = prop(retry, 'initialBackoff');
  const max = prop(retry, 'maxBackoff');
  const initialSeconds = initial
    ? backoff(out, initial, 'initialBackoff')
    : backoffInvalid.checkMissing(out, retry, 'initialBackoff');
  const maxSeconds = max ? backoff(out, max, 'maxBackoff') : backoffInvalid.checkMissing(out, retry, 'maxBackoff');
  if (initial && max && initialSeconds !== undefined && maxSeconds !== undefined)
    backoffInvalid.checkOrder(out, initial, initialSeconds, max, maxSeconds);
  backoffMultiplier.check(out, retry, prop(retry, 'backoffMultiplier'));
  const codes = prop(retry, 'retryableStatusCodes');
  if (
    retryableCodesEmpty.check(out, retry, codes) &&
    wrongType.check(out, codes, 'array', 'retryableStatusCodes', ALL('rejects'))
  )
    statusCodes(out, codes);
}

/** A backoff duration: portable form and greater than 0; its seconds when usable. */
function backoff(out: Collector, node: Node, key: string): number | undefined {
  const seconds = durationFormat.check(out, node, key);
  return seconds !== undefined && backoffInvalid.checkZero(out, node, key, seconds) ? undefined : seconds;
}

function statusCodes(out: Collector, codes: Node): void {
  for (const item of codes.children ?? []) {
    if (statusAsNumber.check(out, item) || unknownStatus.checkNumber(out, item)) continue;
    if (item.type !== 'string') {
      wrongType.check(out, item, 'string', 'status code', ALL('rejects'));
      continue;
    }
    const value = String(item.value);
    if (unknownStatus.checkOk(out, item, value)) continue;
    if ((STATUS_NAMES as readonly string[]).includes(value)) continue;
    if (statusNameCase.check(out, item, value)) continue;
    unknownStatus.checkName(out, item, value);
  }
}
