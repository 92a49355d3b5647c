// Released source of gRPC implementations, fetched through the package registries' own clients
// (pip, go, npm, mvn, cargo) and cached as plain files: <cache>/<package>/<version>/<repository path>.
// Only the client programs know where their registries live; nothing here names a host.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CACHE = process.env.KB_VERIFY_CACHE || path.join(os.homedir(), '.cache', 'grpc-doctor', 'kb-verify');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000, ...opts });
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${cmd} ${args.join(' ')}: ${why}`);
  }
  return r.stdout;
}

function tmpdir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `kbv-${name}-`));
}

/** Extract members of an archive under `prefix` into `dest`, dropping `prefix`. */
function extract(archive, prefix, dest, kind) {
  const tmp = tmpdir('x');
  try {
    if (kind === 'zip') run('unzip', ['-q', '-o', archive, `${prefix}*`, '-d', tmp]);
    else run('tar', ['-xzf', archive, '-C', tmp, '--wildcards', `${prefix}*`]);
    const from = path.join(tmp, prefix);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.cpSync(from, dest, { recursive: true });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const cmpSemver = (a, b) => {
  const pa = a
    .replace(/^v/, '')
    .split(/[.+-]/)
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b
    .replace(/^v/, '')
    .split(/[.+-]/)
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
};
export const compareVersions = cmpSemver;
const stable = (v) => /^v?\d+\.\d+\.\d+$/.test(v);

// ---------------------------------------------------------------------------------------------
// One adapter per package: versions() lists the registry's stable releases (oldest first);
// fetch(version, dest) writes the source files at their repository paths under dest.

const JAVA_ARTIFACTS = {
  'grpc-api': 'api',
  'grpc-core': 'core',
  'grpc-netty': 'netty',
  'grpc-okhttp': 'okhttp',
  'grpc-stub': 'stub',
};

function crate(name) {
  return {
    repository: {
      tonic: 'hyperium/tonic',
      'tonic-build': 'hyperium/tonic',
      h2: 'hyperium/h2',
      hyper: 'hyperium/hyper',
      'hyper-util': 'hyperium/hyper-util',
    }[name],
    // tonic and tonic-build live in a workspace: repository paths start with the crate's folder
    repoPrefix: name.startsWith('tonic') ? `${name}/` : '',
    tag: (v) => `v${v}`,
    versions() {
      const dir = tmpdir('cargo');
      try {
        run('cargo', ['info', name], { cwd: dir });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const out = [];
      for (const idx of fs.readdirSync(path.join(os.homedir(), '.cargo/registry/index'))) {
        const base = path.join(os.homedir(), '.cargo/registry/index', idx, '.cache');
        const rel =
          name.length <= 2
            ? `${name.length}/${name}`
            : name.length === 3
              ? `3/${name[0]}/${name}`
              : `${name.slice(0, 2)}/${name.slice(2, 4)}/${name}`;
        const f = path.join(base, rel);
        if (!fs.existsSync(f)) continue;
        // cargo's index cache: NUL-separated records, each a version and its JSON line
        for (const chunk of fs.readFileSync(f, 'utf8').split('\0')) {
          if (!chunk.startsWith('{')) continue;
          try {
            const rec = JSON.parse(chunk);
            if (!rec.yanked) out.push(rec.vers);
          } catch {
            /* not a record */
          }
        }
      }
      return [...new Set(out)].filter(stable).sort(cmpSemver);
    },
    fetch(version, dest) {
      const dir = tmpdir('cargo');
      try {
        run('cargo', ['info', `${name}@${version}`], { cwd: dir });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const cacheRoot = path.join(os.homedir(), '.cargo/registry/cache');
      const file = fs
        .readdirSync(cacheRoot)
        .map((d) => path.join(cacheRoot, d, `${name}-${version}.crate`))
        .find((f) => fs.existsSync(f));
      if (!file) throw new Error(`cargo did not leave ${name}-${version}.crate in its cache`);
      extract(file, `${name}-${version}/src/`, path.join(dest, this.repoPrefix, 'src'), 'tgz');
    },
  };
}

export const PACKAGES = {
  grpcio: {
    repository: 'grpc/grpc',
    tag: (v) => `v${v}`,
    versions() {
      const out = run('pip', ['index', 'versions', 'grpcio'], {
        env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' },
      });
      const m = /Available versions: (.+)/.exec(out);
      return (m ? m[1].split(', ') : []).filter(stable).sort(cmpSemver);
    },
    fetch(version, dest) {
      const dir = tmpdir('pip');
      const constraint = path.join(dir, 'constraint.txt');
      // old grpcio setup.py files import pkg_resources while pip prepares the metadata
      fs.writeFileSync(constraint, 'setuptools<70\n');
      try {
        const args = ['download', '--no-binary', 'grpcio', '--no-deps', '-d', dir, `grpcio==${version}`];
        try {
          run('pip', args);
        } catch {
          run('pip', args, { env: { ...process.env, PIP_CONSTRAINT: constraint } });
        }
        const file = fs.readdirSync(dir).find((f) => f.endsWith('.tar.gz'));
        if (!file) throw new Error(`pip left no sdist for grpcio ${version}`);
        extract(path.join(dir, file), `grpcio-${version}/src/core/`, path.join(dest, 'src/core'), 'tgz');
        extract(
          path.join(dir, file),
          `grpcio-${version}/src/python/grpcio/grpc/`,
          path.join(dest, 'src/python/grpcio/grpc'),
          'tgz',
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  'grpc-go': {
    repository: 'grpc/grpc-go',
    tag: (v) => `v${v}`,
    versions() {
      const out = run('go', ['list', '-m', '-versions', 'google.golang.org/grpc'], {
        cwd: os.tmpdir(),
        env: { ...process.env, GO111MODULE: 'on', GOFLAGS: '-mod=mod' },
      });
      return out
        .trim()
        .split(/\s+/)
        .slice(1)
        .map((v) => v.replace(/^v/, ''))
        .filter(stable)
        .sort(cmpSemver);
    },
    fetch(version, dest) {
      const info = JSON.parse(
        run('go', ['mod', 'download', '-json', `google.golang.org/grpc@v${version}`], { cwd: os.tmpdir() }),
      );
      if (!info.Dir) throw new Error(`go mod download: ${info.Error ?? 'no Dir'}`);
      // the module as released, without its tests, examples and test servers
      fs.cpSync(info.Dir, dest, {
        recursive: true,
        filter: (src) => {
          const rel = path.relative(info.Dir, src);
          if (!rel) return true;
          if (/(^|\/)(testdata|examples|interop|benchmark|test)(\/|$)/.test(rel)) return false;
          return !rel.endsWith('_test.go') && (fs.statSync(src).isDirectory() || rel.endsWith('.go'));
        },
      });
      for (const f of walk(dest)) fs.chmodSync(f, 0o644);
    },
  },
  'grpc-js': {
    repository: 'grpc/grpc-node',
    repoPrefix: 'packages/grpc-js/',
    tag: (v) => `@grpc/grpc-js@${v}`,
    versions() {
      return JSON.parse(run('npm', ['view', '@grpc/grpc-js', 'versions', '--json']))
        .filter(stable)
        .sort(cmpSemver);
    },
    fetch(version, dest) {
      const dir = tmpdir('npm');
      try {
        const out = JSON.parse(
          run('npm', ['pack', `@grpc/grpc-js@${version}`, '--json', '--pack-destination', dir], { cwd: dir }),
        );
        extract(path.join(dir, out[0].filename), 'package/src/', path.join(dest, this.repoPrefix, 'src'), 'tgz');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  'grpc-java': {
    repository: 'grpc/grpc-java',
    tag: (v) => `v${v}`,
    versions() {
      // resolving LATEST makes Maven store the artifact's metadata (all releases) locally
      const dir = tmpdir('mvn');
      try {
        run('mvn', ['-q', '-B', 'dependency:get', '-Dartifact=io.grpc:grpc-netty:LATEST', '-Dtransitive=false'], {
          cwd: dir,
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const repoDir = path.join(os.homedir(), '.m2/repository/io/grpc/grpc-netty');
      const meta = fs
        .readdirSync(repoDir)
        .filter((f) => /^maven-metadata.*\.xml$/.test(f))
        .map((f) => fs.readFileSync(path.join(repoDir, f), 'utf8'))
        .join('\n');
      return [...new Set([...meta.matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]))]
        .filter(stable)
        .sort(cmpSemver);
    },
    fetch(version, dest) {
      let got = 0;
      for (const [artifact, module] of Object.entries(JAVA_ARTIFACTS)) {
        const dir = tmpdir('mvn');
        try {
          run(
            'mvn',
            [
              '-q',
              '-B',
              'dependency:get',
              `-Dartifact=io.grpc:${artifact}:${version}:jar:sources`,
              '-Dtransitive=false',
            ],
            { cwd: dir },
          );
        } catch {
          continue; // grpc-api exists only from 1.21, grpc-okhttp's sources are missing for a few releases
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        const jar = path.join(
          os.homedir(),
          `.m2/repository/io/grpc/${artifact}/${version}/${artifact}-${version}-sources.jar`,
        );
        const to = path.join(dest, module, 'src/main/java');
        fs.mkdirSync(to, { recursive: true });
        run('unzip', ['-q', '-o', jar, '-d', to]);
        got++;
      }
      if (!got) throw new Error(`no grpc-java sources jar for ${version}`);
    },
  },
  tonic: crate('tonic'),
  'tonic-build': crate('tonic-build'),
  h2: crate('h2'),
  hyper: crate('hyper'),
  'hyper-util': crate('hyper-util'),
};

export function* walk(dir) {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) yield* walk(p);
    else yield p;
  }
}

const versionCache = new Map();
/** The registry's stable releases, oldest first (cached for a day). */
export function listVersions(pkg) {
  if (versionCache.has(pkg)) return versionCache.get(pkg);
  const file = path.join(CACHE, pkg, 'versions.json');
  let list;
  try {
    const stat = fs.statSync(file);
    if (Date.now() - stat.mtimeMs < 86_400_000) list = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    /* not cached */
  }
  if (!list) {
    list = PACKAGES[pkg].versions();
    if (!list.length) throw new Error(`${pkg}: the registry listed no releases`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(list));
  }
  versionCache.set(pkg, list);
  return list;
}

/** Directory holding the release's source at repository paths; fetched once, then read from the cache. */
export function sourceDir(pkg, version) {
  const dest = path.join(CACHE, pkg, version);
  if (fs.existsSync(path.join(dest, '.complete'))) return dest;
  // a release that cannot be fetched (e.g. an sdist whose setup.py no longer runs) is remembered
  const failed = path.join(CACHE, pkg, `${version}.failed`);
  if (fs.existsSync(failed)) throw new Error(fs.readFileSync(failed, 'utf8'));
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  try {
    PACKAGES[pkg].fetch(version, dest);
  } catch (err) {
    fs.rmSync(dest, { recursive: true, force: true });
    fs.writeFileSync(failed, String(err.message ?? err).slice(0, 500));
    throw err;
  }
  fs.writeFileSync(path.join(dest, '.complete'), '');
  return dest;
}

const SOURCE_EXT = /\.(cc|c|h|cpp|py|pyx|pxi|pxd|go|ts|js|java|rs)$/;
const corpusCache = new Map();
/** Every source file of a release: repository path → text. */
export function corpus(pkg, version) {
  const key = `${pkg}@${version}`;
  if (corpusCache.has(key)) return corpusCache.get(key);
  const dir = sourceDir(pkg, version);
  const files = new Map();
  for (const f of walk(dir))
    if (SOURCE_EXT.test(f)) files.set(path.relative(dir, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8'));
  // keep at most a few releases in memory (a grpcio release is ~40 MB of text)
  if (corpusCache.size >= 4) corpusCache.delete(corpusCache.keys().next().value);
  corpusCache.set(key, files);
  return files;
}
