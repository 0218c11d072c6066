// The `<video>` markup that serves a video recipe's variant first and the original after it, with the poster frame:
// the browser plays the first source it can decode. URLs are the file names, to be put on the path the page already
// uses for the original (a `{% static %}` tag or a folder), since Porter rewrites no reference.

const MIME: Record<string, string> = { webm: 'video/webm', mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime' };

const nameOf = (publicPath: string): string => publicPath.slice(publicPath.lastIndexOf('/') + 1);

function source(publicPath: string): string {
  const name = nameOf(publicPath);
  const type = MIME[name.slice(name.lastIndexOf('.') + 1).toLowerCase()];
  return `  <source src="${name}"${type ? ` type="${type}"` : ''}>`;
}

/** `variant` is absent when the variant replaced the original (an MP4 made smaller) or was not made. */
export function videoSnippet(original: string, variant: string | undefined, poster: string | undefined): string {
  const attributes = ['controls', 'preload="metadata"', ...(poster ? [`poster="${nameOf(poster)}"`] : [])].join(' ');
  return [`<video ${attributes}>`, ...(variant ? [source(variant)] : []), source(original), '</video>'].join('\n');
}
