import { describe, expect, it } from 'vitest';
import { INDEX_KEY } from '../../electron/core/push/records';
import type { Remote } from '../../electron/core/push/remote';
import { transfer, type TransferItem } from '../../electron/core/push/transfer';

/** A store whose index writes are slow, so checkpoints would overlap if transfer let them. */
function slowIndexRemote() {
  const state = { indexWritesInFlight: 0, mostIndexWritesInFlight: 0, indexWrites: [] as number[] };
  const remote: Remote = {
    label: 'memory://test/',
    sameStore: () => false,
    list: async () => new Map(),
    get: async () => undefined,
    getTagged: async () => undefined,
    storedSha256: async () => undefined,
    copyFrom: async () => {
      throw new Error('not used');
    },
    delete: async () => undefined,
    putFile: async () => {
      throw new Error('not used');
    },
    put: async (key, body) => {
      if (key !== INDEX_KEY) return { size: body.length, etag: 'e' };
      state.indexWritesInFlight += 1;
      state.mostIndexWritesInFlight = Math.max(state.mostIndexWritesInFlight, state.indexWritesInFlight);
      await new Promise((resolve) => setTimeout(resolve, 15));
      state.indexWrites.push(Object.keys((JSON.parse(body.toString('utf8')) as { objects: object }).objects).length);
      state.indexWritesInFlight -= 1;
      return { size: body.length, etag: 'i' };
    },
  };
  return { remote, state };
}

describe('transfer checkpoints', () => {
  it('saves the index as it goes, one checkpoint at a time, each naming more arrivals than the last', async () => {
    const { remote, state } = slowIndexRemote();
    const items: TransferItem[] = Array.from({ length: 120 }, (_, i) => ({ key: `app/f${i}.css`, sha256: `${i}`, size: 10, hashed: true }));
    const result = await transfer(items, remote, {
      concurrency: 8,
      checkpointEvery: 2,
      index: {},
      headers: () => ({ contentType: 'text/css', cacheControl: 'public' }),
      send: async (item) => {
        await new Promise((resolve) => setTimeout(resolve, 3));
        return { etag: item.sha256, size: item.size };
      },
    });
    expect(result.sent).toHaveLength(120);
    expect(state.indexWrites.length).toBeGreaterThan(1);
    expect(state.mostIndexWritesInFlight).toBe(1);
    expect(state.indexWrites).toEqual([...state.indexWrites].sort((a, b) => a - b));
  });
});
