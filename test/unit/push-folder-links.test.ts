// A folder environment whose tree holds a link out of it (`public/static/d0 -> /elsewhere`): push must neither
// write, list nor delete through the link, and prune deletes only what Porter's own records say it wrote.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planPush, PushError, runPush, type PushContext } from '../../electron/core/push/index';
import { FolderRemote } from '../../electron/core/push/remote';
import { createRequestCounter } from '../../electron/core/push/s3-client';
import { makeTempDir, writeTree } from '../support/temp-project';

function folderContext(root: string): PushContext {
  return { environment: { type: 'folder', name: 'local', path: root, root }, remote: new FolderRemote(root), counter: createRequestCounter() };
}

function linkedEnvironment() {
  const base = makeTempDir('porter-folder-links-');
  const root = path.join(base, 'public/static');
  const elsewhere = path.join(base, 'elsewhere');
  mkdirSync(root, { recursive: true });
  writeTree(elsewhere, { 'victim.txt': 'not Porter’s\n' });
  symlinkSync(elsewhere, path.join(root, 'd0'));
  const out = path.join(base, 'staticfiles');
  return { base, root, elsewhere, out };
}

describe('folder environment and links out of it', () => {
  it('lists nothing found through a link out of the folder, and says which link it left alone', async () => {
    const { root, out } = linkedEnvironment();
    writeTree(out, { 'site.css': 'body{}\n' });
    const plan = await planPush(folderContext(root), out);
    expect(plan.remoteOnly).toEqual([]);
    expect(plan.warnings.join('\n')).toMatch(/d0 leads outside .*static/);
  });

  it('lists a prefix from its own folder only, keeping what the whole listing said about links', async () => {
    const { root } = linkedEnvironment();
    writeTree(root, { 'css/site.css': 'body{}\n', '.porter/index/seg-a-000001.json.gz': 'x', '.porter/releases/1-aaaaaa.json': '{}' });
    const remote = new FolderRemote(root);
    expect([...(await remote.list()).keys()].sort()).toEqual(['css/site.css', 'porter/index/seg-a-000001.json.gz', 'porter/releases/1-aaaaaa.json']);
    expect([...(await remote.list('porter/index/')).keys()]).toEqual(['porter/index/seg-a-000001.json.gz']);
    expect(await remote.list('porter/nothing-here/')).toEqual(new Map());
    expect(remote.listingWarnings().join('\n')).toMatch(/d0 leads outside/);
  });

  it('refuses before writing anything when a collected file would land through the link', async () => {
    const { root, elsewhere, out } = linkedEnvironment();
    writeTree(out, { 'site.css': 'body{}\n', 'd0/victim.txt': 'overwritten\n' });
    const context = folderContext(root);
    const planning = planPush(context, out);
    await expect(planning).rejects.toBeInstanceOf(PushError);
    await expect(planning).rejects.toThrow(/^Cannot publish d0\/victim\.txt: d0 leads outside .*\.$/);
    expect(readFileSync(path.join(elsewhere, 'victim.txt'), 'utf8')).toBe('not Porter’s\n');
    expect(existsSync(path.join(root, 'site.css'))).toBe(false);
  });

  it('never writes or deletes through the link even when asked directly', async () => {
    const { root, elsewhere } = linkedEnvironment();
    const remote = new FolderRemote(root);
    await expect(remote.put('d0/victim.txt', Buffer.from('x'))).rejects.toThrow(/leads outside/);
    await expect(remote.put('d0/new/deeper.txt', Buffer.from('x'))).rejects.toThrow(/leads outside/);
    await expect(remote.delete(['d0/victim.txt'])).rejects.toThrow(/leads outside/);
    expect(readFileSync(path.join(elsewhere, 'victim.txt'), 'utf8')).toBe('not Porter’s\n');
    expect(existsSync(path.join(elsewhere, 'new'))).toBe(false);
  });

  it('prune with keep 1 deletes only files Porter wrote, never one outside or one it did not write', async () => {
    const { root, elsewhere, out } = linkedEnvironment();
    writeTree(root, { 'robots.txt': 'someone else’s file\n' });
    const context = folderContext(root);
    writeTree(out, { 'old.css': 'a{}\n' });
    await runPush(context, await planPush(context, out));
    writeFileSync(path.join(out, 'old.css'), 'a{color:red}\n');
    writeTree(out, { 'new.css': 'b{}\n' });
    // old.css is still named by the second release; a third without it lets prune remove it.
    await runPush(context, await planPush(context, out));
    const third = makeTempDir('porter-folder-links-out-');
    writeTree(third, { 'new.css': 'b{color:blue}\n' });
    const result = await runPush(context, await planPush(context, third), { prune: true, keep: 1 });
    expect(result.pruned).toEqual(['old.css']);
    expect(readFileSync(path.join(elsewhere, 'victim.txt'), 'utf8')).toBe('not Porter’s\n');
    expect(readFileSync(path.join(root, 'robots.txt'), 'utf8')).toBe('someone else’s file\n');
  });
});
