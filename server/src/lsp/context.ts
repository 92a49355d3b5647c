import type { ClientCapabilities, Connection, InitializeParams, ServerCapabilities } from 'vscode-languageserver';
import type { Settings } from '../../../shared/settings';
import type { DocumentStore } from './documents/documentStore';
import type { ProjectFactsCache } from '../project/workspace';
import type { Locale } from '../core/l10n';
import type { Knowledge } from '../project/knowledgeFiles';
import type { Logger } from './logger';
import type { ScanConfigs } from './scanConfigs';
import type { SettingsCache } from './settingsCache';

/** What the client told us in `initialize`. */
export interface ClientInfo {
  locale: string | undefined;
  capabilities: ClientCapabilities;
  /**
   * The client runs grpc-doctor's own commands (grpcDoctor.openEntry, grpcDoctor.lookup) and trusts command
   * links in hovers: initializationOptions.clientCommands, sent by the VS Code extension. Other editors get
   * editor-neutral commands executed by the server (workspace/executeCommand) and plain-text pointers.
   */
  clientCommands: boolean;
}

/** Everything a feature needs; handed to each feature's register(). */
export interface ServerContext {
  readonly connection: Connection;
  readonly knowledge: Knowledge;
  readonly documents: DocumentStore;
  readonly settings: SettingsCache;
  readonly scanConfigs: ScanConfigs;
  /** .proto services and dependency versions per project root (quick fixes and the service-config lint) */
  readonly projects: ProjectFactsCache;
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
