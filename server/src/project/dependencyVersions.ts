import * as fs from 'fs';
import * as path from 'path';
import { lowestVersion, type DependencyKey, type DependencyVersions } from '../core/versions';

type Parser = (text: string) => DependencyVersions;

const set = (out: DependencyVersions, key: DependencyKey, requirement: string | undefined) => {
  const v = requirement && lowestVersion(requirement);
  if (v && !out[key]) out[key] = v;
};

export const DEPENDENCY_PARSERS: Record<string, Parser> = {
  'package.json': (text) => {
    const out: DependencyVersions = {};
    try {
      const pkg = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) set(out, 'grpc-js', pkg[field]?.['@grpc/grpc-js']);
    } catch {
      // an unparsable package.json declares nothing we can trust
    }
    return out;
  },
  'go.mod': (text) => {
    const out: DependencyVersions = {};
    set(out, 'grpc-go', /^\s*(?:require\s+)?google\.golang\.org\/grpc\s+(v\S+)/m.exec(text)?.[1]);
    return out;
  },
  'requirements.txt': (text) => {
    const out: DependencyVersions = {};
    set(out, 'grpcio', /^\s*grpcio\s*(?:\[[^\]]*\])?\s*(?:==|>=|~=|===)\s*([\d.]+)/im.exec(text)?.[1]);
    return out;
  },
  'pyproject.toml': (text) => {
    const out: DependencyVersions = {};
    const pep = /["']grpcio\s*(?:\[[^\]]*\])?\s*(?:==|>=|~=)\s*([\d.]+)/i.exec(text)?.[1];
    const poetry = /^\s*grpcio\s*=\s*(?:["']([^"']+)["']|\{[^}]*version\s*=\s*["']([^"']+)["'])/im.exec(text);
    set(out, 'grpcio', pep ?? poetry?.[1] ?? poetry?.[2]);
    return out;
  },
  'pom.xml': (text) => {
    const out: DependencyVersions = {};
    const direct = /<groupId>\s*io\.grpc\s*<\/groupId>\s*<artifactId>[^<]+<\/artifactId>\s*<version>\s*([^<]+?)\s*<\/version>/.exec(text)?.[1];
    let version = direct;
    const property = direct && /^\$\{(.+)\}$/.exec(direct)?.[1];
    if (property) version = new RegExp(`<${property.replace(/\./g, '\\.')}>\\s*([^<]+?)\\s*</`).exec(text)?.[1];
    set(out, 'grpc-java', version ?? /<grpc\.version>\s*([^<]+)</.exec(text)?.[1]);
    return out;
  },
  'build.gradle': (text) => {
    const out: DependencyVersions = {};
    set(out, 'grpc-java', /["']io\.grpc:grpc-[\w-]+:([\d.]+)["']/.exec(text)?.[1] ?? /grpcVersion\s*=\s*["']([\d.]+)["']/.exec(text)?.[1]);
    return out;
  },
  'build.gradle.kts': (text) => DEPENDENCY_PARSERS['build.gradle'](text),
  '.csproj': (text) => {
    const out: DependencyVersions = {};
    set(out, 'Grpc.Net.Client', /<PackageReference\s+Include="Grpc\.(?:Net\.Client|Net\.ClientFactory|AspNetCore)"\s+Version="([^"]+)"/i.exec(text)?.[1]);
    return out;
  },
  'Cargo.toml': (text) => {
    const out: DependencyVersions = {};
    const m = /^\s*tonic\s*=\s*(?:"([^"]+)"|\{[^}]*version\s*=\s*"([^"]+)")/m.exec(text);
    set(out, 'tonic', m?.[1] ?? m?.[2]);
    return out;
  },
};

/** The parser for a dependency file name (`*.csproj` by extension). */
export function dependencyParserFor(fileName: string): Parser | undefined {
  const base = path.basename(fileName);
  return DEPENDENCY_PARSERS[base] ?? (base.endsWith('.csproj') ? DEPENDENCY_PARSERS['.csproj'] : undefined);
}

/** Merges what the dependency files directly in `dir` declare (first declaration wins). */
export function readDependencyVersions(dir: string): DependencyVersions {
  const out: DependencyVersions = {};
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const parse = dependencyParserFor(name);
    if (!parse) continue;
    try {
      const found = parse(fs.readFileSync(path.join(dir, name), 'utf8'));
      for (const [k, v] of Object.entries(found) as [DependencyKey, string][]) out[k] ??= v;
    } catch {
      // unreadable file: nothing declared
    }
  }
  return out;
}
