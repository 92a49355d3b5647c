import { implementationName } from '../../../../shared/implementations';
import { entryHref, type KnowledgeEntry, type Measurement } from '../../../../shared/knowledge';
import type { Finding } from '../scan/matcher';
import { policyHelpsLabel, t, type Locale } from '../i18n';


/** "recovered 19/20 (grpc-js 1.14, unary, 0.5 s restart)" — the only way a number reaches users. */
export function formatMeasurement(m: Measurement, locale: Locale, verb: 'recovered' | 'failed' = 'recovered'): string {
  return `${t(verb, locale)} ${m.successes}/${m.runs} (${m.measuredWith}, ${m.scenario}, ${m.date})`;
}

function pick<T extends object>(obj: T, key: string, locale: Locale): string {
  const record = obj as Record<string, unknown>;
  const zh = record[`${key}_zh`];
  return String(locale === 'zh-cn' && typeof zh === 'string' ? zh : record[key]);
}

export interface RenderOptions {
  /** the finding being hovered: its status/implementation as printed take precedence */
  finding?: Finding;
  /** compact form for hovers: fewer sections */
  compact?: boolean;
}

/** Markdown for hover, `explain` and the export; every number shown comes from stored measurements. */
export function renderEntryMarkdown(entry: KnowledgeEntry, locale: Locale, options: RenderOptions = {}): string {
  const f = options.finding;
  const status = f?.status ?? entry.status;
  const impl = f?.implementation ?? entry.patterns[0]?.implementation ?? 'any';
  const lines: string[] = [];
  lines.push(`### ${pick(entry, 'title', locale)}`);
  lines.push('');
  const statusText = status.code >= 0 ? `\`${status.name}\` (${status.code})` : '—';
  const printed = f?.wrapper && f.wrapper !== impl ? ` · ${t('printedBy', locale)} ${implementationName(f.wrapper, locale)}` : '';
  lines.push(`**${t('status', locale)}:** ${statusText} · **${t('implementation', locale)}:** ${implementationName(impl, locale)}${printed}`);
  if (entry.lookalike) lines.push('', `> ${t('lookalike', locale)}`);
  if (!entry.verified) {
    const note = (locale === 'zh-cn' ? entry.unverified_note_zh : undefined) ?? entry.unverified_note ?? '';
    lines.push('', `> **${t('unverified', locale)}:** ${note}`);
  }
  lines.push('', `\`${entry.signature}\``);
  lines.push('', `**${t('meaning', locale)}:** ${pick(entry, 'status_meaning', locale)}`);
  lines.push('', `**${t('rootCause', locale)}:** ${pick(entry, 'root_cause', locale)}`);
  lines.push('', `**${t('when', locale)}:** ${pick(entry, 'trigger', locale)}`);
  lines.push('', `**${t('retry', locale)}** ${policyHelpsLabel(entry.retry.policyHelps, locale)} — ${pick(entry.retry, 'text', locale)}`);
  if (entry.versions.length) {
    lines.push('', `**${t('versions', locale)}:** ${entry.versions.map((v) => `${v.implementation} ${v.version}${v.notes && !options.compact ? ` (${v.notes})` : ''}`).join('; ')}`);
  }
  if (entry.workarounds.length) {
    lines.push('', `**${t('workarounds', locale)}**`, '');
    entry.workarounds.forEach((w, i) => {
      const measured = (w.measurements ?? []).map((m) => formatMeasurement(m, locale)).join('; ');
      // Hovers show measured rates only; the export keeps the seed page's claim, labelled as such.
      const claim = w.claimedRate !== undefined && !options.compact ? `${t('unmeasuredClaim', locale)}: ${Math.round(w.claimedRate * 100)} %` : '';
      const note = [measured, claim].filter(Boolean).join('; ');
      lines.push(`${i + 1}. ${pick(w, 'text', locale)}${note ? ` — _${note}_` : ''}`);
    });
  }
  if (entry.dead_ends.length) {
    lines.push('', `**${t('deadEnds', locale)}**`, '');
    entry.dead_ends.forEach((d, i) => {
      const measured = (d.measurements ?? []).map((m) => formatMeasurement(m, locale, 'failed')).join('; ');
      const claim = d.claimedFailRate !== undefined && !options.compact ? `${t('unmeasuredClaim', locale)}: ${Math.round(d.claimedFailRate * 100)} %` : '';
      const note = [measured, claim].filter(Boolean).join('; ');
      lines.push(`${i + 1}. ${pick(d, 'text', locale)} — ${pick(d, 'why', locale)}${note ? ` — _${note}_` : ''}`);
    });
  }
  if (!options.compact) {
    const sources = entry.sources.map((s) => (s.capture ? `captured run \`${s.capture}\`` : `${s.repository}${s.file ? ` \`${s.file}\`` : ''}${s.since ? ` (since ${s.since})` : ''}${s.ref ? ` ${s.ref}` : ''}`));
    lines.push('', `**${t('sources', locale)}:** ${sources.join('; ')}`);
    if (entry.evidence.length) {
      lines.push('', `**${t('evidence', locale)}:** ${summarizeEvidence(entry.evidence).join('; ')}`);
    }
  }
  const links = entry.docs.map((d) => `[${d.title}](${d.url})`);
  const href = entryHref(entry);
  if (href && !entry.docs.some((d) => d.url === href)) links.unshift(`[source](${href})`);
  if (links.length) lines.push('', `**${t('docs', locale)}:** ${links.join(' · ')}`);
  if (entry.related.length) lines.push('', `**${t('related', locale)}:** ${entry.related.map((r) => `\`${r}\``).join(', ')}`);
  lines.push('', `${t('entry', locale)}: \`${entry.id}\``);
  return lines.join('\n');
}

/**
 * One item per distinct observation: captured runs that printed the same text are folded into
 * "… — N captures (first.log, …)", so an entry seen in many runs stays readable.
 */
export function summarizeEvidence(evidence: KnowledgeEntry['evidence']): string[] {
  const groups = new Map<string, { kind: string; observed: string; refs: string[] }>();
  for (const e of evidence) {
    const key = `${e.kind}\u0000${e.observed}`;
    const group = groups.get(key) ?? { kind: e.kind, observed: e.observed, refs: [] };
    if (e.ref) group.refs.push(e.ref);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => {
    if (g.refs.length <= 1) return `${g.kind}: ${g.observed}${g.refs[0] ? ` (${g.refs[0]})` : ''}`;
    const shown = g.refs.slice(0, 2).join(', ');
    return `${g.kind}: ${g.observed} — ${g.refs.length} × (${shown}${g.refs.length > 2 ? ', …' : ''})`;
  });
}

/** The JSON export: the entry itself (both languages), as stored. */
export function renderEntryJson(entry: KnowledgeEntry): string {
  return JSON.stringify(entry, null, 2);
}

/** First sentence of the root cause, for one-line explanations. */
export function oneLineExplanation(entry: KnowledgeEntry, locale: Locale): string {
  const text = pick(entry, 'root_cause', locale);
  // '.' ends a sentence only before a space or the end; '。' always does (Chinese puts no space after it)
  const m = /^(.+?(?:\.(?=\s|$)|。))/.exec(text);
  const sentence = m ? m[1] : text;
  if (sentence.length <= 160) return sentence;
  const cut = sentence.slice(0, 160);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 80))}…`;
}
