// The `DIR=PREFIX` form shared by `--source` flags and porter.json's string entries.

/** Splits at the last `=`, since a prefix never holds one and a folder name might. */
export function parseSourceSpec(spec: string): { dir: string; prefix: string } {
  const at = spec.lastIndexOf('=');
  if (at < 0) return { dir: spec, prefix: '' };
  return { dir: spec.slice(0, at), prefix: spec.slice(at + 1) };
}

export { validatePrefix } from '../../contract/user-paths';
