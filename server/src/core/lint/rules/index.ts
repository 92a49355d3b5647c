/** The service-config lint rules, in docs order: one module each (`meta` + its checks, called from ../walk.ts). */
import type { RuleMeta } from '../kit';
import * as parseError from './parseError';
import * as wrongType from './wrongType';
import * as unknownKey from './unknownKey';
import * as wrongLevel from './wrongLevel';
import * as durationFormat from './durationFormat';
import * as maxAttemptsRange from './maxAttemptsRange';
import * as backoffInvalid from './backoffInvalid';
import * as backoffMultiplier from './backoffMultiplier';
import * as retryableCodesEmpty from './retryableCodesEmpty';
import * as statusNameCase from './statusNameCase';
import * as statusAsNumber from './statusAsNumber';
import * as unknownStatus from './unknownStatus';
import * as retryAndHedging from './retryAndHedging';
import * as duplicateMethodName from './duplicateMethodName';
import * as methodWithoutService from './methodWithoutService';
import * as missingName from './missingName';
import * as waitForReadyIgnored from './waitForReadyIgnored';
import * as wildcardName from './wildcardName';
import * as streamRetryAfterResponse from './streamRetryAfterResponse';
import * as retryThrottlingRange from './retryThrottlingRange';
import * as unknownService from './unknownService';
import * as unknownMethod from './unknownMethod';

export const RULES: readonly RuleMeta[] = [
  parseError.meta,
  wrongType.meta,
  unknownKey.meta,
  wrongLevel.meta,
  durationFormat.meta,
  maxAttemptsRange.meta,
  backoffInvalid.meta,
  backoffMultiplier.meta,
  retryableCodesEmpty.meta,
  statusNameCase.meta,
  statusAsNumber.meta,
  unknownStatus.meta,
  retryAndHedging.meta,
  duplicateMethodName.meta,
  methodWithoutService.meta,
  missingName.meta,
  waitForReadyIgnored.meta,
  wildcardName.meta,
  streamRetryAfterResponse.meta,
  retryThrottlingRange.meta,
  unknownService.meta,
  unknownMethod.meta,
];

export function ruleMeta(code: string): RuleMeta | undefined {
  return RULES.find((r) => r.code === code);
}
