// The extensions the text minifiers handle, apart from the minifiers themselves: recipe checks classify files
// by name without loading esbuild, terser and the SVG optimiser.
import path from 'node:path';

export const minifiableExtensions = ['css', 'js', 'mjs', 'cjs', 'html', 'htm', 'json', 'map', 'webmanifest', 'svg'] as const;

export type MinifiableExtension = (typeof minifiableExtensions)[number];

export function isMinifiableName(filename: string): boolean {
  return (minifiableExtensions as readonly string[]).includes(path.extname(filename).slice(1).toLowerCase());
}
