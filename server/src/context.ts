import type { ClientCapabilities, Connection, InitializeParams, ServerCapabilities } from 'vscode-languageserver';
import type { Settings } from '../../shared/settings';
import type { DocumentStore } from './documents/documentStore';
import type { Locale } from './features/i18n';
import type { Knowledge } from './knowledge/index';
import type { Logger } from './logger';
import type { ScanConfigs } from './scanConfigs';
import type { SettingsCache } from './settingsCache';

/** What the client told us in `initialize`. */
export interface ClientInfo {
  locale: string | undefined;
  capabilities: ClientCapabilities;
}

/** Everything a feature needs; handed to each feature's register(). */
export interface ServerContext {
  readonly connection: Connection;
  readonly knowledge: Knowledge;
  readonly documents: DocumentStore;
  readonly settings: SettingsCache;
  readonly scanConfigs: ScanConfigs;
  readonly log: Logger;
  /** set once `initialize` arrived */
  client(): ClientInfo;
  /** the UI language for these settings (grpcDoctor.language, else the client's locale) */
  locale(settings: Settings): Locale;
  /** called after the configuration changed (caches already cleared) */
  onSettingsChanged(listener: () => void): void;
  /** called on `shutdown` (stop timers) */
  onShutdown(listener: () => void): void;
}

/**
 * One server feature (diagnostics, hover, custom requests, later code actions): adds its capabilities
 * to the `initialize` result and wires its handlers. Features only translate LSP to pure functions.
 */
export interface ServerFeature {
  readonly name: string;
  capabilities?(params: InitializeParams): ServerCapabilities;
  register(ctx: ServerContext): void;
}
