/** grpcDoctor/report: the incident report of logs the editor names (open documents or files). */
import { fileURLToPath } from 'url';
import type { KnowledgeEntry } from '../../../../shared/knowledge';
import type { ReportParams, ReportResult } from '../../../../shared/protocol';
import type { Locale } from '../../core/l10n';
import { normalizeLocale } from '../../core/l10n';
import { collectLog } from '../../core/report/collect';
import { roleFromName, type ReportFileInput } from '../../core/report/incidents';
import { buildReport } from '../../core/report/report';
import { renderHtml, renderJson, renderMarkdown } from '../../core/report/render';
import { scanText } from '../../core/scan/matcher';
import type { PatternSet } from '../../core/scan/patterns';
import { StringAccess } from '../../core/scan/textAccess';
import { normalizeLoneCR } from '../../core/scan/matcher';
import { BadRequest } from './requests';

export interface ReportDeps {
  set: PatternSet;
  byId: ReadonlyMap<string, KnowledgeEntry>;
  locale: Locale;
  includeLookalikes: boolean;
  /** the current text of an open document */
  openText(uri: string): string | undefined;
  /** reads a file: its text and modification time; throws with a message */
  readFile(path: string): { text: string; mtimeMs: number };
  version: string;
}

const MAX_FILES = 50;

export function reportRequest(params: ReportParams, deps: ReportDeps): ReportResult {
  const files = params?.files;
  if (
    !Array.isArray(files) ||
    !files.length ||
    files.length > MAX_FILES ||
    files.some((f) => typeof f?.uri !== 'string')
  ) {
    throw new BadRequest(`"files" must be 1 to ${MAX_FILES} objects with a "uri"`);
  }
  const format = params.format ?? 'html';
  if (!['html', 'markdown', 'json'].includes(format))
    throw new BadRequest('"format" must be "html", "markdown" or "json"');
  const locale = typeof params.locale === 'string' && params.locale ? normalizeLocale(params.locale) : deps.locale;
  const names = new Map(files.map((f) => [f.uri, f.name || decodeURIComponent(f.uri.split('/').pop() ?? f.uri)]));
  const inputs: ReportFileInput[] = [];
  const errors: ReportResult['errors'] = [];
  for (const { uri } of files) {
    try {
      let text = deps.openText(uri);
      let mtime: number | undefined;
      if (text === undefined) {
        if (!uri.startsWith('file:')) throw new Error('not open and not a file');
        const read = deps.readFile(fileURLToPath(uri));
        text = read.text;
        mtime = read.mtimeMs;
      }
      const normalized = normalizeLoneCR(text);
      const findings = scanText(deps.set, normalized, { includeLookalikes: deps.includeLookalikes });
      inputs.push(collectLog(uri, new StringAccess(normalized), findings, roleFromName(names.get(uri)!), mtime));
    } catch (err) {
      errors.push({ uri, message: err instanceof Error ? err.message : String(err) });
    }
  }
  if (inputs.some((i) => i.role === 'server')) for (const i of inputs) if (i.role === 'unknown') i.role = 'client';
  const windowMs = typeof params.windowMs === 'number' && params.windowMs > 0 ? params.windowMs : undefined;
  const report = buildReport(inputs, new Map(deps.byId), { locale, ...(windowMs ? { windowMs } : {}) });
  const display = (uri: string): string => names.get(uri) ?? uri;
  const content =
    format === 'json'
      ? renderJson(report)
      : format === 'markdown'
        ? renderMarkdown(report, { display })
        : renderHtml(report, {
            display,
            version: deps.version,
            ...(typeof params.nonce === 'string' && /^[A-Za-z0-9+/=_-]{8,128}$/.test(params.nonce)
              ? { webviewNonce: params.nonce }
              : {}),
            ...(typeof params.cspSource === 'string' && /^[\w:/.*-]+$/.test(params.cspSource)
              ? { cspSource: params.cspSource }
              : {}),
          });
  return { content, incidents: report.incidents.length, findings: report.totalFindings, errors };
}
