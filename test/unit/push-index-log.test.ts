// The index in segments: what readers see, what a compaction keeps, and what two writers at once leave behind.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IndexLog, INDEX_KEY, INDEX_PREFIX, readIndex, type IndexEntry } from '../../electron/core/push/index-log';
import { memoryRemote } from '../support/slow-memory-remote';

const entry = (sha256: string): IndexEntry => ({ sha256, size: 1, etag: `e-${sha256}` });
const indexKeys = (remote: ReturnType<typeof memoryRemote>) => [...remote.objects.keys()].filter((key) => key === INDEX_KEY || key.startsWith(INDEX_PREFIX));

describe('the index log', () => {
  it('reads an environment that only has the index older versions wrote, and merges it away on compaction', async () => {
    const remote = memoryRemote();
    await remote.put(INDEX_KEY, Buffer.from(JSON.stringify({ version: 1, objects: { 'old.css': entry('o') } })), { contentType: '', cacheControl: '', sha256: '' });
    expect(await readIndex(remote)).toEqual({ 'old.css': entry('o') });
    const log = new IndexLog(remote);
    log.add('new.css', entry('n'));
    await log.compact();
    expect(indexKeys(remote)).toEqual([`${INDEX_PREFIX}base-${log.writer}.json.gz`]);
    expect(await readIndex(remote)).toEqual({ 'old.css': entry('o'), 'new.css': entry('n') });
  });

  it('a writer that never compacts (a killed push) still leaves what it checkpointed readable', async () => {
    const remote = memoryRemote();
    const killed = new IndexLog(remote, { every: 2 });
    for (const name of ['a', 'b', 'c', 'd']) killed.add(`${name}.css`, entry(name));
    await killed.flush();
    expect(Object.keys(await readIndex(remote)).sort()).toEqual(['a.css', 'b.css', 'c.css', 'd.css']);
  });

  it('later objects win for a key written twice', async () => {
    const remote = memoryRemote();
    const first = new IndexLog(remote);
    first.add('a.css', entry('1'));
    await first.compact();
    const second = new IndexLog(remote);
    second.add('a.css', entry('2'));
    await second.flush();
    expect((await readIndex(remote))['a.css']).toEqual(entry('2'));
  });

  it('drops what was pruned, and reads a damaged part as empty', async () => {
    const remote = memoryRemote();
    await remote.put(`${INDEX_PREFIX}seg-broken-000001.json.gz`, gzipSync('{"objects": '), { contentType: '', cacheControl: '', sha256: '' });
    const log = new IndexLog(remote);
    log.add('kept.css', entry('k'));
    log.add('gone.css', entry('g'));
    log.remove(['gone.css']);
    await log.compact();
    expect(await readIndex(remote)).toEqual({ 'kept.css': entry('k') });
  });

  it('two writers compacting at once lose nothing, whatever the interleaving', async () => {
    for (let round = 0; round < 20; round += 1) {
      const remote = memoryRemote();
      // Random delays on every index write shuffle the two writers' checkpoints, compactions and deletions.
      remote.slow = { prefix: INDEX_PREFIX, ms: 1 + (round % 5) };
      const a = new IndexLog(remote, { every: 3 });
      const b = new IndexLog(remote, { every: 4 });
      const write = async (log: IndexLog, names: string[]) => {
        for (const name of names) {
          log.add(name, entry(name));
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        }
        await log.compact();
      };
      const shared = Array.from({ length: 10 }, (_, i) => `shared-${i}.css`);
      const onlyA = Array.from({ length: 15 }, (_, i) => `a-${i}.css`);
      const onlyB = Array.from({ length: 15 }, (_, i) => `b-${i}.css`);
      await Promise.all([write(a, [...onlyA, ...shared]), write(b, [...shared, ...onlyB])]);
      expect(Object.keys(await readIndex(remote)).sort()).toEqual([...onlyA, ...shared, ...onlyB].sort());
      // And one more compaction folds whatever both left into a single base.
      await new IndexLog(remote).compact();
      expect(indexKeys(remote)).toHaveLength(1);
      expect(Object.keys(await readIndex(remote))).toHaveLength(40);
    }
  });
});
