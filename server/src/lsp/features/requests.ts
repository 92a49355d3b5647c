import { entryHref, type KnowledgeEntry } from '../../../../shared/knowledge';
import type {
  EntryParams,
  EntryResult,
  LookupParams,
  LookupResult,
  ScanTextParams,
  ScanTextResult,
  TextFinding,
} from '../../../../shared/protocol';
import { scanText } from '../../core/scan/matcher';
import type { PatternSet } from '../../core/scan/patterns';
import { normalizeLoneCR } from '../../core/scan/matcher';
import { localized, normalizeLocale, type Locale } from '../../core/l10n';
import { lookupEntries } from '../../core/knowledge/lookup';
import { renderEntryJson, renderEntryMarkdown } from '../../core/knowledge/render';
import { diagnosticMessage } from './diagnostics';

/** A request the client got wrong (missing/ill-typed parameter, unknown id); the message is for users. */
export class BadRequest extends Error {}
/** No entry has the requested id. */
export class UnknownEntry extends Error {}

const MAX_SCAN_TEXT = 20 * 1024 * 1024;

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new BadRequest(`"${name}" must be a string`);
  return value;
}

function localeOf(param: unknown, fallback: Locale): Locale {
  return typeof param === 'string' && param ? normalizeLocale(param) : fallback;
}

/** grpcDoctor/lookup */
export function lookup(entries: readonly KnowledgeEntry[], params: LookupParams, fallback: Locale): LookupResult {
  const query = requireString(params?.query, 'query');
  const limit = typeof params.limit === 'number' && Number.isFinite(params.limit) ? params.limit : undefined;
  return { matches: lookupEntries(entries, query, { limit, locale: localeOf(params.locale, fallback) }) };
}

/** grpcDoctor/entry */
export function entry(
  byId: ReadonlyMap<string, KnowledgeEntry>,
  params: EntryParams,
  fallback: Locale,
  unknownMessage: string,
): EntryResult {
  const id = requireString(params?.id, 'id');
  const format = params.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new BadRequest('"format" must be "markdown" or "json"');
  const found = byId.get(id);
  if (!found) throw new UnknownEntry(`${unknownMessage}: ${id}`);
  const content =
    format === 'json' ? renderEntryJson(found) : renderEntryMarkdown(found, localeOf(params.locale, fallback));
  const href = entryHref(found);
  return { id, format, content, ...(href ? { href } : {}) };
}

/** grpcDoctor/scanText: findings in text that is not a document (terminal, debug console). */
export function scanTextRequest(
  set: PatternSet,
  byId: ReadonlyMap<string, KnowledgeEntry>,
  params: ScanTextParams,
  defaults: { locale: Locale; includeLookalikes: boolean; maxFindings: number },
): ScanTextResult {
  const raw = requireString(params?.text, 'text');
  const text = normalizeLoneCR(raw.length > MAX_SCAN_TEXT ? raw.slice(0, MAX_SCAN_TEXT) : raw);
  const locale = localeOf(params.locale, defaults.locale);
  const includeLookalikes =
    typeof params.includeLookalikes === 'boolean' ? params.includeLookalikes : defaults.includeLookalikes;
  const max =
    typeof params.maxFindings === 'number' && params.maxFindings >= 1
      ? Math.floor(params.maxFindings)
      : defaults.maxFindings;
  const found = scanText(set, text, { includeLookalikes, maxFindings: max + 1 });
  const findings: TextFinding[] = found.slice(0, max).map((f) => {
    const e = byId.get(f.entryId);
    const href = e ? entryHref(e) : undefined;
    return {
      id: f.entryId,
      status: f.status,
      family: f.family,
      implementation: f.implementation,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      title: e ? localized(e, 'title', locale) : f.title,
      message: diagnosticMessage(f, e, locale),
      lookalike: f.lookalike,
      matched: f.matched,
      ...(href ? { href } : {}),
    };
  });
  return { findings, truncated: found.length > max || raw.length > MAX_SCAN_TEXT };
}
