import { parseArgs as parseArgsUtil } from 'node:util';
import type { KnowledgeEntry } from '../../../shared/knowledge';
import { localized, normalizeLocale, type Locale } from '../core/l10n';
import { renderEntryMarkdown, renderEntryJson } from '../core/knowledge/render';
import { defaultKnowledge, loadExtraKnowledge } from '../project/knowledgeFiles';
import { StreamScanner } from './fileScanner';
import type { Finding } from '../core/scan/matcher';
import { compilePatterns } from '../core/scan/patterns';
import {
  displayName,
  findingRecord,
  formatJson,
  formatSarif,
  formatText,
  type CliError,
  type FileFinding,
} from './format';
import { buildCliReport, renderCliReport } from './report';
import * as fs from 'fs';
import { describeFsError, expandPaths } from './walk';
import { lookupEntries } from '../core/knowledge/lookup';
import { lintFile, protoIndexFor, type LintFileFinding } from './lint';
import { scanFilesParallel, scanOne, type FileOutcome } from './parallel';

export const VERSION = '0.1.0';

const USAGE = `Usage:
  grpc-doctor scan [--format text|json|jsonl|sarif] [--lang en|zh-cn] [--include-lookalikes] [--knowledge DIR] [--jobs N] [PATH…|-]
  grpc-doctor report [--format html|markdown|json] [--lang en|zh-cn] [--window SECONDS] [--knowledge DIR] LOG…
  grpc-doctor explain <id|error text> [--lang en|zh-cn] [--format markdown|json]
  grpc-doctor --help | --version

--jobs N scans N files at a time on worker threads (default 1; helps with many files, not with one).
scan - reads stdin and prints each finding as soon as it is found (text or jsonl), so it can follow
\`kubectl logs -f\`, \`journalctl -f\` or \`docker logs -f\`.
report groups the findings of client and server logs into incidents with their causes; the HTML
(default) goes to stdout: grpc-doctor report client.log server.log > report.html
Exit codes: 0 nothing found, 1 findings, 2 usage or read errors.`;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => AsyncIterable<Buffer>;
  isTty: boolean;
  env: Record<string, string | undefined>;
  /** script that runs a scan worker (the bin entry); without it --jobs scans sequentially */
  workerScript?: string;
}

class UsageError extends Error {}

interface Parsed {
  command: string;
  format: string;
  lang: Locale;
  lookalikes: boolean;
  knowledgeDirs: string[];
  jobs: number;
  windowMs?: number;
  rest: string[];
}

