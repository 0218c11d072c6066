// The minifiers loaded on first use (svgo, html-minifier-terser: each takes longer to load than a small file takes
// to minify), loaded ahead for the kinds of file a project has, so a warm worker's first SVG or HTML row costs only
// its minification.
import path from 'node:path';

const loadSvgo = () => import('svgo');
const loadHtmlMinifier = () => import('html-minifier-terser');
const loaders: Record<string, () => Promise<unknown>> = { svg: loadSvgo, html: loadHtmlMinifier, htm: loadHtmlMinifier };

/** The distinct extensions of these names, lower case and without the dot: what a worker is told to prepare for. */
export function extensionsOf(filenames: Iterable<string>): string[] {
  const extensions = new Set<string>();
  for (const name of filenames) extensions.add(path.extname(name).slice(1).toLowerCase());
  return [...extensions];
}

/** Loads what minifying files with these extensions needs beyond what every worker loads; resolves once loaded. */
export async function preloadMinifiersFor(extensions: readonly string[]): Promise<void> {
  const needed = new Set(extensions.flatMap((extension) => loaders[extension] ?? []));
  await Promise.all([...needed].map((load) => load()));
}
