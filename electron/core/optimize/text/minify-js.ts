// JavaScript through oxc-minify, chosen by bench/minify/run.mjs (bench/RESULTS.md; 2 loaded cores, Node 20). gzip-9
// bytes against terser's, and speed-up over terser, with licence comments kept by oxc, terser and esbuild:
//   input                 oxc-minify        @swc/core          esbuild           terser
//   react.production.js   −0.1%, 113×       −4.6%, 17×         0.0%, 23×         3.4 KB, 56 ms
//   acorn.js              +0.2%, 55×        −0.0%, 9×          −1.2%, 25×        35.2 KB, 416 ms
//   lodash.js             +2.8%, 48×        −0.3%, 12×         +4.2%, 29×        25.4 KB, 553 ms
//   react-dom-client      −0.2%, 35×        −0.5%, 7×          +0.6%, 21×        74.6 KB, 707 ms
//   typescript.js (9 MB)  981 KB, 485 ms    979 KB, 2,294 ms   1,030 KB, 580 ms  (too slow to run)
// Only oxc is always past ten times terser's speed, at terser's size give or take 3%. swc is up to 1% smaller (partly
// by dropping licence comments) but 7–17× faster only; esbuild is fast but up to 4% (5% on typescript.js) larger.
// oxc-minify is pinned to 0.145.0: the registry reached here lacks some platforms' bindings for later versions, and
// `npm ci` refuses a lock file that cannot list them. 0.145.0 measured the same (bench/RESULTS.md).
import { minifySync, type MinifyOptions } from 'oxc-minify';
import { OptimizeError } from '../types';
import type { Minified } from './minified';
import type { SourceMapV3 } from './source-map';

export function jsOptions(isModule: boolean, sourcemap: boolean): MinifyOptions {
  return {
    // A classic script's top-level names are globals other scripts use: only a module's may be renamed or dropped.
    module: isModule,
    // Licences (/*! … */, @license, @preserve) must ship with the code, as terser and esbuild keep them.
    codegen: { legalComments: 'inline' },
    sourcemap,
  };
}

export function minifyJs(code: string, filename: string, withMap: boolean): Minified {
  const isModule = /\.mjs$/i.test(filename);
  const result = minifySync(filename, code, jsOptions(isModule, withMap));
  // Warnings and advice come in the same list; only errors mean the code could not be read.
  const error = result.errors.find((candidate) => String(candidate.severity) === 'Error');
  if (error) {
    const where = error.codeframe ? `\n${error.codeframe}` : '';
    throw new OptimizeError(`${filename} is not valid JavaScript: ${error.message}${where}`);
  }
  const minified: Minified = { code: result.code, notes: [] };
  if (withMap && result.map) minified.map = { ...result.map, version: 3 } as SourceMapV3;
  return minified;
}
