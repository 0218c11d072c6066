import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchSources, type SourceWatcher } from '../../electron/core/project/watch-sources';
import { makeTempDir } from '../support/temp-project';

let watcher: SourceWatcher | undefined;
afterEach(() => watcher?.close());

describe('watching the sources', () => {
  it('reports writes, renames, deletions and new folders within a second, and ignores editor backups', async () => {
    const first = makeTempDir();
    const second = makeTempDir();
    const seen: string[][] = [];
    watcher = watchSources([first, second, path.join(first, 'missing')], (changed) => seen.push(changed));
    const expectSeen = (file: string) => vi.waitFor(() => expect(seen.flat()).toContain(file), { timeout: 1000, interval: 20 });

    writeFileSync(path.join(first, 'site.css'), 'a');
    await expectSeen(path.join(first, 'site.css'));
    renameSync(path.join(first, 'site.css'), path.join(first, 'main.css'));
    await expectSeen(path.join(first, 'main.css'));
    mkdirSync(path.join(second, 'img', 'icons'), { recursive: true });
    writeFileSync(path.join(second, 'img', 'icons', 'a.svg'), '<svg/>');
    await expectSeen(path.join(second, 'img', 'icons', 'a.svg'));
    rmSync(path.join(first, 'main.css'));
    const before = seen.length;
    writeFileSync(path.join(first, 'notes.txt~'), 'backup');
    writeFileSync(path.join(first, 'trigger.js'), '1');
    await expectSeen(path.join(first, 'trigger.js'));
    expect(seen.slice(before).flat()).not.toContain(path.join(first, 'notes.txt~'));
  });
});