/** The options, for node:util's parseArgs (values are checked below, with messages that say what is allowed). */
const OPTIONS = {
  format: { type: 'string' },
  window: { type: 'string' },
  lang: { type: 'string' },
  locale: { type: 'string' },
  'include-lookalikes': { type: 'boolean' },
  knowledge: { type: 'string', multiple: true },
  jobs: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** parseArgs' own errors, in the CLI's words: the option that is unknown or lacks a value. */
function usageError(err: unknown): UsageError {
  const e = err as { code?: string; message?: string };
  const option = /'(-{1,2}[^' ]+)/.exec(e.message ?? '')?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option ${option}`);
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new UsageError(`${option} needs a value`);
  return new UsageError(e.message ?? String(err));
}

function parseArgs(argv: string[]): Parsed {
  let values: ReturnType<typeof parseArgsOf>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgsOf(argv));
  } catch (err) {
    throw usageError(err);
  }
  const parsed: Parsed = {
    command: '',
    format: values.format ?? '',
    lang: 'en',
    lookalikes: values['include-lookalikes'] === true,
    knowledgeDirs: values.knowledge ?? [],
    jobs: 1,
    rest: [],
  };
  if (values.window !== undefined) {
    const v = values.window;
    if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0 || Number(v) > 86_400)
      throw new UsageError(`--window must be seconds from 0.001 to 86400, not ${v}`);
    parsed.windowMs = Number(v) * 1000;
  }
  const lang = values.lang ?? values.locale;
  if (lang !== undefined) {
    const v = lang.toLowerCase();
    if (v !== 'en' && !v.startsWith('zh')) throw new UsageError(`--lang must be en or zh-cn, not ${v}`);
    parsed.lang = normalizeLocale(v);
  }
  if (values.jobs !== undefined) {
    if (!/^[1-9][0-9]{0,2}$/.test(values.jobs))
      throw new UsageError(`--jobs must be a number from 1 to 999, not ${values.jobs}`);
    parsed.jobs = Number(values.jobs);
  }
  [parsed.command = '', ...parsed.rest] = positionals;
  if (values.help) parsed.command = 'help';
  else if (values.version) parsed.command = 'version';
  return parsed;
}

const parseArgsOf = (args: string[]) => parseArgsUtil({ args, options: OPTIONS, allowPositionals: true, strict: true });

/** Runs the CLI; returns the exit code. Never throws for bad input: messages go to stderr. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let args: Parsed;
  try {
    args = parseArgs(argv);
  } catch (err) {
    io.stderr(`grpc-doctor: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help' || (!args.command && argv.length === 0)) {
    io.stdout(`${USAGE}\n`);
    return args.command === 'help' ? 0 : 2;
  }
  if (args.command === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const knowledge = defaultKnowledge();
  let entries: KnowledgeEntry[] = knowledge.entries;
  const errors: CliError[] = [];
  // A broken knowledge entry is reported and skipped; the rest still load (not an exit-2 error).
  const warnings: CliError[] = [...knowledge.problems];
  // Entries from --knowledge run their regexes on the linear-time engine (boundedRegex.ts).
  const untrusted = new Set<string>();
  for (const dir of args.knowledgeDirs) {
    try {
      const extra = loadExtraKnowledge(dir);
      for (const e of extra.entries) {
        if (knowledge.byId.has(e.id) || untrusted.has(e.id)) {
          warnings.push({
            file: dir,
            message: `entry ${e.id} skipped: ${knowledge.byId.has(e.id) ? 'a built-in entry has this id' : 'an earlier --knowledge entry has this id'}`,
          });
          continue;
        }
        untrusted.add(e.id);
        entries = entries.concat(e);
      }
      for (const p of extra.problems) warnings.push(p);
    } catch (err) {
      errors.push({ file: dir, message: describeFsError(err) });
    }
  }
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const w of warnings) io.stderr(`grpc-doctor: warning: ${displayName(w.file)}: ${w.message}\n`);
  if (args.command === 'scan') return scan(args, entries, untrusted, byId, errors, io);
  if (args.command === 'explain') return explain(args, entries, untrusted, byId, io);
  if (args.command === 'report') return report(args, entries, untrusted, byId, errors, io);
  io.stderr(`grpc-doctor: unknown command ${args.command}\n${USAGE}\n`);
  return 2;
}

