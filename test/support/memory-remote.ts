// A store in memory that honours conditional writes (If-None-Match: *, If-Match) as AWS S3 does, and counts the
// requests by kind, for tests of Porter's own records.
import { createHash } from 'node:crypto';
import type { PutOptions, Remote, RemoteObject, TaggedObject } from '../../electron/core/push/remote';

export class MemoryRemote implements Remote {
  readonly label = 'memory://test/';
  readonly objects = new Map<string, { body: Buffer; etag: string; modified: number }>();
  readonly requests = { list: 0, get: 0, put: 0 };
  /** Runs before each PUT takes effect: a test lets another writer in there. */
  beforePut: (key: string) => Promise<void> = async () => undefined;

  sameStore(): boolean {
    return false;
  }

  async list(prefix = ''): Promise<Map<string, RemoteObject>> {
    this.requests.list += 1;
    const found = [...this.objects].filter(([key]) => key.startsWith(prefix));
    return new Map(found.map(([key, object]) => [key, { size: object.body.length, etag: object.etag, modified: object.modified }]));
  }

  async get(key: string): Promise<Buffer | undefined> {
    return (await this.getTagged(key))?.body;
  }

  async getTagged(key: string): Promise<TaggedObject | undefined> {
    this.requests.get += 1;
    const object = this.objects.get(key);
    return object && { body: object.body, etag: object.etag };
  }

  async storedSha256(): Promise<string | undefined> {
    return undefined;
  }

  async put(key: string, body: Buffer, options: PutOptions): Promise<RemoteObject> {
    this.requests.put += 1;
    await this.beforePut(key);
    const existing = this.objects.get(key);
    if ((options.onlyIfAbsent && existing) || (options.ifMatch && existing?.etag !== options.ifMatch)) {
      throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed' });
    }
    const etag = createHash('md5').update(body).digest('hex');
    this.objects.set(key, { body, etag, modified: Date.now() });
    return { size: body.length, etag };
  }

  async putFile(): Promise<RemoteObject> {
    throw new Error('MemoryRemote stores records only.');
  }

  async copyFrom(): Promise<RemoteObject> {
    throw new Error('MemoryRemote stores records only.');
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }
}
