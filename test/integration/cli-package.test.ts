// The porter CLI as a CI pipeline gets it: the package scripts/pack-cli.mjs stages, packed by npm and installed from
// the tarball into an empty folder (its dependencies from the registry, or npm's cache), then run from there: a
// collect of a small project and a push of it to s3rver, whose bytes are read back.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageCliPackage } from '../../scripts/pack-cli.mjs';
import { unresolvedImports } from '../support/bundle-resolution';
import { ensurePorterBuilt, repoRoot, runCommand } from '../support/run-porter';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { listFiles, makeTempDir, writeTree } from '../support/temp-project';

// npm run passes its own project's prefix down; the install must land in the temp folder, never in this repository.
const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_(package_|lifecycle_|config_(local_|global_)?prefix$)/i.test(name)));

function npm(args: string[], cwd: string): string {
  const run = spawnSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', timeout: 240_000 });
  if (run.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

let s3: S3Server;
let work = '';
let tarball = '';
/** Where the tarball was installed: a folder with only a package.json and node_modules. */
let app = '';
let installed = '';
const timings: Record<string, number> = {};

beforeAll(async () => {
  ensurePorterBuilt();
  if (!listFiles(path.join(repoRoot, 'out')).includes('renderer/index.html')) {
    const built = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs'), 'renderer'], { cwd: repoRoot, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`node scripts/build.mjs renderer failed:\n${built.stdout}${built.stderr}`);
  }
  work = makeTempDir('porter-cli-package-');
  let started = performance.now();
  await stageCliPackage({ to: path.join(work, 'package') });
  tarball = path.join(work, npm(['pack', '--pack-destination', work, '--silent'], path.join(work, 'package')).trim().split('\n').pop()!);
  timings.pack = performance.now() - started;

  app = path.join(work, 'app');
  writeTree(app, { 'package.json': JSON.stringify({ name: 'ci-pipeline', private: true }) });
  started = performance.now();
  npm(['install', tarball, '--prefix', app, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error'], app);
  timings.install = performance.now() - started;
  installed = path.join(app, 'node_modules/porter-cli');
  s3 = await startS3Server(['ci-staging']);
}, 300_000);

afterAll(async () => {
  await s3?.stop();
  // The installed dependencies weigh over 100 MB.
  if (work) rmSync(work, { recursive: true, force: true });
  console.log(`CLI package: npm pack ${Math.round(timings.pack!)} ms, npm install ${Math.round(timings.install!)} ms.`);
});

describe('the porter-cli package, installed from its tarball', () => {
  it('is a public package with a porter command whose every import resolves where it is installed', async () => {
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { private?: boolean; bin: Record<string, string>; dependencies: Record<string, string> };
    expect(manifest.private).toBeUndefined();
    expect(manifest.bin).toEqual({ porter: 'bin/porter.js' });
    expect(Object.keys(manifest.dependencies)).toEqual(expect.arrayContaining(['sharp', 'esbuild', '@aws-sdk/client-s3']));
    for (const appOnly of ['react', 'react-dom', 'zustand', 'electron', 'electron-updater', '@tanstack/react-virtual']) expect(manifest.dependencies).not.toHaveProperty(appOnly);
    expect(listFiles(installed).filter((file) => /\.(map|ts)$/.test(file) || file.startsWith('electron/') || file.startsWith('test/'))).toEqual([]);

    const { imports, unresolved } = await unresolvedImports(path.join(installed, 'out/cli'));
    expect(imports.length).toBeGreaterThan(10);
    expect(unresolved).toEqual([]);
    const version = await runCommand({ command: path.join(app, 'node_modules/.bin/porter'), args: ['--version'], cwd: app });
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('collects a project and pushes it to S3, byte for byte', async () => {
    const project = makeTempDir('porter-cli-project-');
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#336699' } }).png().toBuffer();
    writeTree(project, {
      'assets/css/site.css': '.logo {  background: url("../img/logo.png");  }\n',
      'assets/js/app.js': 'export const greeting = "hello";\n',
      'assets/img/logo.png': png,
    });
    const staging = { type: 's3', bucket: 'ci-staging', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, prefix: 'static/' };
    writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { staging } }));
    const porter = (...args: string[]) =>
      runCommand({
        command: path.join(app, 'node_modules/.bin/porter'),
        args,
        cwd: project,
        env: { ...process.env, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey, PORTER_CACHE_DIR: path.join(project, '.cache'), PORTER_CONFIG_DIR: path.join(project, '.config') },
      });

    const collected = await porter('collect', '--out', 'staticfiles');
    expect(collected.code, collected.stderr).toBe(0);
    const out = path.join(project, 'staticfiles');
    const files = listFiles(out);
    expect(files).toEqual(expect.arrayContaining(['css/site.css', 'img/logo.png', 'js/app.js', 'staticfiles.json']));
    // The hashed copy of the stylesheet points at the hashed image: collect's rewrite ran from the installed package.
    const manifest = JSON.parse(readFileSync(path.join(out, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
    expect(readFileSync(path.join(out, manifest.paths['css/site.css']!), 'utf8')).toContain(path.posix.basename(manifest.paths['img/logo.png']!));

    const pushed = await porter('push', '--env', 'staging', '--out', 'staticfiles');
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toMatch(new RegExp(`Pushed ${files.length} files .* as release `));
    const reader = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    for (const key of files) {
      const object = await reader.send(new GetObjectCommand({ Bucket: 'ci-staging', Key: `static/${key}` }));
      expect(Buffer.from(await object.Body!.transformToByteArray()), key).toEqual(readFileSync(path.join(out, key)));
    }
  });
});
