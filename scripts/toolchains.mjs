// `npm run test:toolchains`: compiles every quick-fix fixture and every committed snapshot (the edited
// files) with the language's real toolchain and gRPC library. Installs what it needs (scripts/setup/*).
// Usage: node scripts/toolchains.mjs [python go java typescript javascript cpp csharp]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const fixtures = path.join(root, 'test/fixtures/quickfix');
const all = ['python', 'go', 'java', 'typescript', 'javascript', 'cpp', 'csharp'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-doctor-toolchains-'));
let passed = 0;
let failed = 0;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}
function must(cmd, args, opts) {
  const r = run(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}
function report(name, result) {
  if (result.ok) passed++;
  else failed++;
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (!result.ok)
    console.log(
      result.out
        .split('\n')
        .slice(0, 40)
        .map((l) => `     ${l}`)
        .join('\n'),
    );
}
const sources = (dir, ext) =>
  fs
    .readdirSync(path.join(fixtures, dir))
    .filter((f) => f.endsWith(ext))
    .sort();

const checks = {
  python() {
    must('bash', [path.join(root, 'scripts/setup/python.sh')]);
    const py = path.join(root, '.tools/venv/bin/python');
    const load =
      'import importlib.util, sys\nspec = importlib.util.spec_from_file_location("checked", sys.argv[1])\nmodule = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(module)';
    for (const f of sources('python', '.py')) {
      const file = path.join(fixtures, 'python', f);
      const compiled = run(py, ['-m', 'py_compile', file]);
      report(`python  py_compile + import (grpcio)  ${f}`, compiled.ok ? run(py, ['-c', load, file]) : compiled);
    }
  },
  go() {
    const mod = path.join(root, 'test/toolchains/go');
    const dir = path.join(work, 'go');
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ['go.mod', 'go.sum']) fs.copyFileSync(path.join(mod, f), path.join(dir, f));
    must('go', ['mod', 'download'], { cwd: dir });
    for (const f of sources('go', '.go')) {
      const pkg = path.join(dir, f.replace(/\W/g, '_'));
      fs.mkdirSync(pkg);
      fs.copyFileSync(path.join(fixtures, 'go', f), path.join(pkg, 'main.go'));
      const built = run('go', ['build', '-o', os.devNull, '.'], { cwd: pkg });
      report(
        `go      go build + vet (google.golang.org/grpc)  ${f}`,
        built.ok ? run('go', ['vet', '.'], { cwd: pkg }) : built,
      );
    }
  },
  java() {
    const project = path.join(root, 'test/toolchains/java');
    const cpFile = path.join(work, 'java-classpath.txt');
    must('mvn', ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], { cwd: project });
    const classpath = fs.readFileSync(cpFile, 'utf8').trim();
    for (const f of sources('java', '.java')) {
      const dir = path.join(work, 'java', f.replace(/\W/g, '_'));
      fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
      const className =
        /public\s+class\s+(\w+)/.exec(fs.readFileSync(path.join(fixtures, 'java', f), 'utf8'))?.[1] ?? 'Main';
      const src = path.join(dir, 'src', `${className}.java`);
      fs.copyFileSync(path.join(fixtures, 'java', f), src);
      report(
        `java    javac (io.grpc 1.85.1)  ${f}`,
        run('javac', ['-Xlint:unchecked', '-Werror', '-d', path.join(dir, 'classes'), '-cp', classpath, src]),
      );
    }
  },
  typescript() {
    // inside the repository, so @grpc/grpc-js and @grpc/proto-loader resolve from its node_modules
    const dir = path.join(root, '.cache/toolchains/typescript');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of sources('typescript', '.ts')) {
      const name = f.replace(/\.ts$/, '').replace(/\W/g, '_');
      fs.mkdirSync(path.join(dir, name));
      fs.copyFileSync(path.join(fixtures, 'typescript', f), path.join(dir, name, 'index.ts'));
      fs.writeFileSync(
        path.join(dir, name, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'commonjs',
            moduleResolution: 'node',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: ['node'],
            typeRoots: [path.join(root, 'node_modules/@types')],
          },
          files: ['index.ts'],
        }),
      );
      report(
        `ts      tsc --noEmit --strict (@grpc/grpc-js)  ${f}`,
        run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, name)]),
      );
    }
  },
  javascript() {
    for (const f of sources('javascript', '.js')) {
      const file = path.join(fixtures, 'javascript', f);
      const syntax = run(process.execPath, ['--check', file]);
      // and it loads: require resolves @grpc/grpc-js from the repository
      const copy = path.join(root, '.cache/toolchains', `check_${f.replace(/\W/g, '_')}.cjs`);
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.writeFileSync(
        copy,
        fs
          .readFileSync(file, 'utf8')
          .replace("loadSync('feed.proto')", `loadSync(${JSON.stringify(path.join(fixtures, 'protos/feed.proto'))})`),
      );
      report(
        `js      node --check + require (@grpc/grpc-js)  ${f}`,
        syntax.ok ? run(process.execPath, ['-e', `require(${JSON.stringify(copy)})`]) : syntax,
      );
    }
  },
  cpp() {
    must('bash', [path.join(root, 'scripts/setup/cpp.sh')]);
    const gen = path.join(work, 'cpp-gen');
    fs.mkdirSync(gen, { recursive: true });
    must('protoc', [
      `-I${path.join(fixtures, 'protos')}`,
      `--cpp_out=${gen}`,
      `--grpc_out=${gen}`,
      `--plugin=protoc-gen-grpc=${must('which', ['grpc_cpp_plugin']).trim()}`,
      'feed.proto',
    ]);
    const flags = must('pkg-config', ['--cflags', 'grpc++', 'protobuf']).trim().split(/\s+/).filter(Boolean);
    for (const f of sources('cpp', '.cc')) {
      report(
        `cpp     g++ -fsyntax-only (libgrpc++-dev)  ${f}`,
        run('g++', [
          '-std=c++17',
          '-fsyntax-only',
          '-Wall',
          '-Werror',
          `-I${gen}`,
          ...flags,
          path.join(fixtures, 'cpp', f),
        ]),
      );
    }
  },
  async csharp() {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const language = await Language.load(path.join(root, 'node_modules/tree-sitter-c-sharp/tree-sitter-c_sharp.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    for (const f of sources('csharp', '.cs')) {
      const tree = parser.parse(fs.readFileSync(path.join(fixtures, 'csharp', f), 'utf8'));
      const bad = [];
      const walk = (node) => {
        if (node.type === 'ERROR' || node.isMissing)
          bad.push(`${node.type} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`);
        for (const child of node.children) walk(child);
      };
      walk(tree.rootNode);
      report(`csharp  tree-sitter-c-sharp parse, 0 ERROR nodes  ${f}`, { ok: bad.length === 0, out: bad.join('\n') });
    }
  },
};

for (const name of chosen) {
  if (!checks[name]) throw new Error(`unknown toolchain ${name}; known: ${all.join(', ')}`);
  try {
    await checks[name]();
  } catch (error) {
    report(`${name} setup`, { ok: false, out: String(error?.message ?? error) });
  }
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`toolchains: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
