// HTML through html-minifier-terser with options that cannot change what a page shows or does. Static folders also
// hold templates (Django, Angular, Vue): their {% %}, {{ }} and {# #} pass through untouched.
// html-minifier-terser (with terser and clean-css) is loaded on the first HTML file, like svgo: ~0.4 s a worker
// need not pay for a project without HTML.
import type { Options } from 'html-minifier-terser';
import { OptimizeError } from '../types';
import type { Minified } from './minified';

const templateFragments = [/\{%[\s\S]*?%\}/, /\{\{[\s\S]*?\}\}/, /\{#[\s\S]*?#\}/];

const options: Options = {
  // Whitespace between inline elements renders as a space: collapse runs to one, never to none.
  collapseWhitespace: true,
  conservativeCollapse: true,
  removeComments: true,
  collapseBooleanAttributes: true,
  // XHTML-style `<br />` stays as written; some templates are also parsed as XML.
  keepClosingSlash: true,
  // Tag and attribute names keep their case: SVG's viewBox and Angular's bindings depend on it.
  caseSensitive: true,
  minifyCSS: true,
  minifyJS: true,
  ignoreCustomFragments: [/<%[\s\S]*?%>/, /<\?[\s\S]*?\?>/, ...templateFragments],
};

export async function minifyHtml(html: string, filename: string): Promise<Minified> {
  const { minify } = await import('html-minifier-terser');
  try {
    return { code: await minify(html, options), notes: [] };
  } catch (error) {
    throw new OptimizeError(`${filename} could not be minified as HTML: ${(error as Error).message}`);
  }
}
