import { implementationName } from '../../../../shared/implementations';
import {
  entryHref,
  type DeadEndMeasurement,
  type KnowledgeEntry,
  type Measurement,
  type RetryVerdict,
  type SourceLine,
  type VerificationMethod,
} from '../../../../shared/knowledge';
import type { Finding } from '../scan/matcher';
import { localized, msg, type Locale } from '../l10n';

/**
 * "recovered 19/20 (grpc-js 1.14, unary, 0.5 s restart)" for a workaround, "did not help 20/20 (…)" for a
 * dead end — the only way a number reaches users.
 */
export function formatMeasurement(m: Measurement | DeadEndMeasurement, locale: Locale): string {
  const [label, count] =
    'didNotHelp' in m ? [msg(locale, 'did not help'), m.didNotHelp] : [msg(locale, 'recovered'), m.successes];
  return `${label} ${count}/${m.runs} (${m.measuredWith}, ${m.scenario}, ${m.date})`;
}

/** The answer to "Can a retry policy help?". */
function policyHelpsLabel(verdict: RetryVerdict, locale: Locale): string {
  switch (verdict) {
    case 'no':
      return msg(locale, 'no');
    case 'transparent':
      return msg(locale, 'the library already retries it transparently');
    case 'before-first-response':
      return msg(locale, 'only before the first response');
    case 'unary-only':
      return msg(locale, 'unary calls only');
    case 'not-reliably':
      return msg(locale, 'not reliably: its retry window is usually shorter than a restart; use wait-for-ready');
    case 'yes':
      return msg(locale, 'yes');
    case 'n/a':
      return msg(locale, 'not applicable');
  }
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
  lines.push(`### ${localized(entry, 'title', locale)}`);
  lines.push('');
  const statusText = status.code >= 0 ? `\`${status.name}\` (${status.code})` : '—';
  const printed =
    f?.wrapper && f.wrapper !== impl ? ` · ${msg(locale, 'printed by')} ${implementationName(f.wrapper, locale)}` : '';
  lines.push(
    `**${msg(locale, 'Status')}:** ${statusText} · **${msg(locale, 'Implementation')}:** ${implementationName(impl, locale)}${printed}`,
  );
  if (entry.lookalike) lines.push('', `> ${msg(locale, 'Look-alike: not a shutdown')}`);
  if (!entry.verified) {
    const note = localized(entry, 'unverified_note', locale);
    lines.push('', `> **${msg(locale, 'Unverified')}:** ${note}`);
  }
  lines.push('', `\`${entry.signature}\``);
  lines.push('', `**${msg(locale, 'What the status means here')}:** ${localized(entry, 'status_meaning', locale)}`);
  lines.push('', `**${msg(locale, 'Root cause')}:** ${localized(entry, 'root_cause', locale)}`);
  lines.push('', `**${msg(locale, 'When it happens')}:** ${localized(entry, 'trigger', locale)}`);
  const rule =
    !options.compact && entry.retry.rule
      ? ` (${msg(locale, 'rule')}: ${entry.retry.rule}${entry.retry.source ? `, ${formatSourceLine(entry.retry.source)}` : ''})`
      : '';
  lines.push(
    '',
    `**${msg(locale, 'Can a retry policy help?')}** ${policyHelpsLabel(entry.retry.policyHelps, locale)} — ${localized(entry.retry, 'text', locale)}${rule}`,
  );
  if (entry.versions.length) {
    lines.push(
      '',
      `**${msg(locale, 'Versions')}:** ${entry.versions.map((v) => `${v.implementation} ${v.version}${v.notes && !options.compact ? ` (${v.notes})` : ''}`).join('; ')}`,
    );
  }
  if (entry.workarounds.length) {
    lines.push('', `**${msg(locale, 'Workarounds')}**`, '');
    entry.workarounds.forEach((w, i) => {
      const measured = (w.measurements ?? []).map((m) => formatMeasurement(m, locale)).join('; ');
      // Hovers show measured rates only; the export keeps the seed page's claim, labelled as such.
      const claim =
        w.claimedRate !== undefined && !options.compact
          ? `${msg(locale, 'unmeasured claim from the seed page')}: ${Math.round(w.claimedRate * 100)} %`
          : '';
      const note = [measured, claim].filter(Boolean).join('; ');
      lines.push(`${i + 1}. ${localized(w, 'text', locale)}${note ? ` — _${note}_` : ''}`);
    });
  }
  if (entry.dead_ends.length) {
    lines.push('', `**${msg(locale, 'Dead ends (do not work)')}**`, '');
    entry.dead_ends.forEach((d, i) => {
      const measured = (d.measurements ?? []).map((m) => formatMeasurement(m, locale)).join('; ');
      const claim =
        d.claimedFailRate !== undefined && !options.compact
          ? `${msg(locale, 'unmeasured claim from the seed page')}: ${Math.round(d.claimedFailRate * 100)} %`
          : '';
      const note = [measured, claim].filter(Boolean).join('; ');
      lines.push(
        `${i + 1}. ${localized(d, 'text', locale)} — ${localized(d, 'why', locale)}${note ? ` — _${note}_` : ''}`,
      );
    });
  }
  if (!options.compact) {
    if (entry.status_source)
      lines.push('', `**${msg(locale, 'Status set at')}:** ${formatSourceLine(entry.status_source)}`);
    const verification = formatVerification(entry, locale);
    if (verification.length) lines.push('', `**${msg(locale, 'How it was verified')}:** ${verification.join('; ')}`);
    const sources = entry.sources.map((s) =>
      s.capture
        ? `captured run \`${s.capture}\``
        : `${s.repository}${s.file ? ` \`${s.file}\`` : ''}${s.since ? ` (since ${s.since})` : ''}${s.ref ? ` ${s.ref}` : ''}`,
    );
    lines.push('', `**${msg(locale, 'Sources')}:** ${sources.join('; ')}`);
    if (entry.evidence.length) {
      lines.push('', `**${msg(locale, 'Evidence')}:** ${summarizeEvidence(entry.evidence).join('; ')}`);
    }
  }
  const links = entry.docs.map((d) => `[${d.title}](${d.url})`);
  const href = entryHref(entry);
  if (href && !entry.docs.some((d) => d.url === href)) links.unshift(`[source](${href})`);
  if (links.length) lines.push('', `**${msg(locale, 'Documentation')}:** ${links.join(' · ')}`);
  if (entry.related.length)
    lines.push('', `**${msg(locale, 'Related')}:** ${entry.related.map((r) => `\`${r}\``).join(', ')}`);
  lines.push('', `${msg(locale, 'Entry')}: \`${entry.id}\``);
  return lines.join('\n');
}

