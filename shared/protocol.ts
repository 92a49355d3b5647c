/**
 * Custom LSP messages of the grpc-doctor server (documented in docs/protocol.md). Method names are
 * `grpcDoctor/<verb>`; every request is sent from the client (VS Code extension, any editor) to the server.
 */
import { RequestType } from 'vscode-jsonrpc';
import type { Family, Implementation, KnowledgeEntry, Status, StatusName } from './knowledge';

/** 'en' or 'zh-cn'; any value starting with "zh" means Chinese, anything else English. */
export type LocaleParam = string;

/** What a diagnostic's `data` holds, so quick fixes need no rescan. */
export interface DiagnosticData {
  id: string;
  status: Status;
  family: Family;
  implementation: Implementation;
}

export interface LookupParams {
  query: string;
  /** 1…200, default 20 */
  limit?: number;
  /** default: the server's locale (initialize `locale` or grpcDoctor.language) */
  locale?: LocaleParam;
}

export interface LookupMatch {
  id: string;
  title: string;
  status: StatusName;
  family: Family;
  lookalike: boolean;
  /** 0 (worst) … 1 (exact) */
  score: number;
}

export interface LookupResult {
  matches: LookupMatch[];
}

/**
 * `grpcDoctor/lookup`: client → server when the user searches the knowledge base (command palette,
 * a pasted error line). Fuzzy over ids, titles, signatures, pattern texts, status names and Chinese text;
 * best first.
 */
export namespace LookupRequest {
  export const method = 'grpcDoctor/lookup';
  export const type = new RequestType<LookupParams, LookupResult, void>(method);
}

export interface EntryParams {
  id: string;
  locale?: LocaleParam;
  /** default 'markdown' */
  format?: 'markdown' | 'json';
}

export interface EntryResult {
  id: string;
  format: 'markdown' | 'json';
  /** rendered Markdown (in the requested language) or the entry as JSON text (both languages) */
  content: string;
  /** where the entry's documentation lives (same as a diagnostic's codeDescription.href) */
  href?: string;
}

/**
 * `grpcDoctor/entry`: client → server to show or export one entry (explain command, "open entry" links).
 * Unknown id → ResponseError RequestFailed.
 */
export namespace EntryRequest {
  export const method = 'grpcDoctor/entry';
  export const type = new RequestType<EntryParams, EntryResult, void>(method);
}

export interface ScanTextParams {
  text: string;
  locale?: LocaleParam;
  /** default: grpcDoctor.includeLookalikes */
  includeLookalikes?: boolean;
  /** default: grpcDoctor.maxProblems */
  maxFindings?: number;
}

/** One finding in text the client scanned; lines and columns 0-based, UTF-16. */
export interface TextFinding extends DiagnosticData {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  title: string;
  /** the diagnostic message, formatted as for documents ("UNAVAILABLE: Title") */
  message: string;
  lookalike: boolean;
  matched: string;
  href?: string;
}

export interface ScanTextResult {
  findings: TextFinding[];
  truncated: boolean;
}

/**
 * `grpcDoctor/scanText`: client → server with text that is not a document (terminal output, debug
 * console); returns the findings with the same matcher and settings as diagnostics.
 */
export namespace ScanTextRequest {
  export const method = 'grpcDoctor/scanText';
  export const type = new RequestType<ScanTextParams, ScanTextResult, void>(method);
}

/** Re-exported so clients need only this module. */
export type { KnowledgeEntry };

export interface ReportFileParam {
  /** a `file:` URI, or the URI of an open document (its current text is used) */
  uri: string;
  /** how the report names it (workspace-relative path); default: the file name */
  name?: string;
}

export interface ReportParams {
  files: ReportFileParam[];
  locale?: LocaleParam;
  /** a gap longer than this starts a new incident, in ms (default 5000) */
  windowMs?: number;
  /** 'html' (default): a page for a webview; 'markdown' or 'json' */
  format?: 'html' | 'markdown' | 'json';
  /** html: the nonce of the webview's CSP; its script posts {command:'reveal', file: uri, line} on link clicks */
  nonce?: string;
  /** html: the webview's cspSource */
  cspSource?: string;
}

export interface ReportResult {
  content: string;
  incidents: number;
  findings: number;
  /** files that could not be read, with the reason */
  errors: { uri: string; message: string }[];
}

/**
 * `grpcDoctor/report`: client → server for "Analyze Log": the incident report of one or more logs
 * (client and server logs together), the same report `grpc-doctor report` writes.
 */
export namespace ReportRequest {
  export const method = 'grpcDoctor/report';
  export const type = new RequestType<ReportParams, ReportResult, void>(method);
}
