import type { KnowledgeEntry, Pattern } from '../../shared/knowledge';

/** A minimal valid entry for scanner tests that must not depend on the shipped knowledge base. */
export function makeEntry(
  id: string,
  patterns: Partial<Pattern>[],
  extra: Partial<KnowledgeEntry> = {},
): KnowledgeEntry {
  return {
    id,
    title: `title of ${id}`,
    title_zh: `${id} 标题`,
    signature: id,
    signature_zh: id,
    regex: '.',
    domain: 'grpc',
    category: 'network_error',
    family: 'connection-lost',
    lookalike: false,
    status: { name: 'UNAVAILABLE', code: 14 },
    status_meaning: 'm',
    status_meaning_zh: 'm',
    root_cause: 'Cause. More.',
    root_cause_zh: '原因。',
    trigger: 't',
    trigger_zh: 't',
    retry: { policyHelps: 'no', text: 'r', text_zh: 'r' },
    versions: [],
    examples: { match: [], noMatch: [] },
    workarounds: [],
    dead_ends: [],
    sources: [{ repository: 'grpc/grpc-go', file: 'x.go' }],
    evidence: [],
    verified: true,
    verification: { method: 'source-read, not version-checked', date: '2026-01-01' },
    docs: [],
    related: [],
    ...extra,
    patterns: patterns.map((p) => ({
      implementation: 'any',
      language: ['any'],
      status: { name: 'UNAVAILABLE', code: 14 },
      side: 'client',
      family: 'connection-lost',
      ...p,
    })),
  };
}
