import type { StatusName } from '../../../../../shared/knowledge';
import {
  argumentsOf,
  appendArgument,
  callSites,
  commentBlock,
  enclosingClassBody,
  existingCodeList,
  fromPascalStatus,
  insertAboveLine,
  insertMember,
  pascalStatus,
  receiverOf,
  statementStartOffset,
  streamSites,
  insertStatementsAfter,
} from '../common';
import { ensureImports } from '../imports';
import { RETRY_POLICY, retryConfigComment, type RetryPlan } from '../serviceConfig';
import { indentAt, lineStartAt, type Replacement } from '../text';
import type { EditInput, LanguageSupport, Site } from '../types';

const CONFIG_NAME = 'grpcServiceConfig';

function findSites(input: EditInput, streamMethods: ReadonlySet<string>): Site[] {
  const channels = callSites(input, /\bGrpcChannel\s*\.\s*ForAddress\s*\(/, 'channel');
  // ASP.NET Core hosts the server: `builder.Services.AddGrpc()` / `services.AddGrpc()`
  const servers = callSites(input, /\b([\w.]+)\s*\.\s*AddGrpc\s*\(/, 'server', (m) => ({ variable: m[1] }));
  return [...channels, ...servers, ...streamSites(input, streamMethods, (n) => [n, `${n}Async`])].sort(
    (a, b) => a.start - b.start,
  );
}

function existingConfig(input: EditInput) {
  const present = /\bServiceConfig\s*=/.test(input.text);
  return {
    present,
    codes: present ? existingCodeList(input.text, /RetryableStatusCodes\s*=\s*\{/, '}', fromPascalStatus) : undefined,
  };
}

function configExpression(plan: RetryPlan): string {
  const names = plan.wildcard
    ? 'MethodName.Default'
    : plan.names
        .map((n) => `new MethodName { Service = "${n.service}"${n.method ? `, Method = "${n.method}"` : ''} }`)
        .join(', ');
  return `new ServiceConfig
{
\tMethodConfigs =
\t{
\t\tnew MethodConfig
\t\t{
\t\t\tNames = { ${names} },
\t\t\tRetryPolicy = new RetryPolicy
\t\t\t{
\t\t\t\tMaxAttempts = ${RETRY_POLICY.maxAttempts},
\t\t\t\tInitialBackoff = TimeSpan.FromSeconds(0.1),
\t\t\t\tMaxBackoff = TimeSpan.FromSeconds(1),
\t\t\t\tBackoffMultiplier = ${RETRY_POLICY.backoffMultiplier},
\t\t\t\tRetryableStatusCodes = { ${plan.retryableStatusCodes.map((c) => `StatusCode.${pascalStatus(c)}`).join(', ')} },
\t\t\t},
\t\t},
\t},
}`;
}

function addRetryConfig(input: EditInput, site: Site, plan: RetryPlan): Replacement[] | undefined {
  const start = statementStartOffset(input, site);
  const comment = retryConfigComment(plan, 'csharp')
    .map((l) => `// ${l}`)
    .join('\n');
  const declaration = insertAboveLine(input, start, `${comment}\nvar ${CONFIG_NAME} = ${configExpression(plan)};`);
  const { args } = argumentsOf(input, site);
  const edits: Replacement[] = [declaration];
  if (args.length >= 2) {
    const options = args[1];
    const text = input.masked.slice(options.start, options.end);
    const brace = text.indexOf('{');
    if (/^new\b/.test(text) && brace >= 0) {
      edits.push({
        start: options.start + brace + 1,
        end: options.start + brace + 1,
        newText: ` ServiceConfig = ${CONFIG_NAME},`,
      });
    } else if (/^new\b[^{]*\)$/.test(text)) {
      edits.push({ start: options.end, end: options.end, newText: ` { ServiceConfig = ${CONFIG_NAME} }` });
    } else if (/^[\w.]+$/.test(text)) {
      edits.push(insertAboveLine(input, start, `${text}.ServiceConfig = ${CONFIG_NAME};`));
    } else {
      return undefined;
    }
  } else {
    edits.push(appendArgument(input, site, `new GrpcChannelOptions { ServiceConfig = ${CONFIG_NAME} }`));
  }
  const imports = ensureImports(input.text, 'csharp', [
    'System',
    'Grpc.Core',
    'Grpc.Net.Client',
    'Grpc.Net.Client.Configuration',
  ]);
  return [...(imports ? [imports] : []), ...edits];
}

const HELPER = (codes: string) => `
/// <summary>
/// gRPC Doctor: re-opens a server stream on the same channel after the server restarts or the connection
/// drops (the channel reconnects by itself; a finished call never resumes). <paramref name="open"/> starts
/// the call from a resume position (pass new CallOptions(...).WithWaitForReady()); <paramref name="handle"/>
/// processes one message and returns the new position. Returns when the server ends the stream or the token
/// is cancelled; throws on a status not worth a retry and after 10 failed attempts in a row.
/// </summary>
static async Task<TPosition> ConsumeWithReconnectAsync<TMessage, TPosition>(
\tFunc<TPosition, AsyncServerStreamingCall<TMessage>> open,
\tFunc<TMessage, TPosition, TPosition> handle,
\tTPosition position,
\tCancellationToken cancellationToken)
{
\tvar initialBackoff = TimeSpan.FromSeconds(1);
\tvar maxBackoff = TimeSpan.FromSeconds(30);
\tvar healthyAfter = TimeSpan.FromSeconds(10);
\tconst int maxFailures = 10;
\tvar delay = initialBackoff;
\tvar failures = 0;
\twhile (!cancellationToken.IsCancellationRequested)
\t{
\t\tvar opened = DateTime.UtcNow;
\t\ttry
\t\t{
\t\t\tusing var call = open(position);
\t\t\tawait foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
\t\t\t{
\t\t\t\tposition = handle(message, position);
\t\t\t\tfailures = 0;
\t\t\t\tif (DateTime.UtcNow - opened >= healthyAfter)
\t\t\t\t{
\t\t\t\t\tdelay = initialBackoff; // healthy for a while: start the backoff over
\t\t\t\t}
\t\t\t}
\t\t\treturn position; // the server ended the stream with OK
\t\t}
\t\tcatch (RpcException e) when (!cancellationToken.IsCancellationRequested
\t\t\t&& (${codes})
\t\t\t&& ++failures < maxFailures)
\t\t{
\t\t}
\t\tawait Task.Delay(delay * (0.8 + Random.Shared.NextDouble() * 0.4), cancellationToken);
\t\tdelay = TimeSpan.FromTicks(Math.Min((long)(delay.Ticks * 1.6), maxBackoff.Ticks));
\t}
\treturn position;
}`;

function hasReconnectHelper(text: string): boolean {
  return /\bConsumeWithReconnectAsync\s*</.test(text) && /static\s+async\s+Task<TPosition>/.test(text);
}

function addReconnectLoop(input: EditInput, site: Site | undefined, codes: StatusName[]): Replacement[] | undefined {
  const condition = codes.map((c) => `e.StatusCode == StatusCode.${pascalStatus(c)}`).join(' || ');
  const body = site
    ? enclosingClassBody(input.masked, site.start)
    : (() => {
        const m = /\b(?:class|record|struct)\s+\w+[^{;]*\{/.exec(input.masked);
        return m ? m.index + m[0].length - 1 : -1;
      })();
  const edits: Replacement[] = [];
  const imports = ensureImports(input.text, 'csharp', [
    'System',
    'System.Threading',
    'System.Threading.Tasks',
    'Grpc.Core',
  ]);
  if (imports) edits.push(imports);
  if (site) {
    const receiver = receiverOf(input, site) ?? 'client';
    const usage = [
      'gRPC Doctor: to survive a server restart, run this stream through the re-open loop, e.g.',
      `  position = await ConsumeWithReconnectAsync(p => ${receiver}.${site.method}(RequestAfter(p), new CallOptions().WithWaitForReady()), Handle, position, token);`,
    ];
    const line = lineStartAt(input.text, statementStartOffset(input, site));
    edits.push({ start: line, end: line, newText: commentBlock(usage, '//', indentAt(input.text, line)) });
  }
  if (body >= 0) {
    edits.push(insertMember(input, body, HELPER(condition)));
  } else if (site) {
    // top-level statements: a local function right before the statement
    edits.push(insertAboveLine(input, statementStartOffset(input, site), HELPER(condition).trim()));
  } else {
    return undefined;
  }
  return edits;
}

function hasGracefulShutdown(text: string): boolean {
  return /ShutdownTimeout/.test(text);
}

function addGracefulShutdown(input: EditInput, site: Site): Replacement[] | undefined {
  if (!site.variable) return undefined;
  const snippet = `// gRPC Doctor: on SIGTERM the host stops the server: it drains running calls for up to ShutdownTimeout,
// then cancels them (streaming handlers should watch context.CancellationToken and end in time).
${site.variable}.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));`;
  return insertStatementsAfter(
    input,
    site,
    'csharp',
    ['System', 'Microsoft.Extensions.DependencyInjection', 'Microsoft.Extensions.Hosting'],
    snippet,
  );
}

export const csharp: LanguageSupport = {
  language: 'csharp',
  meta: { name: 'C#', channel: '`GrpcChannel.ForAddress`', server: '`…AddGrpc()`' },
  findSites,
  existingConfig,
  renderCode: (code) => `StatusCode.${pascalStatus(code)}`,
  addRetryConfig,
  hasReconnectHelper,
  addReconnectLoop,
  hasGracefulShutdown,
  addGracefulShutdown,
};
