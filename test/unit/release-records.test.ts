import { utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextSequence, readReleaseRecords } from '../../electron/core/push/records';
import { FolderRemote } from '../../electron/core/push/remote';
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
