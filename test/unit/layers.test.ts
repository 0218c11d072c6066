import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const sourceExtensions = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && sourceExtensions.has(path.extname(entry.name)))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

/** Static imports, re-exports, import() and require() of each file, as TypeScript's pre-processor sees them. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
  return info.importedFiles.map((imported) => imported.fileName);
}

function violations(dirs: string[], banned: (specifier: string) => boolean): string[] {
  return dirs.flatMap((dir) =>
    sourceFiles(dir).flatMap((file) => importsOf(file).filter(banned).map((specifier) => `${file} imports ${specifier}`)),
  );
}

const isElectron = (specifier: string): boolean => specifier === 'electron' || specifier.startsWith('electron/');
const nodeBuiltins = new Set(builtinModules);
const isNodeBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || nodeBuiltins.has(specifier) || nodeBuiltins.has(specifier.split('/')[0] ?? '');

describe('layers', () => {
  it('keeps the core, host, serve and CLI free of Electron', () => {
    expect(sourceFiles('electron/core').length).toBeGreaterThan(0);
    expect(violations(['electron/core', 'electron/host', 'electron/serve', 'electron/cli'], isElectron)).toEqual([]);
  });

  it('keeps the renderer free of Node and Electron (it also runs in a plain browser)', () => {
    expect(violations(['renderer'], (specifier) => isElectron(specifier) || isNodeBuiltin(specifier))).toEqual([]);
  });

  it('notices a banned import when there is one', () => {
    expect(isElectron('electron')).toBe(true);
    expect(isNodeBuiltin('node:fs')).toBe(true);
    expect(isNodeBuiltin('fs/promises')).toBe(true);
    expect(isNodeBuiltin('path')).toBe(true);
    expect(isNodeBuiltin('react')).toBe(false);
    const sample = ts.preProcessFile("import type { App } from 'electron';\nconst fs = require('fs');\nvoid import('node:path');", true, true);
    expect(sample.importedFiles.map((imported) => imported.fileName)).toEqual(['electron', 'fs', 'node:path']);
  });
});
