#!/usr/bin/env node
// The `porter` command: runs the built CLI bundle (npm start / npm test build it).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../out/cli/porter.mjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('Porter is not built yet. Run `npm start` (or `node scripts/build.mjs`) in the Porter folder first.');
  process.exit(2);
}
await import(pathToFileURL(bundle).href);
