import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newReleaseId, nextSequence, readRelease, writeReleaseRecord, type Release } from '../../electron/core/push/records';
import { readReleaseRecords, RELEASE_LIST_KEY, writeRelease } from '../../electron/core/push/release-list';
import { FolderRemote } from '../../electron/core/push/remote';
import { MemoryRemote } from '../support/memory-remote';
import { makeTempDir } from '../support/temp-project';

const record = (id: string) => JSON.stringify({ id, createdAt: '2026-12-07T09:00:00.000Z', kind: 'push', manifest: null, files: [], uploaded: 0, bytesSent: 0, durationMs: 0 });

describe('release records', () => {
  it('are ordered by the sequence in their names, records from before it by the store time, never by the name a clock gave them', async () => {
    const root = makeTempDir('porter-records-');
    const folder = path.join(root, '.porter/releases');
    mkdirSync(folder, { recursive: true });
    // Older Porter named records by the pushing machine's clock: this one's was hours fast, and it was written first.
    const legacy = { fast: '2026-12-07T18-00-00-000Z-aaaaaa', later: '2026-12-07T09-00-00-000Z-bbbbbb' };
    writeFileSync(path.join(folder, `${legacy.fast}.json`), record(legacy.fast));
    utimesSync(path.join(folder, `${legacy.fast}.json`), new Date('2026-12-07T08:00:00Z'), new Date('2026-12-07T08:00:00Z'));
    writeFileSync(path.join(folder, `${legacy.later}.json`), record(legacy.later));
    utimesSync(path.join(folder, `${legacy.later}.json`), new Date('2026-12-07T09:00:00Z'), new Date('2026-12-07T09:00:00Z'));
    const remote = new FolderRemote(root);
    expect(await nextSequence(remote)).toBe(1);
    writeFileSync(path.join(folder, '1-cccccc.json'), record('1-cccccc'));
    writeFileSync(path.join(folder, '2-dddddd.json'), '{"id": "2-dd');
    expect(await nextSequence(remote)).toBe(3);
    const records = await readReleaseRecords(remote);
    expect(records.map((entry) => [entry.id, entry.sequence, entry.damage === null])).toEqual([
      ['2-dddddd', 2, false],
      ['1-cccccc', 1, true],
      [legacy.later, 0, true],
      [legacy.fast, 0, true],
    ]);
  });
});

/** A release as Porter writes it, with `files` files of 10 bytes each. */
function release(sequence: number, files = 3, manifest: string | null = `{"paths": {"n": "${sequence}"}}`): Release {
  const names = Array.from({ length: files }, (_, at) => ({ key: `css/file-${sequence}-${at}.css`, sha256: 'a'.repeat(64), size: 10, hashed: true }));
  return { id: newReleaseId(sequence), sequence, createdAt: '2026-12-07T09:00:00.000Z', kind: 'push', manifest, files: names, uploaded: files, bytesSent: 10 * files, durationMs: 5 };
}

const listOf = (remote: MemoryRemote) => (JSON.parse(remote.objects.get(RELEASE_LIST_KEY)!.body.toString('utf8')) as { releases: { id: string }[] }).releases.map((entry) => entry.id);

describe('the release list', () => {
  it('gives the history in two requests however many releases there are, with counts and bytes but no file lists', async () => {
    const remote = new MemoryRemote();
    const written = [release(1, 2), release(2, 5, null), release(3, 4)];
    for (const each of written) await writeRelease(remote, each);
    remote.requests.get = 0;
    remote.requests.list = 0;
    const records = await readReleaseRecords(remote);
    expect(remote.requests).toMatchObject({ get: 1, list: 1 });
    expect(records.map((record) => record.summary)).toEqual([
      expect.objectContaining({ id: written[2]!.id, sequence: 3, files: 4, bytes: 40, uploaded: 4, kind: 'push', manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      expect.objectContaining({ id: written[1]!.id, files: 5, bytes: 50, manifestSha256: null }),
      expect.objectContaining({ id: written[0]!.id, files: 2 }),
    ]);
    expect(JSON.stringify(records)).not.toContain('css/file-');
    // Opening one release reads its record, with the whole file list.
    const opened = await readRelease(remote, written[1]!.id);
    expect('release' in opened && opened.release.files.map((file) => file.key)).toEqual(written[1]!.files.map((file) => file.key));
  });

  it('is rebuilt from the records of an environment an older Porter pushed, which had none', async () => {
    const root = makeTempDir('porter-release-list-');
    const folder = path.join(root, '.porter/releases');
    mkdirSync(folder, { recursive: true });
    // Older Porter: records only, one named by the pushing machine's clock, one numbered.
    const legacy = '2026-12-07T18-00-00-000Z-aaaaaa';
    writeFileSync(path.join(folder, `${legacy}.json`), record(legacy));
    const numbered = release(1);
    writeFileSync(path.join(folder, `${numbered.id}.json`), JSON.stringify(numbered));
    const remote = new FolderRemote(root);
    expect((await readReleaseRecords(remote)).map((entry) => [entry.id, entry.summary?.files])).toEqual([
      [numbered.id, 3],
      [legacy, 0],
    ]);
    const next = release(await nextSequence(remote));
    await writeRelease(remote, next);
    const list = JSON.parse(readFileSync(path.join(root, '.porter/releases.json'), 'utf8')) as { releases: { id: string }[] };
    expect(list.releases.map((entry) => entry.id)).toEqual([next.id, numbered.id, legacy]);
  });

  it('a record the list misses (written, then the push killed) or that changed since is read from the record', async () => {
    const remote = new MemoryRemote();
    const first = release(1);
    await writeRelease(remote, first);
    const second = release(2);
    await writeReleaseRecord(remote, second);
    // Replaced after it was listed: the list's summary of it no longer holds.
    await remote.put(`porter/releases/${first.id}.json`, Buffer.from('{"id": "trunc'), { contentType: 'application/json', cacheControl: 'no-store', sha256: '' });
    const records = await readReleaseRecords(remote);
    expect(records.map((entry) => [entry.id, entry.summary?.files ?? null, entry.damage === null])).toEqual([
      [second.id, 3, true],
      [first.id, null, false],
    ]);
  });

  it('a record deleted from the bucket leaves the history even while the list still names it', async () => {
    const remote = new MemoryRemote();
    const [first, second] = [release(1), release(2)];
    await writeRelease(remote, first);
    await writeRelease(remote, second);
    await remote.delete([`porter/releases/${second.id}.json`]);
    expect((await readReleaseRecords(remote)).map((entry) => entry.id)).toEqual([first.id]);
  });

  it('two pushes writing at once both stay in the list on a store with conditional writes', async () => {
    const remote = new MemoryRemote();
    const first = release(1);
    await writeRelease(remote, first);
    const [a, b] = [release(2), release(2)];
    // A reads the list, then waits at its write while B writes its record and the list: A's write must not drop B.
    let blocked!: () => void;
    let resume!: () => void;
    const aBlocked = new Promise<void>((resolve) => (blocked = resolve));
    const aResumes = new Promise<void>((resolve) => (resume = resolve));
    let listWrites = 0;
    remote.beforePut = async (key) => {
      if (key !== RELEASE_LIST_KEY || (listWrites += 1) !== 1) return;
      blocked();
      await aResumes;
    };
    const writingA = writeRelease(remote, a);
    await aBlocked;
    await writeRelease(remote, b);
    resume();
    await writingA;
    expect(new Set(listOf(remote))).toEqual(new Set([first.id, a.id, b.id]));
  });
});
