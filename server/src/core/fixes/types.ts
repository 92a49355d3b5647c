import type { StatusName } from '../../../../shared/knowledge';
import type { RetryPlan } from './serviceConfig';
import type { EditLanguage, Replacement } from './text';

export type SiteKind = 'channel' | 'server' | 'stream';

/** A place in source code where an action applies: a channel/server creation or a streaming call. */
export interface Site {
  kind: SiteKind;
  /** offset of the call (callee start) */
  start: number;
  /** offset just after the call's closing parenthesis */
  end: number;
  /** the variable the result is assigned to, when there is one */
  variable?: string;
  /** the streaming method called (stream sites) */
  method?: string;
  /** language variant, e.g. `asyncio` for grpc.aio in Python */
  variant?: string;
}

/** What every builder gets: the text, its code-only mask, the file's indentation unit. */
export interface EditInput {
  text: string;
  masked: string;
  unit: string;
}

/** How a provider describes itself: docs/quickfixes.md's table is generated from this (markdown). */
export interface ProviderMeta {
  /** the language as users name it */
  name: string;
  /** the channel creations a retry service config is offered on */
  channel: string;
  /** the server creations graceful shutdown is offered on */
  server: string;
}

/** A quick-fix provider: one per language family, registered in fixes/index.ts under shared/languages.ts's `fixes`. */
export interface LanguageSupport {
  language: EditLanguage;
  meta: ProviderMeta;
  /** channel, server and stream sites; `streamMethods` are the workspace's server-streaming method names */
  findSites(input: EditInput, streamMethods: ReadonlySet<string>): Site[];
  /** the span of an existing service config's `retryableStatusCodes` list contents, if any config exists */
  existingConfig(input: EditInput): { present: boolean; codes?: { start: number; end: number; codes: StatusName[] } };
  /** one more code for an existing list, in the list's quote style */
  renderCode(code: StatusName, quote: string): string;
  addRetryConfig(input: EditInput, site: Site, plan: RetryPlan): Replacement[] | undefined;
  hasReconnectHelper(text: string): boolean;
  addReconnectLoop(input: EditInput, site: Site | undefined, codes: StatusName[]): Replacement[] | undefined;
  hasGracefulShutdown(text: string): boolean;
  addGracefulShutdown(input: EditInput, site: Site): Replacement[] | undefined;
}