async function scan(
  args: Parsed,
  entries: KnowledgeEntry[],
  untrusted: ReadonlySet<string>,
  byId: Map<string, KnowledgeEntry>,
  errors: CliError[],
  io: Io,
): Promise<number> {
  const format = args.format || 'text';
  if (!['text', 'json', 'jsonl', 'sarif'].includes(format)) {
    io.stderr(`grpc-doctor: --format must be text, json, jsonl or sarif\n`);
    return 2;
  }
  const set = compilePatterns(entries, [], untrusted);
  for (const p of set.problems)
    io.stderr(`grpc-doctor: warning: ${p.entryId}: pattern ${JSON.stringify(p.pattern)} skipped: ${p.message}\n`);
  const options = { includeLookalikes: args.lookalikes };
  const results: FileFinding[] = [];
  const lint: LintFileFinding[] = [];
  const notes: string[] = [];
  const paths = args.rest.length ? args.rest : ['-'];
  const streamed = new Set<string>();
  const title = (f: Finding): string => {
    const e = byId.get(f.entryId);
    return e ? localized(e, 'title', args.lang) : f.title;
  };
  const color = io.isTty && !('NO_COLOR' in io.env) && io.env.TERM !== 'dumb';
  const streaming = format === 'text' || format === 'jsonl';
  const emitOne = (r: FileFinding): void => {
    if (format === 'jsonl') io.stdout(`${JSON.stringify(findingRecord(r.file, r.finding, title))}\n`);
    else io.stdout(`${formatText([r], byId, args.lang, color)}\n`);
  };
  const expanded = paths.map((p) => (p === '-' ? undefined : expandPaths([p])));
  // Service-config names are checked against every .proto file in the scanned paths.
  const protoIndex = protoIndexFor(expanded.flatMap((e) => e?.files ?? []));
  for (const problem of protoIndex?.problems ?? [])
    io.stderr(`grpc-doctor: warning: ${displayName(problem.file)}: ${problem.message}\n`);
  for (const [i, p] of paths.entries()) {
    if (p === '-') {
      // Text and JSON lines stream: each finding is printed as soon as its line has arrived.
      const scanner = new StreamScanner(set, options);
      let sent = 0;
      const flush = (): void => {
        if (!streaming) return;
        for (; sent < scanner.findings.length; sent++) emitOne({ file: '<stdin>', finding: scanner.findings[sent] });
      };
      for await (const chunk of io.stdin()) {
        scanner.push(chunk);
        flush();
      }
      scanner.end();
      flush();
      for (const finding of scanner.findings) results.push({ file: '<stdin>', finding });
      continue;
    }
    const { files, streams, errors: walkErrors } = expanded[i]!;
    for (const e of walkErrors) errors.push(e);
    // A FIFO, `<(cmd)` or /dev/stdin named on the command line is read as the stream it is.
    for (const stream of streams) {
      try {
        const scanner = new StreamScanner(set, options);
        // this process's own stdin (a pipe or socket that cannot always be opened by name) is read as `-`
        const source = STDIN_NAMES.has(stream) ? io.stdin() : fs.createReadStream(stream);
        for await (const chunk of source) scanner.push(chunk as Buffer);
        for (const finding of scanner.end()) results.push({ file: stream, finding });
        streamed.add(stream);
      } catch (err) {
        errors.push({ file: stream, message: describeFsError(err) });
      }
    }
    const outcomes: FileOutcome[] =
      args.jobs > 1 && files.length > 1 && io.workerScript
        ? await scanFilesParallel(io.workerScript, files, entries, options, args.jobs, [...untrusted])
        : files.map((file) => scanOne(set, file, options));
    outcomes.forEach((outcome, k) => {
      const file = files[k];
      if ('error' in outcome) return void errors.push({ file, message: outcome.error });
      if (outcome.result.skipped) notes.push(`${file}: skipped (${outcome.result.skipped})`);
      for (const finding of outcome.result.findings) results.push({ file, finding });
      if (outcome.result.skipped) return;
      try {
        for (const l of lintFile(file, protoIndex)) lint.push(l); // service configs and sources only: small, on this thread
      } catch (err) {
        errors.push({ file, message: describeFsError(err) });
      }
    });
  }
  if (format === 'json') io.stdout(`${formatJson(results, errors, title, lint, args.lang)}\n`);
  else if (format === 'sarif') io.stdout(`${formatSarif(results, errors, byId, args.lang, VERSION, lint)}\n`);
  else if (format === 'jsonl') {
    for (const r of results.filter((r) => r.file !== '<stdin>')) emitOne(r);
    for (const l of lint)
      io.stdout(`${JSON.stringify(JSON.parse(formatJson([], [], title, [l], args.lang)).findings[0])}\n`);
  } else {
    const rest = results.filter((r) => r.file !== '<stdin>');
    const text = formatText(rest, byId, args.lang, color, lint);
    if (text) io.stdout(`${text}\n`);
    const count = results.length + lint.length;
    const files = new Set([...results.map((r) => r.file), ...lint.map((l) => l.file), ...streamed]).size;
    io.stdout(`${count} finding${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`);
  }
  for (const n of notes) io.stderr(`grpc-doctor: ${displayName(n)}\n`);
  for (const e of errors) io.stderr(`grpc-doctor: ${displayName(e.file)}: ${e.message}\n`);
  if (errors.length) return 2;
  return results.length || lint.length ? 1 : 0;
}

