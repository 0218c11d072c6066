import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IndexLog, INDEX_PREFIX } from '../../electron/core/push/index-log';
import { transfer, type TransferItem } from '../../electron/core/push/transfer';
import { memoryRemote } from '../support/slow-memory-remote';

const items = (count: number): TransferItem[] => Array.from({ length: count }, (_, i) => ({ key: `app/f${i}.css`, sha256: `${i}`, size: 10, hashed: true }));
const segmentKeys = (remote: ReturnType<typeof memoryRemote>) => remote.puts.map((put) => put.key).filter((key) => key.startsWith(`${INDEX_PREFIX}seg-`));
const objectsOf = (body: Buffer) => Object.keys((JSON.parse(gunzipSync(body).toString('utf8')) as { objects: object }).objects);

describe('transfer checkpoints', () => {
  it('saves only what is new at each checkpoint, one at a time, without holding the uploads back', async () => {
    const remote = memoryRemote();
    // Each checkpoint takes as long as 20 uploads: were the uploads waiting for them, the push would take 10× longer.
    remote.slow = { prefix: INDEX_PREFIX, ms: 60 };
    const started = performance.now();
    const result = await transfer(items(400), {
      concurrency: 8,
      index: {},
      log: new IndexLog(remote, { every: 2 }),
      headers: () => ({ contentType: 'text/css', cacheControl: 'public' }),
      send: async (item) => {
        await new Promise((resolve) => setTimeout(resolve, 3));
        return { etag: item.sha256, size: item.size };
      },
    });
    const uploadsAlone = (400 / 8) * 3;
    expect(result.sent).toHaveLength(400);
    expect(performance.now() - started).toBeLessThan(uploadsAlone * 4);
    expect(remote.mostSlowInFlight).toBe(1);
    const segments = segmentKeys(remote).map((key) => objectsOf(remote.objects.get(key)!.body));
    expect(segments.length).toBeGreaterThan(1);
    // No arrival written twice: each checkpoint holds what came since the last.
    expect(segments.flat().length).toBe(new Set(segments.flat()).size);
  });

  it('checkpoints by time when arrivals are few', async () => {
    const remote = memoryRemote();
    await transfer(items(6), {
      concurrency: 1,
      index: {},
      log: new IndexLog(remote, { every: 1000, ms: 20 }),
      headers: () => ({ contentType: 'text/css', cacheControl: 'public' }),
      send: async (item) => {
        await new Promise((resolve) => setTimeout(resolve, 15));
        return { etag: item.sha256, size: item.size };
      },
    });
    expect(segmentKeys(remote).length).toBeGreaterThanOrEqual(2);
  });

  it('a cancelled push saves what arrived since the last checkpoint', async () => {
    const remote = memoryRemote();
    const controller = new AbortController();
    const run = transfer(items(50), {
      concurrency: 2,
      index: {},
      log: new IndexLog(remote, { every: 1000, ms: 60_000 }),
      signal: controller.signal,
      onProgress: ({ done }) => done >= 10 && controller.abort(),
      headers: () => ({ contentType: 'text/css', cacheControl: 'public' }),
      send: async (item) => ({ etag: item.sha256, size: item.size }),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const saved = segmentKeys(remote).flatMap((key) => objectsOf(remote.objects.get(key)!.body));
    expect(saved.length).toBeGreaterThanOrEqual(10);
  });
});
