// Synchronous existence checks: detection probes many small paths, and the settings reader's
// import resolution runs inside synchronous evaluation.

import { statSync } from 'node:fs';

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
