import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { KnowledgeEntry, StatusName } from '../../../../shared/knowledge';
import type { DependencyVersions } from '../../core/versions';
import { editInput, editLanguageOf, languageSupport } from '../../core/fixes/index';
import { streamingMethodNames, type ProtoService } from '../../core/proto';
import {
  reconnectCodesFor,
  retryableCodesFor,
  retryVersionWarnings,
  type RetryPlan,
} from '../../core/fixes/serviceConfig';
import type { Replacement } from '../../core/fixes/text';
import { rangesOverlap } from './ranges';
import type { EditInput, LanguageSupport, Site } from '../../core/fixes/types';
import { localized, msg, type Locale } from '../../core/l10n';

/** Commands of the VS Code extension (client side): the entry view and the lookup picker. */
export const OPEN_ENTRY_COMMAND = 'grpcDoctor.openEntry';
export const LOOKUP_COMMAND = 'grpcDoctor.lookup';
/** Editor-neutral commands the server itself executes (workspace/executeCommand), for every other client. */
export const SERVER_EXPLAIN_COMMAND = 'grpcDoctor.server.explain';
export const SERVER_SEARCH_COMMAND = 'grpcDoctor.server.search';
export const SERVER_COMMANDS = [SERVER_EXPLAIN_COMMAND, SERVER_SEARCH_COMMAND];

/**
 * The document a request is about. `text` may be a getter: on logs (no edit actions) only `rangeText`, when
 * given, is read, so a code action request on a big log never copies or line-indexes the whole text.
 */
export interface CodeActionDocument {
  uri: string;
  version: number;
  text: string;
  languageId: string;
  rangeText?(range: Range): string;
}

export interface CodeActionContextData {
  protoServices: readonly ProtoService[];
  dependencyVersions: DependencyVersions;
  knowledge: { byId: ReadonlyMap<string, KnowledgeEntry> };
  locale?: Locale;
  /** the document version the server holds now; actions for any other version are refused */
  currentVersion?: number;
  /** the client runs grpcDoctor.openEntry / grpcDoctor.lookup itself (VS Code); else the server's commands */
  clientCommands?: boolean;
}

/** At most this many per-service retry actions (the picker), plus the explicit wildcard. */
const MAX_SERVICE_ACTIONS = 8;

function entryIdOf(d: Diagnostic): string | undefined {
  const data = d.data as { id?: unknown } | undefined;
  if (typeof data?.id === 'string') return data.id;
  return typeof d.code === 'string' ? d.code : undefined;
}

/**
 * Code actions for a range: Explain / Search knowledge base commands for findings, and edits (retry
 * service config, stream reconnection loop, graceful server shutdown) on gRPC sites of source files.
 * Every edit is a TextDocumentEdit for `document.version`; nothing is offered for a stale version.
 */
export function codeActionsFor(
  document: CodeActionDocument,
  range: Range,
  diagnostics: readonly Diagnostic[],
  context: CodeActionContextData,
): CodeAction[] {
  if (context.currentVersion !== undefined && context.currentVersion !== document.version) return [];
  const locale = context.locale ?? 'en';
  let textDocument: TextDocument | undefined;
  const doc = (): TextDocument =>
    (textDocument ??= TextDocument.create(document.uri, document.languageId, document.version, document.text));
  const findings = diagnostics
    .filter((d) => rangesOverlap(d.range, range))
    .map((d) => ({ diagnostic: d, entry: context.knowledge.byId.get(entryIdOf(d) ?? '') }))
    .filter((f): f is { diagnostic: Diagnostic; entry: KnowledgeEntry } => !!f.entry);
  const actions: CodeAction[] = [];
  const status = findings.find((f) => f.entry.status.name !== 'NONE')?.entry.status.name;
  actions.push(...editActions(document, doc, range, findings, status, context, locale));
  const explained = new Set<string>();
  for (const { diagnostic, entry } of findings) {
    if (explained.has(entry.id)) continue;
    explained.add(entry.id);
    const title = msg(locale, 'Explain: {0}', localized(entry, 'title', locale));
    const command = context.clientCommands ? OPEN_ENTRY_COMMAND : SERVER_EXPLAIN_COMMAND;
    actions.push({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title, command, arguments: [{ id: entry.id }] },
    });
  }
  const query = searchQuery(document.rangeText ? document.rangeText(range) : doc().getText(range), findings);
  if (query) {
    // one line in every menu: no newline, tab or run of spaces from the document reaches the title
    const shown = query.replace(/\s+/g, ' ');
    const title = msg(
      locale,
      'Search gRPC Doctor knowledge base for "{0}"',
      shown.length > 40 ? `${shown.slice(0, 39)}…` : shown,
    );
    const command = context.clientCommands ? LOOKUP_COMMAND : SERVER_SEARCH_COMMAND;
    actions.push({ title, kind: CodeActionKind.QuickFix, command: { title, command, arguments: [{ query }] } });
  }
  return actions;
}

function searchQuery(
  rangeText: string,
  findings: { diagnostic: Diagnostic; entry: KnowledgeEntry }[],
): string | undefined {
  const selected = rangeText.trim();
  if (selected && selected.length <= 300 && !selected.includes('\n')) return selected;
  const matched = (findings[0]?.diagnostic.data as { matched?: unknown } | undefined)?.matched;
  if (typeof matched === 'string' && matched.trim()) return matched.trim();
  return findings[0]?.entry.signature;
}

