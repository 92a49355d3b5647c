/**
 * The report as a self-contained HTML page (inline CSS and SVG, no network: the page's CSP forbids it),
 * as Markdown for an incident ticket, and as JSON for tools. The same HTML is shown in the VS Code webview
 * (then with a nonce'd script that turns line links into "reveal this line" messages).
 */
import type { Family } from '../../../../shared/knowledge';
import type { Locale } from '../l10n';
import { implementationName } from '../../../../shared/implementations';
import type { Incident, Location } from './incidents';
import type { Report, Timeline } from './report';
import { eventLabel, familyLabel, intervalLabel, rt, sideLabel } from './strings';
import { formatTime } from './timestamps';

export interface RenderOptions {
  /** how a file is named in the page (default: as given) */
  display?: (file: string) => string;
  /** where a line link points (default: none, the location is plain text) */
  href?: (file: string, line: number) => string | undefined;
  /** webview: a nonce for the script that posts {command:'reveal', file, line} on link clicks */
  webviewNonce?: string;
  /** webview: the webview's CSP source for styles */
  cspSource?: string;
  version?: string;
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One colour class per family (c0…c12); the palette is in the page's CSS for light and dark. */
const FAMILY_ORDER: Family[] = [
  'server-graceful-stop',
  'server-hard-stop',
  'goaway',
  'connection-lost',
  'server-unreachable',
  'keepalive',
  'client-channel-closed',
  'client-cancelled',
  'deadline-exceeded',
  'stream-protocol-error',
  'negotiation-failure',
  'resource-limit',
  'unverified',
];
const familyClass = (f: Family): string => `c${Math.max(0, FAMILY_ORDER.indexOf(f))}`;

function sameDay(report: Report): boolean {
  const t = report.timeline;
  return !t || Math.floor(t.start / 86_400_000) === Math.floor((t.end - 1) / 86_400_000);
}

function timeText(ms: number | undefined, withDate: boolean, locale: Locale): string {
  return ms === undefined ? rt('noTime', locale) : formatTime(ms, withDate);
}

function rangeText(inc: { first?: number; last?: number }, withDate: boolean, locale: Locale): string {
  if (inc.first === undefined) return rt('noTime', locale);
  const a = formatTime(inc.first, withDate);
  return inc.last !== undefined && inc.last - inc.first >= 1 ? `${a} – ${formatTime(inc.last, false)}` : a;
}

const where = (loc: Location, display: (f: string) => string): string => `${display(loc.file)}:${loc.line + 1}`;

function fixText(inc: Incident, locale: Locale): string | undefined {
  if (!inc.fix) return undefined;
  const m = inc.fix.measurement;
  const rate = m
    ? `${rt('recovered', locale, { s: m.successes, n: m.runs })} (${m.measuredWith}, ${m.scenario}, ${m.date})`
    : rt('notMeasured', locale);
  return `${inc.fix.text} — ${rate}`;
}

function causeText(
  inc: Incident,
  display: (f: string) => string,
  withDate: boolean,
  locale: Locale,
): string | undefined {
  const c = inc.cause;
  if (!c) return undefined;
  return rt('causedByText', locale, {
    event: eventLabel(c.kind, locale),
    time: formatTime(c.time, withDate),
    where: where(c, display),
  });
}

// ------------------------------------------------------------------ JSON

export function renderJson(report: Report): string {
  return JSON.stringify(
    report,
    (key, value: unknown) =>
      (key === 'first' || key === 'last' || key === 'time' || key === 'start' || key === 'end') &&
      typeof value === 'number'
        ? new Date(Math.floor(value)).toISOString()
        : value,
    2,
  );
}

// ------------------------------------------------------------------ Markdown

const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const L = report.locale;
  const display = options.display ?? ((f: string) => f);
  const withDate = !sameDay(report);
  const out: string[] = [`## ${rt('title', L)}`, ''];
  const range =
    report.first !== undefined ? ` (${formatTime(report.first, true)} – ${formatTime(report.last!, withDate)})` : '';
  out.push(
    `${rt('summary', L, { incidents: report.incidents.length, findings: report.totalFindings, files: report.files.length })}${range}`,
    '',
  );
  if (!report.incidents.length) out.push(rt('noIncidents', L), '');
  else {
    out.push(
      `| # | ${rt('time', L)} | ${rt('count', L)} | ${rt('side', L)} | ${rt('what', L)} | ${rt('status', L)} | ${rt('implementation', L)} |`,
    );
    out.push('| ---: | --- | ---: | --- | --- | --- | --- |');
    for (const inc of report.incidents) {
      out.push(
        `| ${inc.id} | ${rangeText(inc, withDate, L)} | ${inc.count} | ${sideLabel(inc.side, L)} | ${mdCell(inc.title)} | ${inc.status} | ${implementationName(inc.implementation)} |`,
      );
    }
    out.push('');
    for (const inc of report.incidents) {
      out.push(
        `### ${inc.id}. ${rangeText(inc, withDate, L)} · ${inc.count} × ${inc.status} · ${mdCell(inc.title)}`,
        '',
      );
      if (inc.explanation) out.push(inc.explanation, '');
      const cause = causeText(inc, display, withDate, L);
      if (cause) out.push(`- **${rt('causedBy', L)}:** ${cause} — \`${inc.cause!.text.replace(/`/g, "'")}\``);
      const fix = fixText(inc, L);
      if (fix) out.push(`- **${rt('fix', L)}:** ${fix}`);
      if (inc.methods.length) out.push(`- **${rt('methods', L)}:** ${inc.methods.map((m) => `\`${m}\``).join(', ')}`);
      if (inc.peers.length) out.push(`- **${rt('peers', L)}:** ${inc.peers.join(', ')}`);
      const shown = inc.locations
        .slice(0, 10)
        .map((l) => `\`${where(l, display)}\``)
        .join(', ');
      const more = inc.count > 10 ? ` ${rt('more', L, { n: inc.count - 10 })}` : '';
      out.push(`- **${rt('lines', L)}:** ${shown}${more}`, '');
    }
  }
  const events = report.events.filter((e) => e.kind !== 'started' || report.events.length < 20);
  if (events.length) {
    out.push(`### ${rt('serverEvents', L)}`, '');
    for (const e of events.slice(0, 30))
      out.push(`- ${timeText(e.time, withDate, L)} ${eventLabel(e.kind, L)} — \`${where(e, display)}\``);
    out.push('');
  }
  out.push(
    `**${rt('byStatus', L)}:** ${
      Object.entries(report.byStatus)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '—'
    }  `,
  );
  out.push(
    `**${rt('byImplementation', L)}:** ${
      Object.entries(report.byImplementation)
        .map(([k, v]) => `${implementationName(k)} ${v}`)
        .join(', ') || '—'
    }`,
  );
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------ HTML

const CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--link:#0550ae;--accent:#9a6700;
--c0:#1f77b4;--c1:#c0392b;--c2:#7b4fbf;--c3:#d35400;--c4:#5d6d7e;--c5:#16a085;--c6:#8e6c00;--c7:#2e86c1;--c8:#a93226;--c9:#6c3483;--c10:#117864;--c11:#784212;--c12:#7f8c8d}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9ea7b3;--line:#30363d;--card:#161b22;--link:#79c0ff;--accent:#e3b341;
--c0:#58a6ff;--c1:#ff7b72;--c2:#d2a8ff;--c3:#ffa657;--c4:#adbac7;--c5:#56d4bc;--c6:#e3b341;--c7:#79c0ff;--c8:#ffa198;--c9:#bc8cff;--c10:#7ee2b8;--c11:#d29922;--c12:#8b949e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",sans-serif}
main{max-width:1100px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:1.05em;margin:0 0 6px}
p.sub,.muted{color:var(--muted)}
a{color:var(--link)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;font-size:.92em}
.chart{width:100%;height:auto;display:block}
.chart .axis{stroke:var(--line)}.chart text{fill:var(--muted);font-size:11px}
.chart .ev{stroke:var(--accent);stroke-dasharray:4 3;stroke-width:1.5}
.chart .mark{fill:var(--fg)}.chart .marktext{fill:var(--bg);font-size:10px;font-weight:600}
${FAMILY_ORDER.map((_, i) => `.c${i}{fill:var(--c${i});background:var(--c${i})}`).join('')}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:6px 0 0}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.sw-ev{display:inline-block;width:0;height:12px;border-left:2px dashed var(--accent);margin:0 8px 0 5px;vertical-align:-1px}
.sw-mark{display:inline-block;width:16px;height:16px;border-radius:8px;background:var(--fg);color:var(--bg);font-size:10px;font-weight:600;text-align:center;line-height:16px;margin-right:6px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{font-weight:600}
td.num,th.num{text-align:right}
.incidents{list-style:none;padding:0;margin:0}
.incident{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--fam);border-radius:6px;padding:10px 14px;margin:10px 0}
${FAMILY_ORDER.map((_, i) => `.incident.c${i}{--fam:var(--c${i});background:var(--card)}`).join('')}
.meta{color:var(--muted);margin:0 0 6px}.badge{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 8px;margin-right:6px;font-size:.85em;color:var(--fg)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0 0}dt{font-weight:600}dd{margin:0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:16px;margin-top:16px}
footer{margin-top:32px;color:var(--muted);font-size:.85em}
`;

function chartSvg(t: Timeline, report: Report, locale: Locale): string {
  const W = 960;
  const H = 220;
  const left = 40;
  const right = 10;
  const top = 22;
  const bottom = 30;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const n = t.buckets.length;
  const bw = plotW / n;
  let max = 1;
  for (const b of t.buckets)
    max = Math.max(
      max,
      Object.values(b.counts).reduce((a, c) => a + (c ?? 0), 0),
    );
  const x = (ms: number): number => left + ((ms - t.start) / (t.end - t.start)) * plotW;
  const parts: string[] = [];
  parts.push(`<line class="axis" x1="${left}" y1="${top + plotH}" x2="${W - right}" y2="${top + plotH}"/>`);
  parts.push(
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${max}</text><text x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>`,
  );
  t.buckets.forEach((b, i) => {
    let y = top + plotH;
    for (const f of FAMILY_ORDER) {
      const c = b.counts[f];
      if (!c) continue;
      const h = (c / max) * plotH;
      y -= h;
      parts.push(
        `<rect class="${familyClass(f)}" x="${(left + i * bw + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(formatTime(b.start))} ${esc(familyLabel(f, locale))}: ${c}</title></rect>`,
      );
    }
  });
  const labelEvery = Math.max(1, Math.ceil(n / 8));
  for (let i = 0; i < n; i += labelEvery) {
    if (left + i * bw > W - right - 70) break; // a label must fit before the right edge
    const s = formatTime(t.buckets[i].start);
    parts.push(
      `<text x="${(left + i * bw).toFixed(1)}" y="${H - 10}">${esc(t.bucketMs >= 1000 ? s.slice(0, 8) : s.slice(0, 12))}</text>`,
    );
  }
  for (const e of report.events) {
    if (e.time === undefined || e.kind === 'started' || e.time < t.start || e.time > t.end) continue;
    const ex = x(e.time).toFixed(1);
    parts.push(
      `<line class="ev" x1="${ex}" y1="${top - 4}" x2="${ex}" y2="${top + plotH}"><title>${esc(formatTime(e.time))} ${esc(eventLabel(e.kind, locale))}</title></line>`,
    );
  }
  let lastMark = -Infinity;
  for (const inc of report.incidents) {
    if (inc.first === undefined) continue;
    // marks of incidents that start together sit side by side
    const ix = Math.max(x(inc.first), lastMark + 17);
    lastMark = ix;
    parts.push(
      `<g><title>${esc(rt('incidentMark', locale, { n: inc.id }))}: ${esc(inc.title)}</title><circle class="mark" cx="${ix.toFixed(1)}" cy="${top - 10}" r="8"/><text class="marktext" x="${ix.toFixed(1)}" y="${top - 6.5}" text-anchor="middle">${inc.id}</text></g>`,
    );
  }
  const label = rt('timelineDesc', locale, { interval: intervalLabel(t.bucketMs, locale) });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title"><title id="chart-title">${esc(label)}</title>${parts.join('')}</svg>`;
}

