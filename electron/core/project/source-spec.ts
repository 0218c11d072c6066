// The `DIR=PREFIX` form shared by `--source` flags and porter.json's string entries.

/** Splits at the last `=`, since a prefix never holds one and a folder name might. */
export function parseSourceSpec(spec: string): { dir: string; prefix: string } {
  const at = spec.lastIndexOf('=');
  if (at < 0) return { dir: spec, prefix: '' };
  return { dir: spec.slice(0, at), prefix: spec.slice(at + 1) };
}

/** Django rejects a prefix ending in a slash (staticfiles.E003); a leading slash would escape STATIC_ROOT. */
export function validatePrefix(prefix: string): string | undefined {
  if (prefix.endsWith('/') || prefix.endsWith('\\')) return `has the prefix "${prefix}", which must not end with a slash`;
  if (prefix.startsWith('/') || prefix.startsWith('\\')) return `has the prefix "${prefix}", which must not start with a slash`;
  return undefined;
}
