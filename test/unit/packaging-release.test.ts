import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump, load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeUpdateInfo, mergeUpdateInfoFiles, type UpdateFeed } from '../../build/merge-update-info.mjs';

const root = path.resolve(import.meta.dirname, '../..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  'runs-on': string;
  container?: string;
  strategy?: { matrix: { include?: { os: string; arch: string }[]; os?: string[] } };
  steps: Step[];
}
const workflow = load(readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8')) as {
  on: { push: { tags: string[] } };
  jobs: Record<string, Job>;
};
const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');

describe('.github/workflows/release.yml', () => {
  it('runs on version tags, the whole test suite on Linux and the checks on macOS and Windows before any installer', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    const { 'full-suite': full, checks, installers } = workflow.jobs;
    expect(runs(full!)).toMatch(/^npm test$/m);
    expect(checks!.strategy!.matrix.os).toEqual(['macos-latest', 'windows-latest']);
    for (const command of ['npm ci', 'npm run lint', 'npm run typecheck', 'npx vitest run --project unit']) expect(runs(checks!)).toContain(command);
    expect(installers!.needs).toEqual(['full-suite', 'checks']);
  });

  it('builds every OS on its own runner per architecture, with Node 22, through scripts/dist.mjs without publishing', () => {
    const installers = workflow.jobs.installers!;
    const built = installers.strategy!.matrix.include!.map(({ os, arch }) => `${os.startsWith('macos') ? 'mac' : os.split('-')[0]}-${arch}`);
    expect(built.sort()).toEqual(['mac-arm64', 'mac-x64', 'ubuntu-arm64', 'ubuntu-x64', 'windows-arm64', 'windows-x64']);
    const setupNode = installers.steps.find((step) => step.uses?.startsWith('actions/setup-node'));
    expect(setupNode?.with).toMatchObject({ 'node-version': 22, architecture: '${{ matrix.arch }}' });
    expect(runs(installers)).toContain('node scripts/dist.mjs --publish never');
    const signing = installers.steps.find((step) => step.run?.startsWith('node scripts/dist.mjs'))!.env!;
    expect(Object.keys(signing).sort()).toEqual(['APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_ID', 'APPLE_TEAM_ID', 'CSC_KEY_PASSWORD', 'CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'WIN_CSC_LINK']);
  });

  it('publishes the CLI package to npm with provenance, on tags, once the tests pass', () => {
    const publish = workflow.jobs['cli-package']!;
    expect(publish.needs).toEqual(['full-suite', 'checks']);
    expect(publish.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(publish.steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with).toMatchObject({ 'registry-url': 'https://registry.npmjs.org' });
    const commands = publish.steps.map((step) => step.run).filter(Boolean);
    expect(commands).toEqual(['npm ci', 'node scripts/build.mjs cli renderer', 'node scripts/pack-cli.mjs', 'npm publish out/cli-package --provenance --access public']);
    const npmPublish = publish.steps.find((step) => step.run?.startsWith('npm publish'))!;
    expect(npmPublish.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
  });

  it('merges the feeds and attaches everything to a draft release', () => {
    const release = workflow.jobs.release!;
    expect(release.needs).toBe('installers');
    expect(runs(release)).toContain('node build/merge-update-info.mjs artifacts update-feeds');
    const publish = release.steps.find((step) => step.uses?.startsWith('softprops/action-gh-release'));
    expect(publish?.with).toMatchObject({ draft: true, files: 'artifacts/*/Porter-*\nupdate-feeds/*.yml\n' });
  });
});

const feed = (arch: string, releaseDate: string): UpdateFeed => ({
  version: '0.2.0',
  files: [
    { url: `Porter-0.2.0-mac-${arch}.zip`, sha512: `zip-${arch}`, size: 100 },
    { url: `Porter-0.2.0-mac-${arch}.dmg`, sha512: `dmg-${arch}`, size: 120 },
  ],
  path: `Porter-0.2.0-mac-${arch}.zip`,
  sha512: `zip-${arch}`,
  releaseDate,
});

describe('mergeUpdateInfo', () => {
  it("lists every architecture's installers once, with the latest release date", () => {
    const merged = mergeUpdateInfo([feed('x64', '2026-11-25T02:00:00.000Z'), feed('arm64', '2026-11-25T02:05:00.000Z'), feed('x64', '2026-11-25T02:00:00.000Z')]);
    expect(merged.files.map((file) => file.url)).toEqual(['Porter-0.2.0-mac-x64.zip', 'Porter-0.2.0-mac-x64.dmg', 'Porter-0.2.0-mac-arm64.zip', 'Porter-0.2.0-mac-arm64.dmg']);
    expect(merged).toMatchObject({ version: '0.2.0', path: 'Porter-0.2.0-mac-x64.zip', releaseDate: '2026-11-25T02:05:00.000Z' });
  });

  it('refuses feeds that cannot belong to one release', () => {
    expect(() => mergeUpdateInfo([feed('x64', 'a'), { ...feed('arm64', 'b'), version: '0.3.0' }])).toThrow('The jobs built different versions (0.2.0 and 0.3.0)');
    const clash = { ...feed('x64', 'b'), files: [{ url: 'Porter-0.2.0-mac-x64.zip', sha512: 'other' }] };
    expect(() => mergeUpdateInfo([feed('x64', 'a'), clash])).toThrow('Two jobs built different files named Porter-0.2.0-mac-x64.zip.');
    expect(() => mergeUpdateInfo([])).toThrow('No update feeds to merge.');
  });
});

describe('mergeUpdateInfoFiles', () => {
  let work = '';
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('merges same-named feeds from the downloaded artifact folders and copies the others', () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'porter-feeds-'));
    const write = (job: string, name: string, value: UpdateFeed) => {
      mkdirSync(path.join(work, 'artifacts', job), { recursive: true });
      // Dates come out quoted, as electron-builder writes them.
      writeFileSync(path.join(work, 'artifacts', job, name), dump(value));
    };
    write('installers-macOS-x64', 'latest-mac.yml', feed('x64', '2026-11-25T02:00:00.000Z'));
    write('installers-macOS-arm64', 'latest-mac.yml', feed('arm64', '2026-11-25T02:01:00.000Z'));
    write('installers-Linux-arm64', 'latest-linux-arm64.yml', { version: '0.2.0', files: [{ url: 'Porter-0.2.0-linux-arm64.AppImage', sha512: 'a' }] });
    writeFileSync(path.join(work, 'artifacts', 'installers-Linux-arm64', 'Porter-0.2.0-linux-arm64.AppImage'), 'not a feed');
    // An unquoted timestamp must stay the same text, not become a Date.
    mkdirSync(path.join(work, 'artifacts', 'installers-Linux-x64'));
    writeFileSync(path.join(work, 'artifacts', 'installers-Linux-x64', 'latest-linux.yml'), 'version: 0.2.0\nfiles:\n  - url: Porter-0.2.0-linux-x86_64.AppImage\n    sha512: b\nreleaseDate: 2026-11-25T02:02:00.000Z\n');

    expect(mergeUpdateInfoFiles(path.join(work, 'artifacts'), path.join(work, 'feeds'))).toEqual(['latest-linux-arm64.yml', 'latest-linux.yml', 'latest-mac.yml']);
    expect(readFileSync(path.join(work, 'feeds', 'latest-linux.yml'), 'utf8')).toContain("releaseDate: '2026-11-25T02:02:00.000Z'");
    const mac = load(readFileSync(path.join(work, 'feeds', 'latest-mac.yml'), 'utf8')) as UpdateFeed;
    expect(mac.files).toHaveLength(4);
    expect(readFileSync(path.join(work, 'feeds', 'latest-mac.yml'), 'utf8')).toContain("releaseDate: '2026-11-25T02:01:00.000Z'");
  });

  it('says so when the jobs uploaded no feed', () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'porter-feeds-'));
    expect(() => mergeUpdateInfoFiles(work, path.join(work, 'out'))).toThrow(/No latest\*\.yml under .*: did the installer jobs upload their release\/ folders\?/);
  });
});
