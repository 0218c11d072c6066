// esbuild, the CSS minifier's fallback in the optimize workers, runs its native binary as a child process, and no
// process can be started from a file inside app.asar. electron-builder.yml keeps that binary unpacked beside the
// archive; this points esbuild at the unpacked copy through ESBUILD_BINARY_PATH, which the workers inherit.
import path from 'node:path';

/** The same file in the folder electron-builder unpacks to: `…/app.asar/x` becomes `…/app.asar.unpacked/x`. */
export function unpackedPath(file: string): string {
  return file.replace(/\.asar(?=[\\/])/, '.asar.unpacked');
}

/** esbuild's binary package and file for this platform, as esbuild's own install names them. */
export function esbuildBinarySpecifier(platform: NodeJS.Platform, arch: string): string {
  return `@esbuild/${platform}-${arch}/${platform === 'win32' ? 'esbuild.exe' : path.posix.join('bin', 'esbuild')}`;
}

/** Sets ESBUILD_BINARY_PATH when esbuild's binary resolves inside an archive; leaves a value already set alone. */
export function useUnpackedEsbuild(env: NodeJS.ProcessEnv, resolve: (specifier: string) => string): void {
  if (env.ESBUILD_BINARY_PATH) return;
  let binary: string;
  try {
    binary = resolve(esbuildBinarySpecifier(process.platform, process.arch));
  } catch {
    // No binary for this platform: esbuild reports that itself, with its own advice, when the fallback runs.
    return;
  }
  const unpacked = unpackedPath(binary);
  if (unpacked !== binary) env.ESBUILD_BINARY_PATH = unpacked;
}
