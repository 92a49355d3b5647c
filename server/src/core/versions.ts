/** Versions of the gRPC libraries a project declares, and how to compare them (pure; project/dependencyVersions.ts reads the files). */

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

/** First x.y[.z] in a version requirement (`^1.8.0`, `>=1.40`, `~=1.50.1`, `v1.63.0`) → `1.8.0`. */
export function lowestVersion(requirement: string): string | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(requirement.slice(0, 200)); // a requirement is short: bounded input
  return m ? `${m[1]}.${m[2]}.${m[3] ?? '0'}` : undefined;
}

/** -1, 0, 1 comparing dotted numeric versions. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}
