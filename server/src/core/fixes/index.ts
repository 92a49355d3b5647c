import { cpp } from './languages/cpp';
import { csharp } from './languages/csharp';
import { go } from './languages/go';
import { java } from './languages/java';
import { nodeSupport } from './languages/node';
import { python } from './languages/python';
import { indentUnit, maskNonCode, type EditLanguage } from './text';
import type { EditInput, LanguageSupport } from './types';

const SUPPORT: Record<EditLanguage, LanguageSupport> = {
  python,
  go,
  typescript: nodeSupport('typescript'),
  javascript: nodeSupport('javascript'),
  java,
  csharp,
  cpp,
};

/** The edit language of a document, from its languageId, else from its file extension (shared/languages.ts). */
export { editLanguageOf } from '../../../../shared/languages';

/** Every provider once (the Node provider serves TypeScript and JavaScript), in registry order. */
export const PROVIDERS: readonly LanguageSupport[] = Object.values(SUPPORT);

export function languageSupport(language: EditLanguage): LanguageSupport {
  return SUPPORT[language];
}

export function editInput(text: string, language: EditLanguage): EditInput {
  return { text, masked: maskNonCode(text, language), unit: indentUnit(text, language) };
}

export type { EditLanguage } from './text';
export type { LanguageSupport, Site } from './types';
