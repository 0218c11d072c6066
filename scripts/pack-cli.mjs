// The `porter` command as its own npm package, for CI pipelines that install it without cloning this repository:
// `npm install -g porter-cli`. The repository's package.json stays the Electron app's (private, with the desktop
// app's dependencies, read by electron-builder); this stages a separate package from the built bundles instead:
//
//   node scripts/build.mjs cli renderer && node scripts/pack-cli.mjs   → out/cli-package/, ready for npm pack/publish
//
// Its dependencies are exactly the packages the CLI bundle imports (scripts/bundle-imports.mjs reads them from the
// built files), at the versions the app pins. The renderer ships for `porter serve`, the demo for its demo project.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bareImports, packageOf } from './bundle-imports.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const CLI_PACKAGE_NAME = 'porter-cli';

/**
 * Writes the CLI package into `to` (emptied first) and returns its package.json.
 * @param {{ to: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<Record<string, any>>}
 */
export async function stageCliPackage({ to, env = process.env }) {
  const app = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const built of ['out/cli/porter.mjs', 'out/cli/optimize-worker.mjs', 'out/renderer/index.html']) {
    if (!existsSync(path.join(root, built))) throw new Error(`${built} is missing: run node scripts/build.mjs cli renderer first.`);
  }

  const dependencies = {};
  for (const { specifier } of await bareImports(path.join(root, 'out/cli'))) {
    const name = packageOf(specifier);
    const version = app.dependencies[name];
    if (!version) throw new Error(`The CLI bundle imports ${specifier}, which is not a dependency in package.json (a devDependency is not installed for users): add it to dependencies.`);
    dependencies[name] = version;
  }

  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  cpSync(path.join(root, 'bin/porter.js'), path.join(to, 'bin/porter.js'));
  // Source maps stay behind, as in the desktop app: a third of the size, and stack traces name the chunks anyway.
  cpSync(path.join(root, 'out/cli'), path.join(to, 'out/cli'), { recursive: true, filter: (source) => !source.endsWith('.map') });
  cpSync(path.join(root, 'out/renderer'), path.join(to, 'out/renderer'), { recursive: true, filter: (source) => !source.endsWith('.map') });
  cpSync(path.join(root, 'demo'), path.join(to, 'demo'), { recursive: true, filter: (source) => path.basename(source) !== 'make-demo-assets.mjs' });
  cpSync(path.join(root, 'README.md'), path.join(to, 'README.md'));

  // npm publish --provenance checks that repository names the repository the workflow runs in.
  const repository = app.repository ?? (env.GITHUB_REPOSITORY ? { type: 'git', url: `git+https://github.com/${env.GITHUB_REPOSITORY}.git` } : undefined);
  const manifest = {
    name: CLI_PACKAGE_NAME,
    version: app.version,
    description: `The porter command: ${app.description[0].toLowerCase()}${app.description.slice(1)}`,
    keywords: ['django', 'collectstatic', 'static-files', 's3', 'cloudfront', 'image-optimization', 'ci'],
    homepage: app.homepage,
    ...(repository ? { repository } : {}),
    author: app.author,
    license: app.license,
    type: 'module',
    bin: { porter: 'bin/porter.js' },
    files: ['bin', 'out', 'demo'],
    engines: app.engines,
    dependencies,
  };
  writeFileSync(path.join(to, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(root, 'out/cli-package') } } });
  try {
    const manifest = await stageCliPackage({ to: path.resolve(values.out) });
    console.log(`${manifest.name}@${manifest.version} staged in ${path.relative(process.cwd(), path.resolve(values.out)) || '.'} (${Object.keys(manifest.dependencies).length} dependencies).`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
