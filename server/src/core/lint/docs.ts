/** docs/lint.md's "Rules" section, generated from the rules' `meta` (scripts/docs.mjs writes it; a test keeps it current). */
import { replaceRegion } from '../generatedDocs';
import { RULES } from './rules/index';

export const RULES_BEGIN =
  '<!-- rules: generated from server/src/core/lint/rules/*.ts by `npm run docs`; do not edit -->';
export const RULES_END = '<!-- /rules -->';

export function renderRulesMarkdown(): string {
  const sections = RULES.map((r) => `### ${r.code}\n${r.title.en}.\n\n${r.docs}`);
  return [RULES_BEGIN, '', ...sections.flatMap((s) => [s, '']), RULES_END].join('\n');
}

/** `doc` with its generated region replaced (or appended after "## Rules" the first time). */
export function withRulesSection(doc: string): string {
  return replaceRegion(doc, { begin: RULES_BEGIN, end: RULES_END }, renderRulesMarkdown(), () => {
    const heading = doc.indexOf('## Rules\n');
    if (heading < 0) throw new Error('docs/lint.md has no "## Rules" heading');
    return `${doc.slice(0, heading)}## Rules\n\n${renderRulesMarkdown()}\n`;
  });
}
