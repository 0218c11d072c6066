// CSS through lightningcss, the smallest and fastest (performance-facts §2), with esbuild as the fallback: lightningcss
// rejects some real stylesheets outright and has produced 0 bytes on Foundation and Tachyons.
import { transformSync as esbuildTransform } from 'esbuild';
import { transform as lightningTransform } from 'lightningcss';
import { OptimizeError } from '../types';
import type { Minified } from './minified';
import { parseSourceMap } from './source-map';

/** Anything left once comments and whitespace are gone means the stylesheet has content to keep. */
function hasContent(css: string): boolean {
  return css.replace(/\/\*[\s\S]*?\*\//g, '').trim().length > 0;
}

function withLightningcss(css: string, filename: string, withMap: boolean): Minified {
  // No targets: nothing is lowered or prefixed, the rules only get shorter.
  const result = lightningTransform({ filename, code: Buffer.from(css), minify: true, sourceMap: withMap });
  const minified: Minified = {
    code: Buffer.from(result.code).toString(),
    notes: result.warnings.map((warning) => `lightningcss: ${warning.message} (line ${warning.loc.line}).`),
  };
  if (withMap && result.map) minified.map = parseSourceMap(Buffer.from(result.map));
  return minified;
}

function withEsbuild(css: string, filename: string, withMap: boolean): Minified {
  const result = esbuildTransform(css, { loader: 'css', minify: true, sourcefile: filename, sourcemap: withMap ? 'external' : false });
  // esbuild ends with a newline lightningcss does not write.
  const minified: Minified = { code: result.code.replace(/\n$/, ''), notes: result.warnings.map((warning) => `esbuild: ${warning.text}.`) };
  if (withMap && result.map) minified.map = parseSourceMap(result.map);
  return minified;
}

export function minifyCss(css: string, filename: string, withMap: boolean): Minified {
  let reason: string;
  try {
    const minified = withLightningcss(css, filename, withMap);
    if (minified.code.trim().length > 0 || !hasContent(css)) return minified;
    reason = 'it produced an empty stylesheet';
  } catch (error) {
    reason = `it failed: ${(error as Error).message}`;
  }
  let fallback: Minified;
  try {
    fallback = withEsbuild(css, filename, withMap);
  } catch (error) {
    throw new OptimizeError(`${filename} could not be minified as CSS (lightningcss: ${reason}; esbuild: ${(error as Error).message}).`);
  }
  if (fallback.code.trim().length === 0 && hasContent(css)) {
    throw new OptimizeError(`${filename} could not be minified as CSS: lightningcss ${reason} and so did esbuild.`);
  }
  return { ...fallback, notes: [`Minified with esbuild because lightningcss ${reason}.`, ...fallback.notes] };
}
