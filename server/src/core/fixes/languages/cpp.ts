import type { StatusName } from '../../../../../shared/knowledge';
import {
  argumentsOf,
  callSites,
  commentBlock,
  existingCodeList,
  fromPascalStatus,
  insertAboveLine,
  receiverOf,
  statementStartOffset,
  streamSites,
  insertStatementsAfter,
} from '../common';
import { ensureImports } from '../imports';
import { retryConfigComment, serviceConfigJson, tabIndented, type RetryPlan } from '../serviceConfig';
import { codeMatches, indentAt, layout, lineStartAt, nextLineStart, type Replacement } from '../text';
import type { EditInput, LanguageSupport, Site } from '../types';

function findSites(input: EditInput, streamMethods: ReadonlySet<string>): Site[] {
  const channels = callSites(input, /\b((?:grpc::)?Create(?:Custom)?Channel)\s*\(/, 'channel', (m) => ({
    variant: m[1].includes('Custom') ? 'custom' : 'plain',
  }));
  const servers = callSites(input, /(?:\.|->)\s*BuildAndStart\s*\(/, 'server', (m) => {
    const start = statementStartOffset(input, { kind: 'server', start: m.index, end: m.index });
    const head = input.masked.slice(Math.max(start, m.index - 400), m.index); // bounded: the pattern ends in `$`
    const variable = /([\w.>-]+)\s*(?:=|\(|\{)\s*[\w.>-]*$/.exec(head)?.[1];
    return variable ? { variable } : null;
  });
  return [...channels, ...servers, ...streamSites(input, streamMethods, (n) => [n])].sort((a, b) => a.start - b.start);
}

function existingConfig(input: EditInput) {
  const present = /SetServiceConfigJSON\s*\(/.test(input.text);
  return {
    present,
    codes: present ? existingCodeList(input.text, /"retryableStatusCodes"\s*:\s*\[/, ']', fromPascalStatus) : undefined,
  };
}

function addRetryConfig(input: EditInput, site: Site, plan: RetryPlan): Replacement[] | undefined {
  const { args } = argumentsOf(input, site);
  const start = statementStartOffset(input, site);
  const comment = retryConfigComment(plan, 'cpp')
    .map((l) => `// ${l}`)
    .join('\n');
  const json = tabIndented(serviceConfigJson(plan, 'cpp'));
  if (site.variant === 'custom') {
    const argsName = args[2] && input.masked.slice(args[2].start, args[2].end);
    if (!argsName || !/^\w+$/.test(argsName)) return undefined;
    return [insertAboveLine(input, start, `${comment}\n${argsName}.SetServiceConfigJSON(R"json(${json})json");`)];
  }
  const name = /\bchannel_args\b/.test(input.text) ? 'retry_channel_args' : 'channel_args';
  const callee = /^(?:grpc::)?CreateChannel/.exec(input.text.slice(site.start))![0];
  return [
    insertAboveLine(
      input,
      start,
      `${comment}\ngrpc::ChannelArguments ${name};\n${name}.SetServiceConfigJSON(R"json(${json})json");`,
    ),
    { start: site.start, end: site.start + callee.length, newText: 'grpc::CreateCustomChannel' },
    { start: site.end - 1, end: site.end - 1, newText: `, ${name}` },
  ];
}

const HELPER = (codes: string) => `
// gRPC Doctor: re-opens a server stream on the same channel after the server restarts or the connection
// drops (the channel reconnects by itself; a finished call never resumes). open(context, position) starts
// the call (context has wait-for-ready set); handle(message, position) returns the new position. Returns
// the final status: OK when the server ended the stream, else the status not worth a retry, the last one
// after 10 failed attempts in a row, or CANCELLED once stop is set.
template <typename Message, typename Position, typename Open, typename Handle>
grpc::Status ConsumeWithReconnect(Open open, Handle handle, Position& position, const std::atomic<bool>& stop) {
\tconst std::chrono::milliseconds initial_backoff(1000), max_backoff(30000);
\tconst auto healthy_after = std::chrono::seconds(10);
\tconst int max_failures = 10;
\tstd::chrono::milliseconds delay = initial_backoff;
\tint failures = 0;
\tstd::mt19937 random(std::random_device{}());
\tstd::uniform_real_distribution<double> jitter(0.8, 1.2);
\twhile (!stop.load()) {
\t\tgrpc::ClientContext context;
\t\tcontext.set_wait_for_ready(true);
\t\tconst auto opened = std::chrono::steady_clock::now();
\t\tstd::unique_ptr<grpc::ClientReader<Message>> reader = open(&context, position);
\t\tMessage message;
\t\twhile (reader->Read(&message)) {
\t\t\tposition = handle(message, position);
\t\t\tfailures = 0;
\t\t\tif (std::chrono::steady_clock::now() - opened >= healthy_after) {
\t\t\t\tdelay = initial_backoff;  // healthy for a while: start the backoff over
\t\t\t}
\t\t}
\t\tgrpc::Status status = reader->Finish();
\t\tif (status.ok() || stop.load()) return status;  // OK: the server ended the stream
\t\tswitch (status.error_code()) {
${codes}
\t\t\t\tbreak;
\t\t\tdefault:
\t\t\t\treturn status;
\t\t}
\t\tif (++failures >= max_failures) return status;
\t\tstd::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::milliseconds>(delay * jitter(random)));
\t\tdelay = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(delay * 1.6), max_backoff);
\t}
\treturn grpc::Status::CANCELLED;
}
`;

function hasReconnectHelper(text: string): boolean {
  return /\bgrpc::Status\s+ConsumeWithReconnect\s*\(/.test(text);
}

function topLevelInsertion(input: EditInput): number {
  let last = -1;
  for (const m of codeMatches(input.masked, /^\s*#\s*include\b[^\n]*/gm)) last = m.index + m[0].length;
  return last < 0 ? 0 : nextLineStart(input.text, last);
}

function addReconnectLoop(input: EditInput, site: Site | undefined, codes: StatusName[]): Replacement[] | undefined {
  const imports = ensureImports(input.text, 'cpp', [
    'algorithm',
    'atomic',
    'chrono',
    'memory',
    'random',
    'thread',
    'grpcpp/grpcpp.h',
  ]);
  const at = Math.max(topLevelInsertion(input), imports?.start ?? 0);
  const cases = codes.map((c) => `\t\t\tcase grpc::StatusCode::${c}:`).join('\n');
  const edits: Replacement[] = [];
  if (imports) edits.push(imports);
  edits.push({ start: at, end: at, newText: `\n${layout(HELPER(cases), '', input.unit)}` });
  if (site) {
    const receiver = receiverOf(input, site) ?? 'stub';
    const usage = [
      'gRPC Doctor: to survive a server restart, run this stream through the re-open loop, e.g.',
      `  ConsumeWithReconnect<Message>([&](grpc::ClientContext* ctx, const Position& p) { return ${receiver}->${site.method}(ctx, RequestAfter(p)); }, Handle, position, stop);`,
    ];
    const line = lineStartAt(input.text, statementStartOffset(input, site));
    edits.push({ start: line, end: line, newText: commentBlock(usage, '//', indentAt(input.text, line)) });
  }
  return edits;
}

function hasGracefulShutdown(text: string): boolean {
  return /SIGTERM/.test(text) && /->\s*Shutdown\s*\(|\.Shutdown\s*\(/.test(text);
}

function addGracefulShutdown(input: EditInput, site: Site): Replacement[] | undefined {
  if (!site.variable) return undefined;
  const s = site.variable;
  const snippet = `// gRPC Doctor: graceful shutdown on SIGTERM: Shutdown(deadline) refuses new calls, lets running ones
// finish until the deadline and then cancels them (sync stream handlers must check IsCancelled()).
static std::atomic<bool> sigterm_received{false};
std::signal(SIGTERM, [](int) { sigterm_received.store(true); });
std::thread([&] {
\twhile (!sigterm_received.load()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
\t${s}->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(30));
}).detach();`;
  return insertStatementsAfter(input, site, 'cpp', ['atomic', 'chrono', 'csignal', 'thread'], snippet);
}

export const cpp: LanguageSupport = {
  language: 'cpp',
  meta: { name: 'C++', channel: '`grpc::CreateChannel`/`CreateCustomChannel`', server: '`BuildAndStart()`' },
  findSites,
  existingConfig,
  renderCode: (code) => `"${code}"`,
  addRetryConfig,
  hasReconnectHelper,
  addReconnectLoop,
  hasGracefulShutdown,
  addGracefulShutdown,
};
