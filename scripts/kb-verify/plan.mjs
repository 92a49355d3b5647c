import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

// What kb:verify looks at: which packages carry each implementation's messages, how far back the bisect
// goes, and the checkpoint releases (oldest supported, middle, newest) that CI checks on every run.

/** The packages whose released source holds each implementation's messages, in search order. */
export const IMPL_PACKAGES = {
  'grpc-core': ['grpcio'],
  'grpc-python': ['grpcio'],
  'grpc-csharp-legacy': ['grpcio'], // Grpc.Core printed C-core's texts
  'grpc-node-legacy': ['grpcio'], // so did the legacy `grpc` npm package
  'grpc-go': ['grpc-go'],
  'grpc-java': ['grpc-java'],
  'grpc-js': ['grpc-js'],
  tonic: ['tonic', 'h2', 'hyper', 'hyper-util', 'tonic-build'],
  'grpc-dotnet': [], // NuGet is not reachable from here: grpc-dotnet entries are source-read, not version-checked
};

/** Oldest release the bisect considers; a text present there is reported as since "<=floor". */
export const FLOOR = {
  grpcio: '1.20.0',
  'grpc-go': '1.0.5',
  'grpc-js': '1.0.0',
  'grpc-java': '1.0.0',
  tonic: '0.1.0',
  'tonic-build': '0.1.0',
  h2: '0.2.0',
  hyper: '0.13.0',
  'hyper-util': '0.1.0',
};

/** Oldest supported, a middle and the newest release: checked on every CI run (`--ci`). */
const CHECKPOINTS = {
  grpcio: ['1.30.0', '1.60.0', '1.85.3'],
  'grpc-go': ['1.20.0', '1.60.0', '1.85.0'],
  'grpc-js': ['1.0.0', '1.8.0', '1.14.7'],
  'grpc-java': ['1.20.0', '1.60.0', '1.84.0'],
  tonic: ['0.1.0', '0.10.2', '0.14.9'],
  'tonic-build': ['0.1.0', '0.10.2', '0.14.9'],
  h2: ['0.2.0', '0.3.26', '0.4.21'],
  hyper: ['0.13.10', '0.14.32', '1.13.0'],
  'hyper-util': ['0.1.0', '0.1.10', '0.1.21'],
};
export const checkpoints = (pkg) => CHECKPOINTS[pkg] ?? [];

/**
 * What the source must contain for a pattern regex: the scanner's own anchor (the longest literal run outside
 * groups, from server/src/core/scan/regexSafety.ts, compiled here with esbuild so both use one definition).
 */
const regexSafety = await import(
  `data:text/javascript,${encodeURIComponent(
    transformSync(fs.readFileSync(path.join(ROOT, 'server/src/core/scan/regexSafety.ts'), 'utf8'), {
      loader: 'ts',
      format: 'esm',
    }).code,
  )}`
);
export const anchorOf = (regex) => regexSafety.checkPatternRegex(regex).anchor ?? '';
