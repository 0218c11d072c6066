// An in-memory Remote for unit tests of Porter's own records: objects in a Map, each put stamped with a rising
// time (as a store's LastModified), and an optional delay on the writes a test wants to be slow.
import type { Remote, RemoteObject } from '../../electron/core/push/remote';

export interface SlowMemoryRemote extends Remote {
  objects: Map<string, { body: Buffer; modified: number }>;
  puts: Array<{ key: string; bytes: number }>;
  /** Writes to keys under this prefix wait this long (ms) before they land. */
  slow: { prefix: string; ms: number } | null;
  /** Most writes under the slow prefix in flight at once. */
  mostSlowInFlight: number;
}

export function memoryRemote(): SlowMemoryRemote {
  let clock = 0;
  let slowInFlight = 0;
  const remote: SlowMemoryRemote = {
    label: 'memory://test/',
    objects: new Map(),
    puts: [],
    slow: null,
    mostSlowInFlight: 0,
    sameStore: () => false,
    list: async (prefix = '') => new Map<string, RemoteObject>([...remote.objects].filter(([key]) => key.startsWith(prefix)).map(([key, object]) => [key, { size: object.body.length, etag: `${key}@${object.modified}`, modified: object.modified }])),
    get: async (key) => remote.objects.get(key)?.body,
    getTagged: async (key) => {
      const object = remote.objects.get(key);
      return object && { body: object.body, etag: `${key}@${object.modified}` };
    },
    storedSha256: async () => undefined,
    copyFrom: async () => {
      throw new Error('not used');
    },
    putFile: async () => {
      throw new Error('not used');
    },
    delete: async (keys) => {
      for (const key of keys) remote.objects.delete(key);
    },
    put: async (key, body) => {
      const slow = remote.slow && key.startsWith(remote.slow.prefix) ? remote.slow.ms : 0;
      if (slow) {
        slowInFlight += 1;
        remote.mostSlowInFlight = Math.max(remote.mostSlowInFlight, slowInFlight);
        await new Promise((resolve) => setTimeout(resolve, slow));
        slowInFlight -= 1;
      }
      clock += 1;
      remote.objects.set(key, { body, modified: clock });
      remote.puts.push({ key, bytes: body.length });
      return { size: body.length, etag: `${key}@${clock}` };
    },
  };
  return remote;
}
