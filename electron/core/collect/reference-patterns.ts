// The patterns ManifestStaticFilesStorage uses to find references in CSS and JS, per Django
// version, translated from Python `re` to JavaScript with the same matches:
// Python's `.` excludes only "\n", its `\s` is str.isspace(), `(?m)^`/`$` break only at "\n",
// and IGNORECASE lets `i` match the dotted and dotless Turkish i.
import { djangoAtLeast, type DjangoVersion } from '../../contract/porter';
import { PY_SPACE_CLASS as S } from './py-url';

export interface ReferenceMatch {
  /** What Django returns when it leaves the reference alone (the `matched` group). */
  matched: string;
  url: string;
  /** The whole match: what a kept broken reference stays as, even where `matched` is empty (4.2's source maps). */
  whole: string;
}

export interface ReferencePattern {
  readonly regex: RegExp;
  readonly read: (match: RegExpExecArray) => ReferenceMatch;
  readonly template: (url: string) => string;
  /** A `sourceMappingURL` comment: the one kind of reference Porter can offer to drop when its target is missing. */
  readonly sourceMap?: boolean;
  /**
   * Django 6.1: the comments, strings and escapes of this file type. A match that starts strictly inside one is left
   * as it is; one that starts where a block starts (a `/*# sourceMappingURL=… *\/` comment) is still rewritten.
   */
  readonly ignoredBlocks?: () => RegExp;
}

const ANY = '[^\\n]';
const urlRegex = () => new RegExp(`url\\(['"]?${S}*(${ANY}*?)["']?\\)`, 'giu');
// 6.0 (ticket #36348): the closing quote must be the opening one, so a quoted data: URI holding url()s stays whole.
const matchingQuoteUrlRegex = () => new RegExp(`url\\((['"]?)${S}*(${ANY}*?)\\1\\)`, 'giu');
const importRegex = () => new RegExp(`@[iIıİ]mport${S}*["']${S}*(${ANY}*?)["']`, 'giu');
const cssSourceMapRegex = () => new RegExp(`(?<=^|\\n)/\\*#[ \\t]sourceMappingURL=(${ANY}*)[ \\t]*\\*/(?=\\n|$)`, 'gu');
const jsSourceMapRegex = () => new RegExp(`(?<=^|\\n)//# sourceMappingURL=(${ANY}*)(?=\\n|$)`, 'gu');

// 6.1's blocks, as re.DOTALL reads them (tickets #21080, #36969, #35371). Which parts were read in Django's source and
// which were reconstructed from its tests: docs/django-6-staticfiles.md.
const BLOCK_COMMENT = '/\\*[\\s\\S]*?\\*/';
const quoted = (quote: string) => `${quote}(?:\\\\[\\s\\S]|[^${quote}\\\\])*${quote}`;
const cssIgnoredBlocks = () => new RegExp([BLOCK_COMMENT, '\\\\[\\s\\S]', quoted('"'), quoted("'")].join('|'), 'gu');
const jsIgnoredBlocks = () => new RegExp([BLOCK_COMMENT, '//[^\\n]*', quoted('"'), quoted("'"), quoted('`')].join('|'), 'gu');

const wholeMatch = (match: RegExpExecArray): ReferenceMatch => ({ matched: match[0], url: match[1]!, whole: match[0] });
const quotedUrlMatch = (match: RegExpExecArray): ReferenceMatch => ({ matched: match[0], url: match[2]!, whole: match[0] });
// Django 4.1 and 4.2 declare the source-map patterns with an empty `(?P<matched>)` group,
// so a skipped source map (a data: URI) is erased instead of kept.
const emptyMatched = (match: RegExpExecArray): ReferenceMatch => ({ matched: '', url: match[1]!, whole: match[0] });

const urlTemplate = (url: string) => `url("${url}")`;
const importTemplate = (url: string) => `@import url("${url}")`;

/** The adjustable-file patterns of a Django version, keyed like `HashedFilesMixin.patterns`. */
export function referencePatterns(version: DjangoVersion): ReadonlyArray<readonly [string, ReferencePattern[]]> {
  const css: ReferencePattern[] = [
    djangoAtLeast(version, '6.0')
      ? { regex: matchingQuoteUrlRegex(), read: quotedUrlMatch, template: urlTemplate }
      : { regex: urlRegex(), read: wholeMatch, template: urlTemplate },
    { regex: importRegex(), read: wholeMatch, template: importTemplate },
  ];
  if (version === '3.2') return [['*.css', css]];
  const sourceMapMatched = version === '4.2' ? emptyMatched : wholeMatch;
  css.push({ regex: cssSourceMapRegex(), read: sourceMapMatched, template: (url) => `/*# sourceMappingURL=${url} */`, sourceMap: true });
  const js: ReferencePattern[] = [{ regex: jsSourceMapRegex(), read: sourceMapMatched, template: (url) => `//# sourceMappingURL=${url}`, sourceMap: true }];
  if (!djangoAtLeast(version, '6.1')) {
    return [
      ['*.css', css],
      ['*.js', js],
    ];
  }
  return [
    ['*.css', css.map((pattern) => ({ ...pattern, ignoredBlocks: cssIgnoredBlocks }))],
    ['*.js', js.map((pattern) => ({ ...pattern, ignoredBlocks: jsIgnoredBlocks }))],
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
  const blocks = pattern.ignoredBlocks ? blockSpans(content, pattern.ignoredBlocks()) : [];
  let block = 0;
  regex.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let match = regex.exec(content); match !== null; match = regex.exec(content)) {
    // Matches come in order, so the blocks that end before this one never matter again.
    while (block < blocks.length && blocks[block]![1] <= match.index) block++;
    const span = blocks[block];
    const reference = pattern.read(match);
    const ignored = span !== undefined && span[0] < match.index;
    out += content.slice(last, match.index) + (ignored ? reference.matched : convert(reference, match.index));
    last = match.index + match[0].length;
    if (match[0].length === 0) regex.lastIndex++;
  }
  return last === 0 ? content : out + content.slice(last);
}

/** `(start, end)` of every block, as `re.finditer` finds them: in order and never overlapping. */
function blockSpans(content: string, regex: RegExp): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (const match of content.matchAll(regex)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}
