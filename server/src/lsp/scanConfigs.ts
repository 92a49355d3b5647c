import type { KnowledgeEntry } from '../../../shared/knowledge';
import type { Settings } from '../../../shared/settings';
import type { ScanConfig } from './documents/documentFindings';
import { compilePatterns, type PatternProblem, type PatternSet } from '../core/scan/patterns';

/**
 * Compiled pattern sets per distinct grpcDoctor.userPatterns value (usually one), so documents share the
 * automaton. Rejected user patterns (unsafe or anchorless regexes) are reported once and never run.
 */
export class ScanConfigs {
  private readonly sets = new Map<string, PatternSet>();
  private readonly reported = new Set<string>();
  /** problems of the shipped patterns come first in every set's problems (logged once at start-up) */
  readonly knowledgeProblems: readonly PatternProblem[];

  constructor(
    private readonly entries: readonly KnowledgeEntry[],
    private readonly onRejected: (problem: PatternProblem, settings: Settings) => void,
  ) {
    const base = compilePatterns(entries);
    this.knowledgeProblems = base.problems;
    this.sets.set('[]', base);
  }

  forSettings(settings: Settings): ScanConfig {
    const userKey = JSON.stringify(settings.userPatterns);
    let set = this.sets.get(userKey);
    if (!set) {
      set = compilePatterns(this.entries, settings.userPatterns);
      if (this.sets.size > 20) this.sets.clear(); // settings edited many times: keep memory bounded
      this.sets.set(userKey, set);
      for (const problem of set.problems.slice(this.knowledgeProblems.length)) {
        const key = `${problem.entryId}\u0000${problem.pattern}\u0000${problem.message}`;
        if (this.reported.has(key)) continue;
        this.reported.add(key);
        this.onRejected(problem, settings);
      }
    }
    return { set, includeLookalikes: settings.includeLookalikes, key: `${userKey}|${settings.includeLookalikes}` };
  }
}
