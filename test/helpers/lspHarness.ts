/**
 * Talks real LSP (JSON-RPC with Content-Length framing) to the grpc-doctor server: in-process over a pair
 * of streams with the real vscode-languageserver connection (`startInProcess`), or to a spawned process
 * (`attach` to its stdin/stdout). The client side is a vscode-jsonrpc MessageConnection.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  type Hover,
  type InitializeResult,
  type LogMessageParams,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import type { ServerContext } from '../../server/src/lsp/context';
import { createServer, type ServerOptions } from '../../server/src/lsp/server';
import { serverConnectionOptions } from '../../server/src/lsp/cancellation';
import { registerProtocolGuard } from '../../server/src/lsp/protocolGuard';

export interface InitOptions {
  locale?: string;
  /** answer workspace/configuration (default true); false = a client that can only push settings */
  configuration?: boolean;
  /** the `grpcDoctor` section the client answers with (per scope URI when a function) */
  settings?: unknown | ((scopeUri: string | undefined) => unknown);
  initializationOptions?: unknown;
  /** workspace folders (directory paths): the server reads project files only inside them */
  workspaceFolders?: string[];
}

interface Waiter {
  uri: string;
  accept: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class LspHarness {
  readonly logs: LogMessageParams[] = [];
  readonly shown: ShowMessageParams[] = [];
  /** every publishDiagnostics, in arrival order */
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: Waiter[] = [];
  private settings: InitOptions['settings'];
  private versions = new Map<string, number>();
  /** the server's context, for in-process servers (tests that look at what the server keeps) */
  context: ServerContext | undefined;

  constructor(
    readonly connection: MessageConnection,
    private readonly onDispose: () => void = () => {},
  ) {
    connection.onNotification(LogMessageNotification.type, (p) => void this.logs.push(p));
    connection.onNotification(ShowMessageNotification.type, (p) => void this.shown.push(p));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      const ready = this.waiters.filter((w) => w.uri === p.uri && w.accept(p));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map(
        (item) =>
          (typeof this.settings === 'function'
            ? (this.settings as (u?: string) => unknown)(item.scopeUri)
            : this.settings) ?? null,
      ),
    );
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.listen();
  }

  async initialize(options: InitOptions = {}): Promise<InitializeResult> {
    this.settings = options.settings;
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      locale: options.locale,
      capabilities: {
        workspace: {
          configuration: options.configuration ?? true,
          didChangeConfiguration: { dynamicRegistration: true },
        },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { codeDescriptionSupport: true, dataSupport: true },
        },
      },
      initializationOptions: options.initializationOptions,
      workspaceFolders:
        options.workspaceFolders?.map((dir) => ({ uri: pathToFileURL(dir).href, name: path.basename(dir) })) ?? null,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** New settings, then didChangeConfiguration (pushed too, for clients without workspace/configuration). */
  async setSettings(settings: InitOptions['settings']): Promise<void> {
    this.settings = settings;
    const pushed = typeof settings === 'function' ? (settings as (u?: string) => unknown)(undefined) : settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { grpcDoctor: pushed ?? null },
    });
  }

  async open(uri: string, text: string, languageId = 'log'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  }

  /**
   * The next publishDiagnostics for uri that satisfies accept. Register before the action that triggers
   * it; fails after timeoutMs instead of hanging.
   */
  diagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `no matching diagnostics for ${uri} within ${timeoutMs} ms (got ${JSON.stringify(this.published.filter((p) => p.uri === uri).slice(-1))})`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        uri,
        accept,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** shutdown + exit (a spawned server then ends its process) */
  async shutdown(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
  }

  /** For in-process servers: `shutdown` (stops the server's timers), then close the streams. */
  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    this.connection.dispose();
    this.onDispose();
  }
}

/** A client attached to a server's streams (e.g. a spawned `server.js --stdio`). */
export function attach(fromServer: Readable, toServer: Writable): LspHarness {
  return new LspHarness(
    createMessageConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer)),
  );
}

/**
 * The server in this process over two PassThrough streams: the real vscode-languageserver connection
 * and our createServer, no mocks. Never send `exit` to it (that would end the test process).
 */
export function startInProcess(options: ServerOptions = {}): LspHarness {
  const up = new PassThrough(); // client → server
  const down = new PassThrough(); // server → client
  const serverConnection = createConnection(
    new StreamMessageReader(up),
    new StreamMessageWriter(down),
    serverConnectionOptions(),
  );
  registerProtocolGuard(serverConnection);
  const context = createServer(serverConnection, options);
  serverConnection.listen();
  const harness = new LspHarness(
    createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up)),
    () => {
      serverConnection.dispose();
      up.destroy();
      down.destroy();
    },
  );
  harness.context = context;
  return harness;
}