/** grpc/grpc `src/core/…/file.cc:214` @ v1.85.3 — a line of released source (a tag, never a branch). */
export function formatSourceLine(src: SourceLine): string {
  return `${src.repository} \`${src.file}${src.line ? `:${src.line}` : ''}\` @ ${src.tag}`;
}

function verificationMethodLabel(method: VerificationMethod, locale: Locale): string {
  switch (method) {
    case 'source-checked':
      return msg(locale, 'checked by kb:verify against the released source of each version named');
    case 'source-read, not version-checked':
      return msg(locale, 'source read, not version-checked');
    case 'captured':
      return msg(locale, 'seen in captured runs only');
  }
}

/** How the entry was verified: the method, then per checked text its package, since/until and the releases checked. */
export function formatVerification(entry: KnowledgeEntry, locale: Locale): string[] {
  const v = entry.verification;
  if (!v) return [];
  const out = [`${verificationMethodLabel(v.method, locale)} (${v.date})${v.note ? ` — ${v.note}` : ''}`];
  for (const c of v.checks ?? []) {
    const range = c.until ? msg(locale, 'since {0}, until {1}', c.since, c.until) : msg(locale, 'since {0}', c.since);
    const absent = c.absent.length ? `; ${msg(locale, 'absent in {0}', c.absent.join(', '))}` : '';
    out.push(
      `\`${c.text.split('\n')[0]}\` — ${c.package} ${range} (${msg(locale, 'checked in {0}', c.present.join(', '))}${absent})`,
    );
  }
  for (const u of v.unchecked ?? []) out.push(`\`${u.text}\` ${msg(locale, 'not checked')}: ${u.why}`);
  return out;
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
  const text = localized(entry, 'root_cause', locale);
  // '.' ends a sentence only before a space or the end; '。' always does (Chinese puts no space after it)
  const m = /^(.+?(?:\.(?=\s|$)|。))/.exec(text);
  const sentence = m ? m[1] : text;
  if (sentence.length <= 160) return sentence;
  const cut = sentence.slice(0, 160);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 80))}…`;
}

export interface HoverOptions {
  /** the finding being hovered: its status/implementation as printed take precedence */
  finding?: Finding;
  /**
   * Target of the "Full explanation" link (a command URI in VS Code). Without one the hover names the
   * CLI command instead, which reads well in any editor.
   */
  explainLink?: string;
}

/** Visible characters a hover may take (links' targets not counted): what a hover shows at a glance. */
export const HOVER_BUDGET = 600;

const colon = (locale: Locale): string => (locale === 'zh-cn' ? '：' : ': ');

/** The first sentence of `text`, cut at a word boundary to at most `max` characters. */
export function firstSentence(text: string, max: number): string {
  const m = /^(.+?(?:[.!?](?=\s|$)|[。！？]))/s.exec(text.trim());
  const sentence = (m ? m[1] : text.trim()).replace(/\s+/g, ' ');
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** The workaround to show in a hover: the best measured one (rate, then runs), else the first listed. */
export function bestWorkaround(
  entry: KnowledgeEntry,
): { workaround: KnowledgeEntry['workarounds'][number]; measurement?: Measurement } | undefined {
  let best: { workaround: KnowledgeEntry['workarounds'][number]; measurement?: Measurement } | undefined;
  let bestRate = -1;
  for (const w of entry.workarounds) {
    for (const m of w.measurements ?? []) {
      if (m.runs <= 0) continue;
      const rate = m.successes / m.runs;
      if (rate > bestRate || (rate === bestRate && best?.measurement && m.runs > best.measurement.runs)) {
        bestRate = rate;
        best = { workaround: w, measurement: m };
      }
    }
  }
  // a "fix" that mostly failed is not the one fix that works: fall back to the first listed workaround
  if (best && bestRate >= 0.5) return best;
  return entry.workarounds[0] ? { workaround: entry.workarounds[0] } : undefined;
}

/** One word for an entry whose facts are not checked against the implementation's source (issue 14). */
function verificationMarker(entry: KnowledgeEntry, locale: Locale): string | undefined {
  if (!entry.verified) return msg(locale, 'Unverified');
  switch (entry.verification?.method) {
    case 'source-read, not version-checked':
      return msg(locale, 'source-read');
    case 'captured':
      return msg(locale, 'captured');
    default:
      return undefined; // source-checked, or not stated
  }
}

/**
 * The hover: what happened, in which implementation, whether a retry policy helps, the one fix that works
 * (with its measured rate), and a link to the full explanation — within HOVER_BUDGET visible characters.
 * No title: the diagnostic line above it already says it.
 */
export function renderHoverMarkdown(entry: KnowledgeEntry, locale: Locale, options: HoverOptions = {}): string {
  const f = options.finding;
  const status = f?.status ?? entry.status;
  const impl = f?.implementation ?? entry.patterns[0]?.implementation ?? 'any';
  const zh = locale === 'zh-cn';
  const head: string[] = [];
  if (status.code >= 0) head.push(zh ? `\`${status.name}\`（${status.code}）` : `\`${status.name}\` (${status.code})`);
  if (impl !== 'any') head.push(`${zh ? '实现：' : 'in '}${implementationName(impl, locale)}`);
  const marker = verificationMarker(entry, locale);
  if (marker) head.push(`_${marker}_`);
  if (entry.lookalike) head.push(`_${msg(locale, 'Look-alike: not a shutdown')}_`);
  const parts = [head.join(' · '), firstSentence(localized(entry, 'root_cause', locale), 170)];
  const verdict = policyHelpsLabel(entry.retry.policyHelps, locale);
  const retryDetail =
    entry.retry.policyHelps === 'n/a' ? '' : firstSentence(localized(entry.retry, 'text', locale), 120);
  parts.push(`**${msg(locale, 'Retry policy')}**${colon(locale)}${verdict}${retryDetail ? ` — ${retryDetail}` : ''}`);
  const best = bestWorkaround(entry);
  if (best) {
    const m = best.measurement;
    const by = m?.measuredWith.split(',')[0];
    const rate = m ? ` — _${m.successes}/${m.runs} ${msg(locale, 'recovered')}${zh ? `（${by}）` : ` (${by})`}_` : '';
    parts.push(
      `**${msg(locale, 'Fix')}**${colon(locale)}${firstSentence(localized(best.workaround, 'text', locale), 150)}${rate}`,
    );
  }
  parts.push(
    options.explainLink
      ? `[${msg(locale, 'Full explanation')}](${options.explainLink})`
      : `${msg(locale, 'Full explanation')}${colon(locale)}\`grpc-doctor explain ${entry.id}\``,
  );
  return parts.join('\n\n');
}

/** What a reader sees of hover Markdown: link targets, emphasis and code marks removed. */
export function visibleText(markdown: string): string {
  return markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`]/g, '');
}
