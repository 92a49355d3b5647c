/** Versions of the gRPC libraries a project declares, and how to compare them (pure; project/dependencyVersions.ts reads the files). */
import { coerce, compare } from 'semver';

/** gRPC library versions the project declares; each value is the lowest version the declaration allows. */
export interface DependencyVersions {
  'grpc-js'?: string;
  'grpc-go'?: string;
  grpcio?: string;
  'grpc-java'?: string;
  'Grpc.Net.Client'?: string;
  tonic?: string;
}

export type DependencyKey = keyof DependencyVersions;

/**
 * The version a requirement starts at (`^1.8.0`, `>=1.40`, `~=1.50.1`, `v1.63.0`, `[1.40,)`) → `1.8.0`:
 * semver's coercion of its first x.y[.z] (npm, pip, Go, Maven and NuGet spell ranges differently, so no
 * one range grammar reads them all).
 */
export function lowestVersion(requirement: string): string | undefined {
  const head = requirement.slice(0, 200); // a requirement is short: bounded input
  if (!/\d+\.\d+/.test(head)) return undefined;
  return coerce(head)?.version;
}

/** -1, 0, 1 comparing versions (semver order on their x.y.z). */
export function compareVersions(a: string, b: string): number {
  const va = coerce(a);
  const vb = coerce(b);
  if (!va || !vb) return va ? 1 : vb ? -1 : 0;
  return compare(va, vb);
}
