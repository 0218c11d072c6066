// Picks the minifier by extension, carries an existing source map through it, and keeps the original whenever the
// result is not smaller.
import path from 'node:path';
import { OptimizeError, smallerOrOriginal, type OptimizeResult } from '../types';
import type { Minified } from './minified';
import { minifyCss } from './minify-css';
import { minifyHtml } from './minify-html';
import { minifyJs } from './minify-js';
import { minifyJson } from './minify-json';
import { minifySvg } from './minify-svg';
import {
  blankComment,
  composeSourceMaps,
  dataUrlContent,
  findSourceMapComment,
  isDataUrl,
  parseSourceMap,
  sourceMapComment,
  toDataUrl,
  type CommentSyntax,
  type SourceMapV3,
} from './source-map';
import { minifiableExtensions, type MinifiableExtension } from './text-extensions';

export interface MinifyTextOptions {
  /** The input's source map, e.g. the `.map` file its sourceMappingURL comment names. */
  sourceMap?: Buffer;
}

export type MinifyTextResult = OptimizeResult & {
  /** The map of the output back to the original sources; only when the input came with one. */
  sourceMap?: Buffer;
};

type Kind =
  | { syntax: CommentSyntax; run: (text: string, filename: string, withMap: boolean) => Minified }
  | { syntax: null; run: (text: string, filename: string) => Minified | Promise<Minified> };

const kinds: Record<MinifiableExtension, Kind> = {
  css: { syntax: 'css', run: minifyCss },
  js: { syntax: 'js', run: minifyJs },
  mjs: { syntax: 'js', run: minifyJs },
  cjs: { syntax: 'js', run: minifyJs },
  html: { syntax: null, run: minifyHtml },
  htm: { syntax: null, run: minifyHtml },
  json: { syntax: null, run: minifyJson },
  map: { syntax: null, run: minifyJson },
  webmanifest: { syntax: null, run: minifyJson },
  svg: { syntax: null, run: minifySvg },
};

export { minifiableExtensions };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

function decode(bytes: Buffer, filename: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new OptimizeError(`${filename} is not UTF-8 text; Porter minifies only UTF-8 files. Convert it to UTF-8 or leave it out.`);
  }
}

interface Mapped {
  code: string;
  sourceMap?: SourceMapV3;
  notes: string[];
}

function minifyWithMap(text: string, filename: string, kind: Extract<Kind, { syntax: CommentSyntax }>, given?: Buffer): Mapped {
  const comment = findSourceMapComment(text, kind.syntax);
  const inline = comment !== undefined && isDataUrl(comment.url);
  const inputMap = given ? parseSourceMap(given) : inline ? parseSourceMap(dataUrlContent(comment.url)) : undefined;
  const minified = kind.run(comment ? blankComment(text, comment) : text, filename, inputMap !== undefined);
  const notes = [...minified.notes];
  if (!inputMap) {
    if (comment) {
      notes.push(`The sourceMappingURL comment (${comment.url}) was removed: that map describes the unminified file. Pass the map along to get one for the minified file.`);
    }
    return { code: minified.code, notes };
  }
  if (!minified.map) throw new Error(`the ${kind.syntax} minifier returned no source map`);
  const sourceMap = composeSourceMaps(minified.map, inputMap, path.basename(filename));
  // An inline map stays inline; a linked one keeps its URL, where the caller writes the new map.
  const url = !comment ? undefined : inline ? toDataUrl(sourceMap) : comment.url;
  return { code: url === undefined ? minified.code : minified.code + sourceMapComment(url, kind.syntax), sourceMap, notes };
}

export async function minifyText(bytes: Buffer, filename: string, options: MinifyTextOptions = {}): Promise<MinifyTextResult> {
  const extension = path.extname(filename).slice(1).toLowerCase();
  const kind = (kinds as Record<string, Kind | undefined>)[extension];
  if (!kind) {
    throw new OptimizeError(`${filename}: Porter minifies only ${minifiableExtensions.map((ext) => `.${ext}`).join(', ')} files.`);
  }
  const text = decode(bytes, filename);
  const mapped: Mapped = kind.syntax === null ? await kind.run(text, filename) : minifyWithMap(text, filename, kind, options.sourceMap);
  // A byte order mark tells browsers the file is UTF-8 when the server does not: it stays.
  const hasBom = bytes.subarray(0, 3).equals(bom);
  const output = Buffer.concat([hasBom ? bom : Buffer.alloc(0), Buffer.from(mapped.code)]);
  const candidate = {
    bytes: output,
    report: {
      originalBytes: bytes.length,
      outputBytes: output.length,
      format: extension,
      mode: 'lossless' as const,
      quality: null,
      score: null,
      kept: false,
      notes: mapped.notes,
    },
  };
  const result: MinifyTextResult = smallerOrOriginal(bytes, extension, candidate);
  if (!result.report.kept && mapped.sourceMap) result.sourceMap = Buffer.from(JSON.stringify(mapped.sourceMap));
  else if (result.report.kept && options.sourceMap) result.sourceMap = options.sourceMap;
  return result;
}
