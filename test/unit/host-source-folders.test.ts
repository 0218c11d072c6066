// Source folders chosen in the UI: relative paths are refused (never resolved against the folder Porter
// started in), the folder listing stays inside the project, and sources the user ordered land in porter.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FolderListing, Project } from '../../electron/contract/porter';
import { isAbsoluteUserPath } from '../../electron/contract/user-paths';
import { MAX_LISTED_FOLDERS } from '../../electron/core/project/list-folders';
import { createPorterHost, type PorterHost } from '../../electron/host/porter-host';

let workspace: string;
let host: PorterHost;
const sitePorterJson = { sources: ['assets'], environments: { staging: { type: 'folder', path: '/tmp/porter-unused-staging' } } };

function write(files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(workspace, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

async function value<T>(result: Promise<unknown>): Promise<T> {
  const settled = (await result) as { ok: true; value: T } | { ok: false; error: unknown };
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled.error)}`);
  return settled.value;
}

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'porter-sources-'));
  vi.stubEnv('PORTER_CACHE_DIR', path.join(workspace, 'cache'));
  host = createPorterHost({ configDir: path.join(workspace, 'config'), hostInfo: { host: 'serve', canPickFolder: false, version: '0.0.0' } });
  // A relative path would resolve here if anything resolved it: a real project, so a wrong answer would succeed.
  vi.spyOn(process, 'cwd').mockReturnValue(workspace);
  write({ 'site/porter.json': JSON.stringify(sitePorterJson), 'site/assets/a.css': '' });
});

afterEach(() => {
  host.dispose();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(workspace, { recursive: true, force: true });
});

describe('paths typed into the UI', () => {
  it('tells absolute and home-relative paths from relative ones', () => {
    for (const absolute of ['/srv/site', '~', '~/site', 'C:\\site', 'd:/site', '\\\\server\\share', '  /padded  ']) expect(isAbsoluteUserPath(absolute), absolute).toBe(true);
    for (const relative of ['site', './site', '../site', 'site/assets', '~site', 'C:site', '']) expect(isAbsoluteUserPath(relative), relative).toBe(false);
  });

  it('refuses a relative project folder with a message instead of opening it against the working folder', async () => {
    for (const relative of ['site', './site', '../' + path.basename(workspace) + '/site']) {
      const result = await host.call('openProject', { path: relative });
      expect(result, relative).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringContaining('is not a full path') } });
    }
  });

  it('refuses relative source folders, output folders and listing folders', async () => {
    const root = path.join(workspace, 'site');
    expect(await host.call('saveSources', { root, sources: [{ dir: 'assets', prefix: '' }] })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringContaining('“assets” is not a full path') },
    });
    expect(await host.call('startCollect', { root, outDir: 'out', djangoVersion: '5.2', hashing: false, ignorePatterns: [], useDefaultIgnore: true, dryRun: true })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringContaining('“out” is not a full path') },
    });
    expect(await host.call('planPush', { root, environment: 'staging', outDir: 'out' })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await host.call('listFolders', { root, folder: 'assets' })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8'))).toEqual(sitePorterJson);
  });
});

describe('saving source folders the user listed', () => {
  it('writes them in the order given, with prefixes, relative to the root where inside it, and keeps other keys', async () => {
    write({ 'plain/porter.json': JSON.stringify({ environments: { staging: { type: 'folder', path: '/x' } }, recipes: [{ match: '*.png', mode: 'lossless' }] }) });
    const root = path.join(workspace, 'plain');
    const outside = path.join(workspace, 'shared-static');
    const saved = await value<{ path: string; project: Project }>(
      host.call('saveSources', {
        root,
        sources: [
          { dir: path.join(root, 'vendor_src'), prefix: 'vendor' },
          { dir: path.join(root, 'assets'), prefix: '' },
          { dir: outside, prefix: 'shared/css' },
        ],
      }),
    );
    expect(saved.path).toBe(path.join(root, 'porter.json'));
    expect(JSON.parse(readFileSync(saved.path, 'utf8'))).toEqual({
      environments: { staging: { type: 'folder', path: '/x' } },
      recipes: [{ match: '*.png', mode: 'lossless' }],
      sources: [{ dir: 'vendor_src', prefix: 'vendor' }, { dir: 'assets' }, { dir: outside, prefix: 'shared/css' }],
    });
    expect(saved.project.detection).toMatchObject({ method: 'porter.json', certainty: 'exact' });
    expect(saved.project.sources.map(({ dir, prefix }) => [dir, prefix])).toEqual([
      [path.join(root, 'vendor_src'), 'vendor'],
      [path.join(root, 'assets'), ''],
      [outside, 'shared/css'],
    ]);
  });

  it('refuses a prefix Django would reject and leaves porter.json as it was', async () => {
    const root = path.join(workspace, 'site');
    for (const prefix of ['vendor/', '/vendor']) {
      const result = await host.call('saveSources', { root, sources: [{ dir: path.join(root, 'assets'), prefix }] });
      expect(result, prefix).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringContaining('must not') } });
    }
    expect(JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8'))).toEqual(sitePorterJson);
  });

  it('refuses to collect a project with no sources', async () => {
    write({ 'empty/readme.txt': '' });
    const root = path.join(workspace, 'empty');
    const project = await value<Project>(host.call('openProject', { path: root }));
    expect(project.detection).toMatchObject({ method: 'none', certainty: 'unsure' });
    expect(project.detection.notes.join(' ')).not.toMatch(/--source|porter (collect|sources)|terminal/);
    const result = await host.call('startCollect', { root, outDir: path.join(workspace, 'out'), djangoVersion: '5.2', hashing: false, ignorePatterns: [], useDefaultIgnore: true, dryRun: false });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringContaining('no source folders') } });
  });
});

describe('listing folders to choose from', () => {
  beforeEach(() => {
    write({
      'site/assets/css/site.css': '',
      'site/assets/img/.keep': '',
      'site/vendor_src/lib.js': '',
      'site/.git/HEAD': '',
      'site/notes.txt': 'not a folder',
      'secret/keys/id': 'outside the project',
    });
  });
  const root = () => path.join(workspace, 'site');

  it('starts at the project root and lists only its visible subfolders, never files', async () => {
    const listing = await value<FolderListing>(host.call('listFolders', { root: root() }));
    expect(listing).toEqual({
      folder: root(),
      relative: '',
      parent: null,
      folders: [
        { name: 'assets', path: path.join(root(), 'assets') },
        { name: 'vendor_src', path: path.join(root(), 'vendor_src') },
      ],
      truncated: false,
    });
    const assets = await value<FolderListing>(host.call('listFolders', { root: root(), folder: path.join(root(), 'assets') }));
    expect(assets).toMatchObject({ relative: 'assets', parent: root(), folders: [{ name: 'css' }, { name: 'img' }] });
  });

  it('refuses folders outside the project, by path, by .. or through a link', async () => {
    symlinkSync(path.join(workspace, 'secret'), path.join(root(), 'assets', 'escape'));
    symlinkSync(path.join(root(), 'vendor_src'), path.join(root(), 'assets', 'vendor-link'));
    for (const folder of [workspace, path.join(workspace, 'secret'), path.join(root(), '..', 'secret'), path.join(root(), 'assets', 'escape'), '/']) {
      const result = await host.call('listFolders', { root: root(), folder });
      expect(result, folder).toMatchObject({ ok: false, error: { kind: 'forbidden', hint: expect.stringContaining(root()) } });
    }
    // A link that stays inside the project is a folder like any other; one that leaves it is not listed.
    const assets = await value<FolderListing>(host.call('listFolders', { root: root(), folder: path.join(root(), 'assets') }));
    expect(assets.folders.map((folder) => folder.name)).toEqual(['css', 'img', 'vendor-link']);
  });

  it('says when a folder is a file or is gone', async () => {
    expect(await host.call('listFolders', { root: root(), folder: path.join(root(), 'notes.txt') })).toMatchObject({ ok: false, error: { message: expect.stringContaining('is a file') } });
    expect(await host.call('listFolders', { root: root(), folder: path.join(root(), 'gone') })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('lists a crowded folder up to its limit and says so', async () => {
    for (let index = 0; index <= MAX_LISTED_FOLDERS; index++) mkdirSync(path.join(root(), 'vendor_src', `pkg-${index}`));
    const listing = await value<FolderListing>(host.call('listFolders', { root: root(), folder: path.join(root(), 'vendor_src') }));
    expect(listing.folders).toHaveLength(MAX_LISTED_FOLDERS);
    expect(listing.truncated).toBe(true);
    expect(listing.folders.slice(0, 3).map((folder) => folder.name)).toEqual(['pkg-0', 'pkg-1', 'pkg-2']);
  });
});