function editActions(
  document: CodeActionDocument,
  textDocument: () => TextDocument,
  range: Range,
  findings: { diagnostic: Diagnostic; entry: KnowledgeEntry }[],
  status: StatusName | undefined,
  context: CodeActionContextData,
  locale: Locale,
): CodeAction[] {
  const language = editLanguageOf(document.languageId, document.uri);
  if (!language) return [];
  const doc = textDocument();
  const support = languageSupport(language);
  const input = editInput(document.text, language);
  const sites = support.findSites(input, streamingMethodNames(context.protoServices));
  const inRange = (s: Site) =>
    rangesOverlap(
      { start: doc.positionAt(s.start), end: doc.positionAt(s.end) },
      {
        start: { line: range.start.line, character: 0 },
        end: { line: range.end.line, character: Number.MAX_SAFE_INTEGER },
      },
    );
  const diagnosticsFor = findings.map((f) => f.diagnostic);
  // on a finding, the file's first site of each kind stands in for the one under the cursor
  const pick = (kind: Site['kind']) =>
    sites.find((s) => s.kind === kind && inRange(s)) ??
    (findings.length ? sites.find((s) => s.kind === kind) : undefined);
  const actions: CodeAction[] = [];
  const make = (fix: FixId, title: string, replacements: Replacement[] | undefined, preferred = false): void => {
    if (!replacements?.length) return;
    const edits: TextEdit[] = replacements.map((r) => ({
      range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) },
      newText: r.newText,
    }));
    actions.push({
      title,
      kind: CodeActionKind.QuickFix,
      ...(diagnosticsFor.length ? { diagnostics: diagnosticsFor } : {}),
      ...(preferred ? { isPreferred: true } : {}),
      edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] },
      data: fix,
    });
  };

  const channel = pick('channel');
  if (channel) retryActions(support, input, channel, status, context, locale, make);
  const stream =
    sites.find((s) => s.kind === 'stream' && inRange(s)) ??
    (findings.length ? sites.find((s) => s.kind === 'stream') : undefined);
  if ((stream || findings.length) && !support.hasReconnectHelper(document.text)) {
    make(
      { fix: 'reconnect-loop' },
      msg(locale, 'Add reconnection loop for this stream'),
      support.addReconnectLoop(input, stream, reconnectCodesFor(status)),
    );
  }
  const serverFinding = findings.some(
    (f) => f.entry.family === 'server-graceful-stop' || f.entry.family === 'server-hard-stop',
  );
  const server =
    sites.find((s) => s.kind === 'server' && inRange(s)) ??
    (serverFinding ? sites.find((s) => s.kind === 'server') : undefined);
  if (server && !support.hasGracefulShutdown(document.text))
    make(
      { fix: 'graceful-shutdown' },
      msg(locale, 'Add graceful shutdown to this server'),
      support.addGracefulShutdown(input, server),
    );
  return actions;
}

/** Which fix an action is (CodeAction.data): stable across locales, used by tests and the snapshot names. */
export interface FixId {
  fix: 'retry-config' | 'edit-retry-codes' | 'reconnect-loop' | 'graceful-shutdown';
  target?: string;
}

type Make = (fix: FixId, title: string, replacements: Replacement[] | undefined, preferred?: boolean) => void;

function retryActions(
  support: LanguageSupport,
  input: EditInput,
  site: Site,
  status: StatusName | undefined,
  context: CodeActionContextData,
  locale: Locale,
  make: Make,
): void {
  const codes = retryableCodesFor(status);
  const existing = support.existingConfig(input);
  if (existing.present) {
    // a config is there already: offer to complete its code list instead of adding a second one
    const list = existing.codes;
    const missing = list ? codes.filter((c) => !list.codes.includes(c)) : [];
    if (list && missing.length) {
      const quote = /['"]/.exec(input.text.slice(list.start, list.end))?.[0] ?? '"';
      const inside = input.text.slice(list.start, list.end);
      const trailing = inside.trimEnd().endsWith(',');
      const at = list.start + inside.trimEnd().length;
      const separator = inside.trim() === '' || trailing ? (trailing ? ' ' : '') : ', ';
      make(
        { fix: 'edit-retry-codes' },
        msg(locale, 'Add {0} to the existing retry service config', missing.join(', ')),
        [{ start: at, end: at, newText: separator + missing.map((c) => support.renderCode(c, quote)).join(', ') }],
      );
    }
    return;
  }
  const warn = (warnings: string[]) => (warnings.length ? ` (${msg(locale, 'warning')}: ${warnings.join('; ')})` : '');
  const services = context.protoServices.slice(0, MAX_SERVICE_ACTIONS);
  services.forEach((service, index) => {
    const plan: RetryPlan = {
      names: [{ service: service.name }],
      wildcard: false,
      retryableStatusCodes: codes,
      coversStreams: service.methods.some((m) => m.requestStream || m.responseStream),
      warnings: retryVersionWarnings(support.language, context.dependencyVersions, false),
    };
    make(
      { fix: 'retry-config', target: service.name },
      msg(locale, 'Add retry service config for {0}', service.name) + warn(plan.warnings),
      support.addRetryConfig(input, site, plan),
      index === 0 && services.length === 1,
    );
  });
  const wildcard: RetryPlan = {
    names: [{}],
    wildcard: true,
    retryableStatusCodes: codes,
    coversStreams: true,
    warnings: retryVersionWarnings(support.language, context.dependencyVersions, true),
  };
  make(
    { fix: 'retry-config', target: '*' },
    msg(locale, 'Add retry service config for every method ([{}]: also retries non-idempotent methods)') +
      warn(wildcard.warnings),
    support.addRetryConfig(input, site, wildcard),
  );
}
