/** Docs regions generated from code (lint rules, quick-fix providers): replaced between their markers. */

export interface Region {
  begin: string;
  end: string;
}

/**
 * `doc` with the text between `region`'s markers replaced by `rendered` (which carries the markers);
 * without markers yet, `place` puts it in for the first time.
 */
export function replaceRegion(doc: string, region: Region, rendered: string, place: () => string): string {
  const begin = doc.indexOf(region.begin);
  const end = doc.indexOf(region.end);
  if (begin >= 0 && end > begin) return doc.slice(0, begin) + rendered + doc.slice(end + region.end.length);
  return place();
}