function locLink(loc: Location, options: RenderOptions, display: (f: string) => string): string {
  const text = esc(where(loc, display));
  const href = options.href?.(loc.file, loc.line);
  const data = `data-file="${esc(loc.file)}" data-line="${loc.line}"`;
  if (options.webviewNonce) return `<a class="loc mono" href="#" ${data}>${text}</a>`;
  return href ? `<a class="loc mono" href="${esc(href)}" ${data}>${text}</a>` : `<span class="mono">${text}</span>`;
}

function countTable(caption: string, rows: [string, number][], headA: string, locale: Locale): string {
  if (!rows.length) return '';
  return `<section><h3>${esc(caption)}</h3><table><thead><tr><th scope="col">${esc(headA)}</th><th scope="col" class="num">${esc(rt('findings', locale))}</th></tr></thead><tbody>${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="num">${v}</td></tr>`).join('')}</tbody></table></section>`;
}

export function renderHtml(report: Report, options: RenderOptions = {}): string {
  const L = report.locale;
  const display = options.display ?? ((f: string) => f);
  const withDate = !sameDay(report);
  const body: string[] = [];
  body.push(
    `<header><h1>${esc(rt('title', L))}</h1><p class="sub">${esc(rt('summary', L, { incidents: report.incidents.length, findings: report.totalFindings, files: report.files.length }))}${report.first !== undefined ? ` · ${esc(formatTime(report.first, true))} – ${esc(formatTime(report.last!, withDate))}` : ''}</p></header>`,
  );
  if (report.timeline) {
    const fams = report.timeline.families;
    body.push(
      `<section aria-labelledby="h-timeline"><h2 id="h-timeline">${esc(rt('timeline', L))}</h2>${chartSvg(report.timeline, report, L)}<ul class="legend">${fams.map((f) => `<li><span class="sw ${familyClass(f)}" aria-hidden="true"></span>${esc(familyLabel(f, L))}</li>`).join('')}<li><span class="sw-ev" aria-hidden="true"></span>${esc(rt('serverEvent', L))}</li><li><span class="sw-mark" aria-hidden="true">1</span>${esc(rt('incidentStart', L))}</li></ul></section>`,
    );
  }
  body.push(`<section aria-labelledby="h-incidents"><h2 id="h-incidents">${esc(rt('incidents', L))}</h2>`);
  if (!report.incidents.length) body.push(`<p>${esc(rt('noIncidents', L))}</p>`);
  body.push('<ol class="incidents">');
  for (const inc of report.incidents) {
    const dl: string[] = [];
    const cause = causeText(inc, display, withDate, L);
    if (cause && inc.cause)
      dl.push(
        `<dt>${esc(rt('causedBy', L))}</dt><dd>${esc(rt('causedByText', L, { event: eventLabel(inc.cause.kind, L), time: formatTime(inc.cause.time, withDate), where: '\u0000' })).replace('\u0000', locLink(inc.cause, options, display))}<br><code>${esc(inc.cause.text)}</code></dd>`,
      );
    const fix = fixText(inc, L);
    if (fix) dl.push(`<dt>${esc(rt('fix', L))}</dt><dd>${esc(fix)}</dd>`);
    if (inc.methods.length)
      dl.push(
        `<dt>${esc(rt('methods', L))}</dt><dd>${inc.methods.map((m) => `<code>${esc(m)}</code>`).join(', ')}</dd>`,
      );
    if (inc.peers.length)
      dl.push(`<dt>${esc(rt('peers', L))}</dt><dd>${inc.peers.map((p) => `<code>${esc(p)}</code>`).join(', ')}</dd>`);
    const shown = inc.locations
      .slice(0, 12)
      .map((l) => locLink(l, options, display))
      .join(', ');
    const more = inc.count > 12 ? ` <span class="muted">${esc(rt('more', L, { n: inc.count - 12 }))}</span>` : '';
    dl.push(`<dt>${esc(rt('lines', L))}</dt><dd>${shown}${more}</dd>`);
    body.push(
      `<li class="incident ${familyClass(inc.family)}" id="incident-${inc.id}"><h3>${inc.id}. ${esc(inc.title)}</h3>` +
        `<p class="meta"><span class="badge">${esc(rangeText(inc, withDate, L))}</span><span class="badge">${inc.count} × ${esc(inc.status)}</span><span class="badge">${esc(implementationName(inc.implementation))}</span><span class="badge">${esc(sideLabel(inc.side, L))}</span><span class="badge">${esc(familyLabel(inc.family, L))}</span></p>` +
        (inc.explanation ? `<p>${esc(inc.explanation)}</p>` : '') +
        `<dl>${dl.join('')}</dl></li>`,
    );
  }
  body.push('</ol></section>');
  const events = report.events.slice(0, 50);
  if (events.length) {
    body.push(
      `<section aria-labelledby="h-events"><h2 id="h-events">${esc(rt('serverEvents', L))}</h2><table><thead><tr><th scope="col">${esc(rt('time', L))}</th><th scope="col">${esc(rt('what', L))}</th><th scope="col">${esc(rt('lines', L))}</th></tr></thead><tbody>` +
        events
          .map(
            (e) =>
              `<tr><td class="mono">${esc(timeText(e.time, withDate, L))}</td><td>${esc(eventLabel(e.kind, L))}<br><code>${esc(e.text)}</code></td><td>${locLink(e, options, display)}</td></tr>`,
          )
          .join('') +
        '</tbody></table></section>',
    );
  }
  body.push(
    `<section aria-labelledby="h-counts"><h2 id="h-counts">${esc(rt('files', L))}</h2><table><thead><tr><th scope="col">${esc(rt('files', L))}</th><th scope="col">${esc(rt('role', L))}</th><th scope="col" class="num">${esc(rt('findings', L))}</th><th scope="col">${esc(rt('first', L))}</th><th scope="col">${esc(rt('last', L))}</th><th scope="col" class="num">${esc(rt('untimed', L))}</th></tr></thead><tbody>` +
      report.files
        .map(
          (f) =>
            `<tr><td class="mono">${esc(display(f.file))}${f.skipped ? ` <span class="muted">(${esc(rt('skipped', L))}: ${esc(f.skipped)})</span>` : ''}</td><td>${esc(sideLabel(f.role, L))}${f.clockShiftMs ? ` <span class="muted">(${esc(rt('clockShift', L, { h: (f.clockShiftMs > 0 ? '+' : '') + Math.round(f.clockShiftMs / 360_000) / 10 }))})</span>` : ''}</td><td class="num">${f.findings}</td><td class="mono">${esc(timeText(f.first, withDate, L))}</td><td class="mono">${esc(timeText(f.last, withDate, L))}</td><td class="num">${f.untimed}</td></tr>`,
        )
        .join('') +
      '</tbody></table><div class="grid">' +
      countTable(rt('byStatus', L), Object.entries(report.byStatus), rt('status', L), L) +
      countTable(
        rt('byImplementation', L),
        Object.entries(report.byImplementation).map(([k, v]) => [implementationName(k), v]),
        rt('implementation', L),
        L,
      ) +
      '</div></section>',
  );
  body.push(`<footer>${esc(rt('generatedBy', L, { version: options.version ? ` ${options.version}` : '' }))}</footer>`);
  const nonce = options.webviewNonce;
  const csp = nonce
    ? `default-src 'none'; style-src ${options.cspSource ?? ''} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:;`
    : "default-src 'none'; style-src 'unsafe-inline'; img-src data:;";
  const script = nonce
    ? `<script nonce="${nonce}">(function(){const vscode=acquireVsCodeApi();document.addEventListener('click',function(ev){const a=ev.target.closest&&ev.target.closest('a.loc');if(!a)return;ev.preventDefault();vscode.postMessage({command:'reveal',file:a.dataset.file,line:Number(a.dataset.line)});});})();</script>`
    : '';
  return `<!DOCTYPE html>
<html lang="${L === 'zh-cn' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(rt('title', L))}</title>
<style${nonce ? ` nonce="${nonce}"` : ''}>${CSS}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
${script}
</body>
</html>
`;
}
