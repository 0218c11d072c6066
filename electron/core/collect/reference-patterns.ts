// The patterns ManifestStaticFilesStorage uses to find references in CSS and JS, per Django
// version, translated from Python `re` to JavaScript with the same matches:
// Python's `.` excludes only "\n", its `\s` is str.isspace(), `(?m)^`/`$` break only at "\n",
// and IGNORECASE lets `i` match the dotted and dotless Turkish i.
import type { DjangoVersion } from '../../contract/porter';
import { PY_SPACE_CLASS as S } from './py-url';

export interface ReferenceMatch {
  /** What Django returns when it leaves the reference alone (the `matched` group). */
  matched: string;
  url: string;
}

export interface ReferencePattern {
  readonly regex: RegExp;
  readonly read: (match: RegExpExecArray) => ReferenceMatch;
  readonly template: (url: string) => string;
}

const ANY = '[^\\n]';
const urlRegex = () => new RegExp(`url\\(['"]?${S}*(${ANY}*?)["']?\\)`, 'giu');
const importRegex = () => new RegExp(`@[iIıİ]mport${S}*["']${S}*(${ANY}*?)["']`, 'giu');
const cssSourceMapRegex = () => new RegExp(`(?<=^|\\n)/\\*#[ \\t]sourceMappingURL=(${ANY}*)[ \\t]*\\*/(?=\\n|$)`, 'gu');
const jsSourceMapRegex = () => new RegExp(`(?<=^|\\n)//# sourceMappingURL=(${ANY}*)(?=\\n|$)`, 'gu');

const wholeMatch = (match: RegExpExecArray): ReferenceMatch => ({ matched: match[0], url: match[1]! });
// Django 4.1 and 4.2 declare the source-map patterns with an empty `(?P<matched>)` group,
// so a skipped source map (a data: URI) is erased instead of kept.
const emptyMatched = (match: RegExpExecArray): ReferenceMatch => ({ matched: '', url: match[1]! });

const urlTemplate = (url: string) => `url("${url}")`;
const importTemplate = (url: string) => `@import url("${url}")`;

/** The adjustable-file patterns of a Django version, keyed like `HashedFilesMixin.patterns`. */
export function referencePatterns(version: DjangoVersion): ReadonlyArray<readonly [string, ReferencePattern[]]> {
  const css: ReferencePattern[] = [
    { regex: urlRegex(), read: wholeMatch, template: urlTemplate },
    { regex: importRegex(), read: wholeMatch, template: importTemplate },
  ];
  if (version === '3.2') return [['*.css', css]];
  const sourceMapMatched = version === '4.2' ? emptyMatched : wholeMatch;
  css.push({ regex: cssSourceMapRegex(), read: sourceMapMatched, template: (url) => `/*# sourceMappingURL=${url} */` });
  const js: ReferencePattern[] = [{ regex: jsSourceMapRegex(), read: sourceMapMatched, template: (url) => `//# sourceMappingURL=${url}` }];
  return [
    ['*.css', css],
    ['*.js', js],
  ];
}

/**
 * `re.sub(pattern, converter, content)`, except that a converter failure does not stop the scan:
 * Porter reports every broken reference in one run.
 */
export function substitute(
  content: string,
  pattern: ReferencePattern,
  convert: (match: ReferenceMatch, offset: number) => string,
): string {
  const { regex } = pattern;
  regex.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let match = regex.exec(content); match !== null; match = regex.exec(content)) {
    out += content.slice(last, match.index) + convert(pattern.read(match), match.index);
    last = match.index + match[0].length;
    if (match[0].length === 0) regex.lastIndex++;
  }
  return last === 0 ? content : out + content.slice(last);
}
