import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { ClientInfo, ServerContext, ServerFeature } from './context';
import { DocumentStore } from './documents/documentStore';
import { resolveLocale } from './features/settings';
import { msg } from '../core/l10n';
import { defaultKnowledge, type Knowledge } from '../project/knowledgeFiles';
import { connectionLogger } from './logger';
import { ScanConfigs } from './scanConfigs';
import { PROJECT_WATCH_GLOB, ProjectFactsCache } from '../project/workspace';
import { SettingsCache } from './settingsCache';
import { diagnosticsFeature } from './handlers/diagnostics';
import { hoverFeature } from './handlers/hover';
import { requestsFeature } from './handlers/requests';
import { codeActionsFeature } from './handlers/codeActions';

/** The features every server has; issue-level additions (code actions, …) append to this list. */
export const DEFAULT_FEATURES: readonly ServerFeature[] = [
  diagnosticsFeature,
  hoverFeature,
  requestsFeature,
  codeActionsFeature,
];

export interface ServerOptions {
  features?: readonly ServerFeature[];
  knowledge?: Knowledge;
  version?: string;
}

/**
 * Wires the grpc-doctor server onto a connection (stdio, ipc, or an in-process stream pair in tests).
 * Only plumbing lives here; each feature registers its own handlers. Call connection.listen() afterwards.
 */
export function createServer(connection: Connection, options: ServerOptions = {}): ServerContext {
  const log = connectionLogger(connection);
  // The knowledge base (700 KB of JSON) and the compiled patterns are built on first use, which is right
  // after `initialize` is answered (on `initialized`), so the client gets its answer before that work.
  let knowledge = options.knowledge;
  const getKnowledge = (): Knowledge => (knowledge ??= defaultKnowledge());
  const features = options.features ?? DEFAULT_FEATURES;
  let client: ClientInfo = { locale: undefined, capabilities: {}, clientCommands: false };
  const settingsListeners: (() => void)[] = [];
  const shutdownListeners: (() => void)[] = [];
  const locale: ServerContext['locale'] = (settings) => resolveLocale(settings.language, client.locale);

  const documents = new DocumentStore(log);
  let supportsConfiguration = false;
  const settings = new SettingsCache(
    (scopeUri) =>
      supportsConfiguration
        ? connection.workspace.getConfiguration({ scopeUri, section: 'grpcDoctor' })
        : Promise.resolve(undefined),
    log,
  );
  let scanConfigs: ScanConfigs | undefined;
  const getScanConfigs = (): ScanConfigs =>
    (scanConfigs ??= new ScanConfigs(getKnowledge().entries, (problem, current) => {
      const message = `${msg(locale(current), 'grpc-doctor: a pattern in grpcDoctor.userPatterns was rejected and is not used')}: ${problem.pattern} (${problem.message})`;
      log.warn(message);
      // A notification, not window/showMessageRequest: nothing to answer, works in every client.
      void connection
        .sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message })
        .catch(() => undefined);
    }));

  // A broken .proto costs only its own services: quick fixes and the lint use the rest (logged once).
  const projects = new ProjectFactsCache(undefined, undefined, (p) =>
    log.warn(`${p.file}: ${p.message}; its services are left out of quick fixes and the service-config lint`),
  );
  settingsListeners.push(() => projects.clear());
  const ctx: ServerContext = {
    connection,
    get knowledge() {
      return getKnowledge();
    },
    documents,
    settings,
    get scanConfigs() {
      return getScanConfigs();
    },
    projects,
    log,
    client: () => client,
    locale,
    onSettingsChanged: (l) => void settingsListeners.push(l),
    onShutdown: (l) => void shutdownListeners.push(l),
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const initOptions = params.initializationOptions as { settings?: unknown; clientCommands?: unknown } | undefined;
    client = {
      locale: params.locale,
      capabilities: params.capabilities ?? {},
      clientCommands: initOptions?.clientCommands === true,
    };
    // Only files inside the workspace folders are read (no folder: no project files at all).
    try {
      projects.setWorkspaceFolders(
        params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []),
      );
    } catch (err) {
      log.error('reading the workspace folders failed', err);
    }
    supportsConfiguration = client.capabilities.workspace?.configuration === true;
    if (initOptions?.settings !== undefined) settings.changed(initOptions.settings);
    let capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    };
    for (const f of features) {
      try {
        capabilities = { ...capabilities, ...f.capabilities?.(params) };
      } catch (err) {
        log.error(`capabilities of ${f.name} failed`, err);
      }
    }
    return { capabilities, serverInfo: { name: 'grpc-doctor', version: options.version } };
  });

  connection.onInitialized(() => {
    try {
      const kb = getKnowledge();
      log.info(`grpc-doctor: ${kb.entries.length} knowledge entries from ${kb.origin}`);
      for (const p of [...kb.problems, ...getScanConfigs().knowledgeProblems])
        log.warn(`knowledge: ${JSON.stringify(p)}`);
    } catch (err) {
      log.error('loading the knowledge base failed', err);
    }
    // Project facts are re-read when a watched file changes; clients that cannot watch get a slow re-read.
    if (client.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: PROJECT_WATCH_GLOB }] })
        .then(() => {
          projects.ttlMs = Infinity;
        })
        .catch((err) =>
          log.warn(
            `registering the file watcher failed (project files are re-read every 30 s instead): ${String(err)}`,
          ),
        );
    }
    if (client.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'grpcDoctor' })
        .catch((err) => log.warn(`registering for configuration changes failed: ${String(err)}`));
    }
  });

  connection.onDidChangeConfiguration((params) => {
    try {
      settings.changed(params?.settings);
      for (const l of settingsListeners) l();
    } catch (err) {
      log.error('didChangeConfiguration failed', err);
    }
  });

  connection.onDidChangeWatchedFiles((params) => {
    try {
      projects.invalidate(params.changes.map((c) => c.uri));
    } catch (err) {
      log.error('didChangeWatchedFiles failed', err);
    }
  });

  connection.onShutdown(() => {
    for (const l of shutdownListeners) l();
  });

  documents.listen(connection);
  for (const f of features) {
    try {
      f.register(ctx);
    } catch (err) {
      log.error(`feature ${f.name} failed to start`, err);
    }
  }
  return ctx;
}
