import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkSync } from 'recheck';
import { DEPENDENCY_PARSERS, DEPENDENCY_REGEXES } from '../../../server/src/project/dependencyVersions';

test('every regex the dependency parsers run on file text is linear (ReDoS analyser)', { timeout: 300_000 }, () => {
  const bad = Object.entries(DEPENDENCY_REGEXES)
    .map(([name, re]) => ({ name, result: checkSync(re.source, re.flags, { timeout: 60_000 }) }))
    .filter((r) => r.result.status !== 'safe')
    .map((r) => `${r.name}: ${r.result.status}`);
  assert.deepEqual(bad, []);
});

test('hostile dependency files of 1 MiB parse in bounded time and declare nothing', { timeout: 60_000 }, () => {
  const mb = 1024 * 1024;
  const attacks: [string, string][] = [
    ['go.mod', '\n'.repeat(mb)],
    ['go.mod', ' '.repeat(mb)],
    ['requirements.txt', `grpcio${' \t'.repeat(mb / 2)}.`],
    ['pyproject.toml', `"grpcio${'\t'.repeat(mb)}.]>=.`],
    ['pyproject.toml', '"grpcio['.repeat(mb / 8)],
    ['pom.xml', `<groupId>io.grpc</groupId><artifactId>x</artifactId><version>p${'\t'.repeat(mb)}`],
    ['pom.xml', `<grpc.version>${'\t'.repeat(mb)}`],
    ['Cargo.toml', `${'\n'.repeat(mb)}\t"\ntonic="v"`],
    ['package.json', '['.repeat(mb)],
  ];
  for (const [name, text] of attacks) assert.doesNotThrow(() => DEPENDENCY_PARSERS[name](text), name);
});

test('the parsers still read real declarations', () => {
  assert.deepEqual(DEPENDENCY_PARSERS['requirements.txt']('flask==3\ngrpcio[protobuf] >= 1.62.1\n'), {
    grpcio: '1.62.1',
  });
  assert.deepEqual(
    DEPENDENCY_PARSERS['pyproject.toml']('[tool.poetry.dependencies]\ngrpcio = { version = "^1.60.0" }\n'),
    { grpcio: '1.60.0' },
  );
  assert.deepEqual(
    DEPENDENCY_PARSERS['pom.xml'](
      '<dependency><groupId>io.grpc</groupId><artifactId>grpc-netty</artifactId><version> 1.61.0 </version></dependency>',
    ),
    { 'grpc-java': '1.61.0' },
  );
  assert.deepEqual(DEPENDENCY_PARSERS['.csproj']('<PackageReference Include="Grpc.Net.Client" Version="2.60.0" />'), {
    'Grpc.Net.Client': '2.60.0',
  });
});