async function report(
  args: Parsed,
  entries: KnowledgeEntry[],
  untrusted: ReadonlySet<string>,
  byId: Map<string, KnowledgeEntry>,
  errors: CliError[],
  io: Io,
): Promise<number> {
  const format = args.format || 'html';
  if (!['html', 'markdown', 'md', 'json'].includes(format)) {
    io.stderr(`grpc-doctor: --format must be html, markdown or json\n`);
    return 2;
  }
  if (!args.rest.length || args.rest.includes('-')) {
    io.stderr(`grpc-doctor: report needs one or more log files (client and server logs together)\n${USAGE}\n`);
    return 2;
  }
  const set = compilePatterns(entries, [], untrusted);
  const { files, errors: walkErrors } = expandPaths(args.rest);
  for (const e of walkErrors) errors.push(e);
  const built = buildCliReport({
    files,
    set,
    byId,
    locale: args.lang,
    includeLookalikes: args.lookalikes,
    ...(args.windowMs ? { windowMs: args.windowMs } : {}),
  });
  for (const e of built.errors) errors.push(e);
  io.stdout(renderCliReport(built.report, format === 'md' ? 'markdown' : format, VERSION));
  for (const e of errors) io.stderr(`grpc-doctor: ${displayName(e.file)}: ${e.message}\n`);
  if (errors.length) return 2;
  return built.report.totalFindings ? 1 : 0;
}

const STDIN_NAMES = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** A fuzzy lookup result below this score is not an answer to `explain` (it may still be offered). */
const EXPLAIN_MIN_SCORE = 0.5;
const SUGGEST_MIN_SCORE = 0.25;

function explain(
  args: Parsed,
  entries: KnowledgeEntry[],
  untrusted: ReadonlySet<string>,
  byId: Map<string, KnowledgeEntry>,
  io: Io,
): number {
  const query = args.rest.join(' ').trim();
  if (!query) {
    io.stderr(`grpc-doctor: explain needs an entry id or error text\n${USAGE}\n`);
    return 2;
  }
  let entry = byId.get(query);
  if (!entry) {
    // Error text first goes through the scanner (exact patterns), then fuzzy lookup.
    const set = compilePatterns(entries, [], untrusted);
    const scanner = new StreamScanner(set, { includeLookalikes: true });
    scanner.push(Buffer.from(`${query}\n`));
    const found = scanner.end()[0];
    if (found) entry = byId.get(found.entryId);
    else {
      const matches = lookupEntries(entries, query, { limit: 3, locale: args.lang });
      if (matches[0] && matches[0].score >= EXPLAIN_MIN_SCORE) entry = byId.get(matches[0].id);
      else {
        const close = matches.filter((m) => m.score >= SUGGEST_MIN_SCORE).map((m) => m.id);
        io.stderr(
          `grpc-doctor: no entry matches ${JSON.stringify(query)}${close.length ? `; closest: ${close.join(', ')}` : ''}\n`,
        );
        return 1;
      }
    }
  }
  if (!entry) {
    io.stderr(`grpc-doctor: no entry matches ${JSON.stringify(query)}\n`);
    return 1;
  }
  io.stdout(`${args.format === 'json' ? renderEntryJson(entry) : renderEntryMarkdown(entry, args.lang)}\n`);
  return 0;
}
