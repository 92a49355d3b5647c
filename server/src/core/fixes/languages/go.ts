import type { StatusName } from '../../../../../shared/knowledge';
import {
  appendArgument,
  argumentsOf,
  assignedName,
  callSites,
  commentBlock,
  existingCodeList,
  fromPascalStatus,
  insertAboveLine,
  insertBelowLine,
  receiverOf,
  statementEndOffset,
  streamSites,
} from '../common';
import { ensureImportEdits } from '../imports';
import { retryConfigComment, serviceConfigJson, tabIndented, type RetryPlan } from '../serviceConfig';
import { indentAt, layout, lineStartAt, type Replacement } from '../text';
import type { EditInput, LanguageSupport, Site } from '../types';

const CONFIG_NAME = 'grpcServiceConfig';

function findSites(input: EditInput, streamMethods: ReadonlySet<string>): Site[] {
  const channels = callSites(input, /\bgrpc\.(NewClient|Dial|DialContext)\s*\(/, 'channel', (m) => ({
    variable: assignedName(input, { kind: 'channel', start: m.index, end: m.index }),
  }));
  const servers = callSites(input, /\bgrpc\.NewServer\s*\(/, 'server', (m) => {
    const variable = assignedName(input, { kind: 'server', start: m.index, end: m.index }, /(\w+)\s*(?::=|=)\s*$/);
    return variable ? { variable } : null;
  });
  return [...channels, ...servers, ...streamSites(input, streamMethods, (n) => [n])].sort((a, b) => a.start - b.start);
}

const GO_CODE: Record<string, StatusName> = {
  Unavailable: 'UNAVAILABLE',
  Canceled: 'CANCELLED',
  Internal: 'INTERNAL',
  ResourceExhausted: 'RESOURCE_EXHAUSTED',
};
const goCode = (s: StatusName) => Object.entries(GO_CODE).find(([, v]) => v === s)?.[0] ?? s;

function existingConfig(input: EditInput) {
  const present = /\bWithDefaultServiceConfig\s*\(/.test(input.text);
  return {
    present,
    codes: present
      ? existingCodeList(input.text, /"retryableStatusCodes"\s*:\s*\[/i, ']', fromPascalStatus)
      : undefined,
  };
}

function addRetryConfig(input: EditInput, site: Site, plan: RetryPlan): Replacement[] | undefined {
  const comment = retryConfigComment(plan, 'go')
    .map((l) => `// ${l}`)
    .join('\n');
  const constant = insertAboveLine(
    input,
    site.start,
    `${comment}\nconst ${CONFIG_NAME} = \`${tabIndented(serviceConfigJson(plan, 'go'))}\``,
  );
  const option = `grpc.WithDefaultServiceConfig(${CONFIG_NAME})`;
  const { args } = argumentsOf(input, site);
  const last = args[args.length - 1];
  const lastText = last ? input.text.slice(last.start, last.end) : '';
  // `opts...` must stay last: extend the slice instead
  const edit =
    last && lastText.endsWith('...')
      ? { start: last.start, end: last.end, newText: `append(${lastText.slice(0, -3)}, ${option})...` }
      : appendArgument(input, site, option);
  return [constant, edit];
}

const HELPER = (codes: string) => `
// recvStream is what consumeWithReconnect reads: any generated server-stream client.
type recvStream[T any] interface{ Recv() (T, error) }

// consumeWithReconnect (gRPC Doctor) re-opens a server stream on the same ClientConn after the server
// restarts or the connection drops: the conn reconnects by itself, a finished call never resumes.
// open starts the call from a resume position (pass grpc.WaitForReady(true)); handle processes one
// message and returns the new position. It returns when the server ends the stream (io.EOF), when ctx
// ends, on a status not worth a retry, or after 10 failed attempts in a row.
func consumeWithReconnect[T, P any](ctx context.Context, position P,
\topen func(ctx context.Context, position P) (recvStream[T], error),
\thandle func(msg T, position P) P) (P, error) {
\tconst initialBackoff, maxBackoff, healthyAfter, maxFailures = time.Second, 30 * time.Second, 10 * time.Second, 10
\tdelay, failures := initialBackoff, 0
\tfor {
\t\topened := time.Now()
\t\tstream, err := open(ctx, position)
\t\tfor err == nil {
\t\t\tvar msg T
\t\t\tif msg, err = stream.Recv(); err == nil {
\t\t\t\tposition = handle(msg, position)
\t\t\t\tfailures = 0
\t\t\t\tif time.Since(opened) >= healthyAfter {
\t\t\t\t\tdelay = initialBackoff // healthy for a while: start the backoff over
\t\t\t\t}
\t\t\t}
\t\t}
\t\tif errors.Is(err, io.EOF) {
\t\t\treturn position, nil // the server ended the stream with OK
\t\t}
\t\tif ctx.Err() != nil {
\t\t\treturn position, ctx.Err()
\t\t}
\t\tswitch status.Code(err) {
\t\tcase ${codes}:
\t\tdefault:
\t\t\treturn position, err
\t\t}
\t\tif failures++; failures >= maxFailures {
\t\t\treturn position, err
\t\t}
\t\tselect {
\t\tcase <-ctx.Done():
\t\t\treturn position, ctx.Err()
\t\tcase <-time.After(time.Duration(float64(delay) * (0.8 + 0.4*rand.Float64()))):
\t\t}
\t\tdelay = min(time.Duration(float64(delay)*1.6), maxBackoff)
\t}
}
`;

function goImports(text: string, paths: string[]): Replacement[] {
  const r = ensureImportEdits(text, 'go', paths);
  return r === undefined ? [] : Array.isArray(r) ? r : [r];
}

function hasReconnectHelper(text: string): boolean {
  return /\bfunc consumeWithReconnect\b/.test(text);
}

/** After the import block (or the package clause). */
function topLevelInsertion(input: EditInput): number {
  const block = /^import\s*\(/m.exec(input.masked);
  if (block) {
    const close = input.masked.indexOf('\n)', block.index);
    if (close >= 0) return input.text.indexOf('\n', close + 1) + 1 || input.text.length;
  }
  const lines = [...input.masked.matchAll(/^(?:package|import)\b[^\n]*\n?/gm)];
  const last = lines[lines.length - 1];
  return last ? last.index + last[0].length : 0;
}

function addReconnectLoop(input: EditInput, site: Site | undefined, codes: StatusName[]): Replacement[] | undefined {
  const imports = goImports(input.text, [
    'context',
    'errors',
    'io',
    'math/rand',
    'time',
    'google.golang.org/grpc/codes',
    'google.golang.org/grpc/status',
  ]);
  // a new import block lands at the same offset as the helper; array order puts the imports first
  const at = Math.max(topLevelInsertion(input), ...imports.map((r) => r.start));
  const helper = layout(HELPER(codes.map((c) => `codes.${goCode(c)}`).join(', ')), '', input.unit);
  const edits: Replacement[] = [...imports];
  edits.push({ start: at, end: at, newText: `\n${helper}` });
  if (site) {
    const receiver = receiverOf(input, site) ?? 'client';
    const usage = [
      'gRPC Doctor: to survive a server restart, run this stream through the re-open loop, e.g.',
      `  position, err = consumeWithReconnect(ctx, position, func(ctx context.Context, p Position) (recvStream[*Msg], error) {`,
      `  	return ${receiver}.${site.method}(ctx, requestAfter(p), grpc.WaitForReady(true))`,
      '  }, handle)',
    ];
    const line = lineStartAt(input.text, site.start);
    edits.push({ start: line, end: line, newText: commentBlock(usage, '//', indentAt(input.text, site.start)) });
  }
  return edits;
}

function hasGracefulShutdown(text: string): boolean {
  return /\.GracefulStop\s*\(/.test(text);
}

function addGracefulShutdown(input: EditInput, site: Site): Replacement[] | undefined {
  // a goroutine needs a function body: package-level servers (no indentation) are left alone
  if (!site.variable || indentAt(input.text, site.start) === '') return undefined;
  const s = site.variable;
  const snippet = `// gRPC Doctor: graceful shutdown on SIGTERM: GracefulStop sends GOAWAY, refuses new calls and waits
// for running ones; Stop after 30 s cancels what is left (long-lived streams never end on their own).
go func() {
\tsignals := make(chan os.Signal, 1)
\tsignal.Notify(signals, syscall.SIGTERM, os.Interrupt)
\t<-signals
\tforce := time.AfterFunc(30*time.Second, ${s}.Stop)
\tdefer force.Stop()
\t${s}.GracefulStop()
}()`;
  const imports = goImports(input.text, ['os', 'os/signal', 'syscall', 'time']);
  return [...imports, insertBelowLine(input, statementEndOffset(input, site, false), site.start, snippet)];
}

export const go: LanguageSupport = {
  language: 'go',
  meta: { name: 'Go', channel: '`grpc.NewClient`/`Dial`', server: '`grpc.NewServer(`' },
  findSites,
  existingConfig,
  renderCode: (code) => `"${code}"`,
  addRetryConfig,
  hasReconnectHelper,
  addReconnectLoop,
  hasGracefulShutdown,
  addGracefulShutdown,
};
