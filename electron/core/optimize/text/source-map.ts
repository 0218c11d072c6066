// Source maps around a minifier: read the input's map (given, or inline as a data: URL), compose the minifier's map
// with it so the output still points at the original sources, and write the sourceMappingURL comment back.

import { OptimizeError } from '../types';
import { decodeMappings, encodeMappings, type MappedSegment, type Segment } from './source-map-codec';

export interface SourceMapV3 {
  version: 3;
  file?: string;
  sourceRoot?: string;
  sources: (string | null)[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  ignoreList?: number[];
}

export type CommentSyntax = 'js' | 'css';

export interface SourceMapComment {
  url: string;
  start: number;
  end: number;
}

const commentPatterns: Record<CommentSyntax, RegExp> = {
  js: /\/\/[#@][ \t]+sourceMappingURL=([^\s'"]+)[ \t]*$/gm,
  css: /\/\*[#@][ \t]+sourceMappingURL=([^\s*'"]+)[ \t]*\*\//g,
};

/** The last sourceMappingURL comment wins, as in browsers. */
export function findSourceMapComment(text: string, syntax: CommentSyntax): SourceMapComment | undefined {
  let found: SourceMapComment | undefined;
  for (const match of text.matchAll(commentPatterns[syntax])) {
    found = { url: match[1] ?? '', start: match.index, end: match.index + match[0].length };
  }
  return found;
}

/** Blanks the comment instead of cutting it so that positions after it, which the input map describes, stay put. */
export function blankComment(text: string, comment: SourceMapComment): string {
  return text.slice(0, comment.start) + ' '.repeat(comment.end - comment.start) + text.slice(comment.end);
}

export function sourceMapComment(url: string, syntax: CommentSyntax): string {
  return syntax === 'js' ? `\n//# sourceMappingURL=${url}\n` : `\n/*# sourceMappingURL=${url} */\n`;
}

export function isDataUrl(url: string): boolean {
  return /^data:/i.test(url);
}

export function dataUrlContent(url: string): Buffer {
  const comma = url.indexOf(',');
  if (comma < 0) throw new OptimizeError('The inline source map is not a valid data: URL (no comma).');
  const meta = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  if (/;base64$/i.test(meta)) return Buffer.from(payload, 'base64');
  return Buffer.from(decodeURIComponent(payload), 'utf8');
}

export function toDataUrl(map: SourceMapV3): string {
  return `data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
}

export function parseSourceMap(bytes: Buffer | string): SourceMapV3 {
  let map: unknown;
  try {
    // Maps served to browsers may start with the XSSI guard `)]}'`, which browsers skip.
    map = JSON.parse(bytes.toString().replace(/^\)\]\}'[^\n]*\n/, ''));
  } catch (error) {
    throw new OptimizeError(`The source map is not valid JSON (${(error as Error).message}); fix or remove it.`);
  }
  if (typeof map !== 'object' || map === null) throw new OptimizeError('The source map is not a JSON object.');
  const candidate = map as Partial<SourceMapV3> & { sections?: unknown };
  if (candidate.sections !== undefined) {
    throw new OptimizeError('The source map is an index map (with "sections"), which Porter cannot compose; flatten it first.');
  }
  if (candidate.version !== 3 || typeof candidate.mappings !== 'string' || !Array.isArray(candidate.sources)) {
    throw new OptimizeError('The source map is not a version 3 map with "sources" and "mappings".');
  }
  return { ...candidate, names: Array.isArray(candidate.names) ? candidate.names : [] } as SourceMapV3;
}

/** The mapped segment of `line` that covers `column`: the last one starting at or before it, as browsers trace. */
function segmentAt(line: readonly Segment[] | undefined, column: number): Segment | undefined {
  if (!line) return undefined;
  let low = 0;
  let high = line.length - 1;
  let found: Segment | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const segment = line[mid] as Segment;
    if (segment[0] <= column) {
      found = segment;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * `outer` maps the minified output to the minifier's single input; `inner` maps that input to the original sources.
 * The result maps the output straight to the original sources. Output positions whose input position the inner map
 * does not cover are left unmapped.
 */
export function composeSourceMaps(outer: SourceMapV3, inner: SourceMapV3, file: string): SourceMapV3 {
  if (outer.sources.length > 1) throw new Error(`a minifier's map names ${outer.sources.length} sources (one expected)`);
  const innerLines = decodeMappings(inner.mappings).map((line) => line.slice().sort((a, b) => a[0] - b[0]));
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const indexOfName = (name: string): number => {
    let index = nameIndex.get(name);
    if (index === undefined) {
      index = names.push(name) - 1;
      nameIndex.set(name, index);
    }
    return index;
  };

  const lines = decodeMappings(outer.mappings).map((line) =>
    line.flatMap((segment): Segment[] => {
      if (segment.length === 1) return [];
      const traced = segmentAt(innerLines[segment[2]], segment[3]);
      if (!traced || traced.length === 1) return [];
      const [, source, originalLine, originalColumn] = traced;
      // The original name beats the minifier's, which is the (possibly generated) input's name.
      const name = traced.length === 5 ? inner.names[traced[4]] : segment.length === 5 ? outer.names[segment[4]] : undefined;
      const mapped: MappedSegment =
        name === undefined
          ? [segment[0], source, originalLine, originalColumn]
          : [segment[0], source, originalLine, originalColumn, indexOfName(name)];
      return [mapped];
    }),
  );

  const composed: SourceMapV3 = { version: 3, file, sources: inner.sources, names, mappings: encodeMappings(lines) };
  if (inner.sourceRoot !== undefined) composed.sourceRoot = inner.sourceRoot;
  if (inner.sourcesContent !== undefined) composed.sourcesContent = inner.sourcesContent;
  if (inner.ignoreList !== undefined) composed.ignoreList = inner.ignoreList;
  return composed;
}
