// The @font-face `src` that serves a font's WOFF2 sibling: WOFF2 first, so every current browser takes it, and
// the original after it for the rest. The Savings view shows it to copy into the stylesheet; the URLs are the
// file names, to be put on the path the stylesheet already uses for the original.

export function fontFaceSrc(publicPath: string): string {
  const name = publicPath.slice(publicPath.lastIndexOf('/') + 1);
  const stem = name.replace(/\.[^.]+$/, '');
  const original = /\.otf$/i.test(name) ? 'opentype' : 'truetype';
  return `src: url("${stem}.woff2") format("woff2"), url("${name}") format("${original}");`;
}
