// Rules for paths and prefixes people type into the UI, shared by the renderer (to answer as they type)
// and the host (which refuses what breaks them). Plain functions: the renderer runs in a browser.

/**
 * Absolute on any OS, or starting at the home folder (`~`, `~/site`). A relative path would be resolved
 * against whatever folder the host was started in, which the user never chose, so it is refused instead.
 */
export function isAbsoluteUserPath(text: string): boolean {
  const path = text.trim();
  return /^(\/|~($|[\\/])|[A-Za-z]:[\\/]|\\\\)/.test(path);
}

export function relativePathProblem(text: string): string {
  return `“${text.trim()}” is not a full path. Type the whole path of the folder, starting with / (or a drive such as C:\\ on Windows), or choose the folder instead.`;
}

/** Django rejects a prefix ending in a slash (staticfiles.E003); a leading slash would escape STATIC_ROOT. */
export function validatePrefix(prefix: string): string | undefined {
  if (prefix.endsWith('/') || prefix.endsWith('\\')) return `has the prefix "${prefix}", which must not end with a slash`;
  if (prefix.startsWith('/') || prefix.startsWith('\\')) return `has the prefix "${prefix}", which must not start with a slash`;
  return undefined;
}
