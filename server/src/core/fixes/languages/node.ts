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
  lineStatementStart,
  lowerFirst,
  receiverOf,
  statementEndOffset,
  streamSites,
} from '../common';
import { ensureImports } from '../imports';
import { retryConfigComment, serviceConfigJson, tabIndented, type RetryPlan } from '../serviceConfig';
import { codeMatches, indentAt, layout, lineStartAt, type EditLanguage, type Replacement } from '../text';
import type { EditInput, LanguageSupport, Site } from '../types';

const CONFIG_NAME = 'GRPC_SERVICE_CONFIG';
const OPTION_KEY = "'grpc.service_config'";

/** The namespace the file imports @grpc/grpc-js as (`import * as grpc`, `const grpc = require(…)`). */
function grpcAlias(text: string): string | undefined {
  return (
    /import\s+\*\s+as\s+(\w+)\s+from\s+['"]@grpc\/grpc-js['"]/.exec(text)?.[1] ??
    /(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"]@grpc\/grpc-js['"]\s*\)/.exec(text)?.[1]
  );
}

function findSites(input: EditInput, streamMethods: ReadonlySet<string>): Site[] {
  const channels = callSites(input, /\bnew\s+([\w$.]+)\s*\(/, 'channel', (m, open, close) => {
    const args = input.masked.slice(open + 1, close);
    const raw = input.text.slice(open + 1, close);
    // a client constructor: (address, credentials[, options]); grpc.Server/Metadata and friends are not
    if (/(?:^|\.)(?:Server|Metadata|Promise|Error|Map|Set)$/.test(m[1]) || !/,/.test(args)) return null;
    if (!/credentials|Credentials|creds/.test(raw)) return null;
    return { variable: assignedName(input, { kind: 'channel', start: m.index, end: m.index }) };
  });
  const servers = callSites(input, /\bnew\s+((?:[\w$]+\.)?Server)\s*\(/, 'server', (m) => {
    const variable = assignedName(
      input,
      { kind: 'server', start: m.index, end: m.index },
      /(?:const|let|var)?\s*([\w$.]+)\s*=\s*$/,
    );
    return variable ? { variable } : null;
  });
  // generated and proto-loader clients expose both `Subscribe` and `subscribe`
  return [...channels, ...servers, ...streamSites(input, streamMethods, (n) => [n, lowerFirst(n)])].sort(
    (a, b) => a.start - b.start,
  );
}

function existingConfig(input: EditInput) {
  const present = /['"]grpc\.service_config['"]/.test(input.text);
  return {
    present,
    codes: present
      ? existingCodeList(input.text, /["']?retryableStatusCodes["']?\s*:\s*\[/, ']', (t) =>
          fromPascalStatus(t.toUpperCase() === t ? t : t.toUpperCase()),
        )
      : undefined,
  };
}

/** JSON → JS object literal: unquoted keys, single quotes, trailing commas like Prettier. */
function jsLiteral(json: string): string {
  return json
    .replace(/"(\w+)":/g, '$1:')
    .replace(/"([^"']*)"/g, "'$1'")
    .replace(/([}\]'\d])(?=\n\s*[}\]])/g, '$1,')
    .replace(/\{(\w+: [^{}\n]+)\}/g, '{ $1 }');
}

/** Code written without semicolons gets snippets without them. */
function matchSemicolons(text: string, snippet: string): string {
  // trimmed first: `X\s*;?\s*$` on a line of blanks would backtrack quadratically
  const ends = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(
      (l) =>
        /[\w)\]'"`];?$/.test(l.endsWith(';') ? `${l.slice(0, -1).trimEnd()};` : l) && !/^\s*(?:\/\/|\*|\/\*)/.test(l),
    );
  const withSemicolon = ends.filter((l) => l.endsWith(';')).length;
  return ends.length >= 4 && withSemicolon / ends.length < 0.2
    ? snippet.replace(/^(?!\s*(?:\/\/|\*))(.*);$/gm, '$1')
    : snippet;
}

function addRetryConfig(
  input: EditInput,
  site: Site,
  plan: RetryPlan,
  language: EditLanguage,
): Replacement[] | undefined {
  const comment = retryConfigComment(plan, language)
    .map((l) => `// ${l}`)
    .join('\n');
  const constant = insertAboveLine(
    input,
    lineStatementStart(input, site.start),
    matchSemicolons(
      input.text,
      `${comment}\nconst ${CONFIG_NAME} = JSON.stringify(${tabIndented(jsLiteral(serviceConfigJson(plan, language)))});`,
    ),
  );
  const { args } = argumentsOf(input, site);
  const edits: Replacement[] = [constant];
  if (args.length >= 3) {
    const options = args[2];
    const text = input.text.slice(options.start, options.end);
    if (text.startsWith('{')) {
      const empty = text.slice(1, -1).trim() === '';
      edits.push({
        start: options.start + 1,
        end: options.start + 1,
        newText: empty ? ` ${OPTION_KEY}: ${CONFIG_NAME} ` : ` ${OPTION_KEY}: ${CONFIG_NAME},`,
      });
    } else {
      edits.push({ start: options.start, end: options.end, newText: `{ ...${text}, ${OPTION_KEY}: ${CONFIG_NAME} }` });
    }
  } else {
    edits.push(appendArgument(input, site, `{ ${OPTION_KEY}: ${CONFIG_NAME} }`));
  }
  return edits;
}

const HELPER = (g: string, typed: boolean) => {
  const t = (s: string) => (typed ? s : '');
  return `
/**
 * gRPC Doctor: re-opens a server stream on the same client after the server restarts or the connection
 * drops (the channel reconnects by itself; a finished call never resumes). \`open\` starts the call from a
 * resume position (pass new ${g}.Metadata({ waitForReady: true })); \`handle\` processes one message and
 * returns the new position. Resolves when the server ends the stream or \`signal\` aborts; rejects on a
 * status not worth a retry and after 10 failed attempts in a row.
 */
async function consumeWithReconnect${t('<T, P>')}(
\topen${t(`: (position: P) => ${g}.ClientReadableStream<T>`)},
\thandle${t(': (message: T, position: P) => P')},
\tposition${t(': P')},
\tsignal${t('?: AbortSignal')},
)${t(': Promise<P>')} {
\tconst reconnectCodes = new Set${t('<number>')}([RECONNECT_CODES]);
\tconst initialBackoffMs = 1000;
\tconst maxBackoffMs = 30_000;
\tconst healthyAfterMs = 10_000;
\tconst maxFailures = 10;
\tlet delayMs = initialBackoffMs;
\tlet failures = 0;
\twhile (!signal?.aborted) {
\t\tconst opened = Date.now();
\t\tconst call = open(position);
\t\tconst cancel = () => call.cancel();
\t\tsignal?.addEventListener('abort', cancel);
\t\ttry {
\t\t\tfor await (const message of call) {
\t\t\t\tposition = handle(message${t(' as T')}, position);
\t\t\t\tfailures = 0;
\t\t\t\tif (Date.now() - opened >= healthyAfterMs) delayMs = initialBackoffMs; // healthy for a while: start the backoff over
\t\t\t}
\t\t\treturn position; // the server ended the stream with OK
\t\t} catch (error) {
\t\t\tif (signal?.aborted) return position;
\t\t\tconst code = ${typed ? '(error as { code?: number })' : 'error'}.code;
\t\t\tif (code === undefined || !reconnectCodes.has(code) || ++failures >= maxFailures) throw error;
\t\t} finally {
\t\t\tsignal?.removeEventListener('abort', cancel);
\t\t}
\t\tawait new Promise((resolve) => setTimeout(resolve, delayMs * (0.8 + Math.random() * 0.4)));
\t\tdelayMs = Math.min(delayMs * 1.6, maxBackoffMs);
\t}
\treturn position;
}
`;
};

function hasReconnectHelper(text: string): boolean {
  return /\bfunction consumeWithReconnect\b/.test(text);
}

/** After the last import/require statement, else at the top. */
function topLevelInsertion(input: EditInput): number {
  let last = 0;
  for (const m of codeMatches(
    input.masked,
    /^(?:import\b[^;]*?from\s*['"][^'"]*['"]|import\s*['"][^'"]*['"]|(?:const|let|var)\s+[^=\n]+=\s*require\([^)]*\)(?:\.\w+)*)\s*;?[^\n]*\n?/gm,
  )) {
    last = m.index + m[0].length;
  }
  return last;
}

function addReconnectLoop(
  input: EditInput,
  site: Site | undefined,
  codes: StatusName[],
  language: EditLanguage,
): Replacement[] | undefined {
  const alias = grpcAlias(input.text) ?? 'grpc';
  const imports = grpcAlias(input.text) ? undefined : ensureImports(input.text, language, ['grpc']);
  const at = Math.max(topLevelInsertion(input), imports?.start ?? 0);
  const helper = layout(
    matchSemicolons(
      input.text,
      HELPER(alias, language === 'typescript').replace(
        'RECONNECT_CODES',
        codes.map((c) => `${alias}.status.${c}`).join(', '),
      ),
    ),
    '',
    input.unit,
  );
  const edits: Replacement[] = [];
  if (imports) edits.push(imports);
  edits.push({ start: at, end: at, newText: `\n${helper}` });
  if (site) {
    const receiver = receiverOf(input, site) ?? 'client';
    const usage = [
      'gRPC Doctor: to survive a server restart, run this stream through the re-open loop, e.g.',
      `  position = await consumeWithReconnect((p) => ${receiver}.${site.method}(requestAfter(p), new ${alias}.Metadata({ waitForReady: true })), handle, position);`,
    ];
    const line = lineStartAt(input.text, site.start);
    edits.push({ start: line, end: line, newText: commentBlock(usage, '//', indentAt(input.text, site.start)) });
  }
  return edits;
}

function hasGracefulShutdown(text: string): boolean {
  return /\.tryShutdown\s*\(|\.forceShutdown\s*\(/.test(text) && /SIGTERM/.test(text);
}

function addGracefulShutdown(input: EditInput, site: Site): Replacement[] | undefined {
  if (!site.variable) return undefined;
  const s = site.variable;
  const snippet = `// gRPC Doctor: graceful shutdown on SIGTERM: tryShutdown refuses new calls and waits for running ones;
// forceShutdown after 30 s cancels what is left (an open stream keeps tryShutdown waiting forever).
process.once('SIGTERM', () => {
\tconst force = setTimeout(() => ${s}.forceShutdown(), 30_000);
\t${s}.tryShutdown(() => clearTimeout(force));
});`;
  return [
    insertBelowLine(
      input,
      statementEndOffset(input, site, true),
      lineStatementStart(input, site.start),
      matchSemicolons(input.text, snippet),
    ),
  ];
}

export function nodeSupport(language: 'typescript' | 'javascript'): LanguageSupport {
  return {
    language,
    meta: {
      name: language === 'typescript' ? 'TypeScript' : 'JavaScript',
      channel: '`new XClient(addr, credentials…)`',
      server: '`new grpc.Server(`',
    },
    findSites,
    existingConfig,
    renderCode: (code, quote) => `${quote}${code}${quote}`,
    addRetryConfig: (input, site, plan) => addRetryConfig(input, site, plan, language),
    hasReconnectHelper,
    addReconnectLoop: (input, site, codes) => addReconnectLoop(input, site, codes, language),
    hasGracefulShutdown,
    addGracefulShutdown,
  };
}
