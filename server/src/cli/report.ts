/** `grpc-doctor report`: reads the named logs, scans them as `scan` does, and builds the incident report. */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { KnowledgeEntry } from '../../../shared/knowledge';
import type { Locale } from '../core/l10n';
import { collectLog } from '../core/report/collect';
import { roleFromName, type ReportFileInput } from '../core/report/incidents';
import { buildReport, type Report } from '../core/report/report';
import { renderHtml, renderJson, renderMarkdown } from '../core/report/render';
import type { PatternSet } from '../core/scan/patterns';
import { BytesAccess, StringAccess } from '../core/scan/textAccess';
import { binaryReason, scanFile } from './fileScanner';
import type { CliError } from './format';
import { describeFsError } from './walk';

/** Logs above this size are scanned but get no times (the report keeps a line index in memory). */
export const MAX_TIMED_BYTES = 1024 * 1024 * 1024;

export interface ReportRun {
  files: string[];
  set: PatternSet;
  byId: Map<string, KnowledgeEntry>;
  locale: Locale;
  windowMs?: number;
  includeLookalikes: boolean;
}

/** Reads one log into report input; errors name the file and never throw. */
export function readLog(file: string, set: PatternSet, includeLookalikes: boolean): ReportFileInput | CliError {
  try {
    const stat = fs.statSync(file);
    const role = roleFromName(file);
    const result = scanFile(set, file, { includeLookalikes });
    if (result.skipped) return { file, role, findings: [], events: [], skipped: result.skipped };
    if (stat.size > MAX_TIMED_BYTES) {
      return {
        file,
        role,
        findings: result.findings.map((finding) => ({ finding, text: finding.matched })),
        events: [],
        skipped: `larger than ${MAX_TIMED_BYTES / 1024 / 1024} MiB: no times`,
      };
    }
    const data = fs.readFileSync(file);
    const access = result.utf16 ? new StringAccess(data.toString('utf16le', 2)) : new BytesAccess(data);
    if (!result.utf16 && binaryReason(data.subarray(0, 8192)))
      return { file, role, findings: [], events: [], skipped: 'binary data' };
    return collectLog(file, access, result.findings, role, stat.mtimeMs);
  } catch (err) {
    return { file, message: describeFsError(err) };
  }
}

export function buildCliReport(run: ReportRun): { report: Report; errors: CliError[] } {
  const inputs: ReportFileInput[] = [];
  const errors: CliError[] = [];
  for (const file of run.files) {
    const r = readLog(file, run.set, run.includeLookalikes);
    if ('message' in r) errors.push(r);
    else inputs.push(r);
  }
  // Given a server log, the other logs are its clients.
  if (inputs.some((i) => i.role === 'server')) for (const i of inputs) if (i.role === 'unknown') i.role = 'client';
  const report = buildReport(inputs, run.byId, {
    locale: run.locale,
    ...(run.windowMs !== undefined ? { windowMs: run.windowMs } : {}),
  });
  return { report, errors };
}

export function renderCliReport(report: Report, format: string, version: string): string {
  const display = (f: string): string => f;
  if (format === 'json') return `${renderJson(report)}\n`;
  if (format === 'markdown') return renderMarkdown(report, { display });
  return renderHtml(report, {
    display,
    href: (f, line) => `${pathToFileURL(path.resolve(f)).href}#L${line + 1}`,
    version,
  });
}
