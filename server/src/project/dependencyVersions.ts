import * as fs from 'fs';
import * as path from 'path';
import { lowestVersion, type DependencyKey, type DependencyVersions } from '../core/versions';
import { MAX_DEPENDENCY_FILE_BYTES, readWorkspaceFile } from './safeRead';

type Parser = (text: string) => DependencyVersions;

const set = (out: DependencyVersions, key: DependencyKey, requirement: string | undefined) => {
  const v = requirement && lowestVersion(requirement);
  if (v && !out[key]) out[key] = v;
};

/**
 * Every regex the dependency parsers run on file text, each proven linear by a ReDoS analyser in the
 * tests (test/server/project/dependencyVersions.test.ts). Line formats are matched line by line (lines
 * cut at MAX_LINE), never with the `m` flag over the whole file.
 */
export const DEPENDENCY_REGEXES = {
  goMod: /^\s*(?:require\s+)?google\.golang\.org\/grpc\s+(v\S+)/,
  requirements: /^\s*grpcio(?:\s*\[[^\]]*\])?\s*(?:==|>=|~=|===)\s*([\d.]+)/i,
  pep621: /["']grpcio(?:\s*\[[^\]"']*\])?\s*(?:==|>=|~=)\s*([\d.]+)/i,
  poetry: /^\s*grpcio\s*=\s*(?:["']([^"']+)["']|\{[^}]*version\s*=\s*["']([^"']+)["'])/i,
  pomDirect: /<groupId>\s*io\.grpc\s*<\/groupId>\s*<artifactId>[^<]+<\/artifactId>\s*<version>([^<]*)<\/version>/,
  pomProperty: /^\$\{([\w.-]{1,200})\}$/,
  pomGrpcVersion: /<grpc\.version>([^<]*)</,
  gradleDependency: /["']io\.grpc:grpc-[\w-]+:([\d.]+)["']/,
  gradleVariable: /grpcVersion\s*=\s*["']([\d.]+)["']/,
  csproj: /<PackageReference\s+Include="Grpc\.(?:Net\.Client|Net\.ClientFactory|AspNetCore)"\s+Version="([^"]+)"/i,
  cargo: /^\s*tonic\s*=\s*(?:"([^"]+)"|\{[^}]*version\s*=\s*"([^"]+)")/,
};
const RE = DEPENDENCY_REGEXES;
const MAX_LINE = 4096;

/** The first line (cut at MAX_LINE) that `re` matches. */
function matchLine(text: string, re: RegExp): RegExpExecArray | null {
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const m = re.exec(text.slice(start, Math.min(end, start + MAX_LINE)));
    if (m) return m;
    start = end + 1;
  }
  return null;
}

const trimmed = (s: string | undefined): string | undefined => s?.trim() || undefined;

export const DEPENDENCY_PARSERS: Record<string, Parser> = {
  'package.json': (text) => {
    const out: DependencyVersions = {};
    try {
      const pkg = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
        const v = pkg?.[field]?.['@grpc/grpc-js'];
        set(out, 'grpc-js', typeof v === 'string' ? v : undefined);
      }
    } catch {
      // an unparsable package.json declares nothing we can trust
    }
    return out;
  },
  'go.mod': (text) => {
    const out: DependencyVersions = {};
    set(out, 'grpc-go', matchLine(text, RE.goMod)?.[1]);
    return out;
  },
  'requirements.txt': (text) => {
    const out: DependencyVersions = {};
    set(out, 'grpcio', matchLine(text, RE.requirements)?.[1]);
    return out;
  },
  'pyproject.toml': (text) => {
    const out: DependencyVersions = {};
    const pep = RE.pep621.exec(text)?.[1];
    const poetry = matchLine(text, RE.poetry);
    set(out, 'grpcio', pep ?? poetry?.[1] ?? poetry?.[2]);
    return out;
  },
  'pom.xml': (text) => {
    const out: DependencyVersions = {};
    const direct = trimmed(RE.pomDirect.exec(text)?.[1]);
    let version = direct;
    const property = direct && RE.pomProperty.exec(direct)?.[1];
    // the property's element is found by plain string search: text from a workspace file never becomes a regex
    if (property) version = elementText(text, property);
    set(out, 'grpc-java', version ?? trimmed(RE.pomGrpcVersion.exec(text)?.[1]));
    return out;
  },
  'build.gradle': (text) => {
    const out: DependencyVersions = {};
    set(out, 'grpc-java', RE.gradleDependency.exec(text)?.[1] ?? RE.gradleVariable.exec(text)?.[1]);
    return out;
  },
  'build.gradle.kts': (text) => DEPENDENCY_PARSERS['build.gradle'](text),
  '.csproj': (text) => {
    const out: DependencyVersions = {};
    set(out, 'Grpc.Net.Client', RE.csproj.exec(text)?.[1]);
    return out;
  },
  'Cargo.toml': (text) => {
    const out: DependencyVersions = {};
    const m = matchLine(text, RE.cargo);
    set(out, 'tonic', m?.[1] ?? m?.[2]);
    return out;
  },
};

/** The trimmed text of the first `<name>…</` element (string search, no regex built from `name`). */
function elementText(text: string, name: string): string | undefined {
  const open = text.indexOf(`<${name}>`);
  if (open === -1) return undefined;
  const start = open + name.length + 2;
  const end = text.indexOf('<', start);
  const value = text.slice(start, end === -1 ? text.length : end).trim();
  return value || undefined;
}

/** The parser for a dependency file name (`*.csproj` by extension). */
export function dependencyParserFor(fileName: string): Parser | undefined {
  const base = path.basename(fileName);
  return DEPENDENCY_PARSERS[base] ?? (base.endsWith('.csproj') ? DEPENDENCY_PARSERS['.csproj'] : undefined);
}

/**
 * Merges what the dependency files directly in `dir` declare (first declaration wins). Each file is read
 * with the safe reader (regular files inside `roots`, at most MAX_DEPENDENCY_FILE_BYTES, with a timeout).
 */
export async function readDependencyVersions(dir: string, roots: readonly string[]): Promise<DependencyVersions> {
  const out: DependencyVersions = {};
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const parse = dependencyParserFor(name);
    if (!parse) continue;
    try {
      const found = parse(
        await readWorkspaceFile(path.join(dir, name), { roots, maxBytes: MAX_DEPENDENCY_FILE_BYTES }),
      );
      for (const [k, v] of Object.entries(found) as [DependencyKey, string][]) out[k] ??= v;
    } catch {
      // unreadable, special or oversized file: nothing declared
    }
  }
  return out;
}
