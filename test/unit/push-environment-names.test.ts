// Environment names from porter.json are keys of a plain object: names every object already answers to
// (`__proto__`, `toString`…) must be refused, and never be mistaken for an environment when looked up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { porterContract } from '../../electron/contract/porter';
import { loadEnvironment, parseEnvironments } from '../../electron/core/push/environments';
import { readIndex } from '../../electron/core/push/records';
import type { Remote } from '../../electron/core/push/remote';

const reservedNames = ['__proto__', 'toString', 'constructor', 'hasOwnProperty'];

function projectWith(porterJson: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'porter-env-names-'));
  fs.writeFileSync(path.join(root, 'porter.json'), porterJson);
  return root;
}

describe('reserved environment names', () => {
  it.each(reservedNames)('refuses "%s" in porter.json', (name) => {
    // JSON.parse makes "__proto__" an own key, as reading porter.json does.
    const raw: unknown = JSON.parse(`{"${name}": {"type": "s3", "bucket": "my-bucket"}}`);
    expect(() => parseEnvironments(raw, '/project')).toThrow(new RegExp(`"${name}" is reserved`));
  });

  it.each(reservedNames)('refuses "%s" when the environment editor saves', (name) => {
    const parsed = porterContract.saveEnvironment.input.safeParse({ root: '/project', name, config: { type: 'folder', path: 'public' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/is reserved/);
  });

  it.each(reservedNames)('says there is no environment "%s" when porter.json has none', async (name) => {
    const root = projectWith('{"environments": {}}');
    await expect(loadEnvironment(root, name)).rejects.toThrow(/porter\.json has no environments yet/);
  });

  it.each(reservedNames)('says there is no environment "%s" among the known ones', async (name) => {
    const root = projectWith('{"environments": {"local": {"type": "folder", "path": "public"}}}');
    await expect(loadEnvironment(root, name)).rejects.toThrow(`There is no environment "${name}" in porter.json. Known: local.`);
  });

  it('still finds an ordinary environment', async () => {
    const root = projectWith('{"environments": {"local": {"type": "folder", "path": "public"}}}');
    await expect(loadEnvironment(root, 'local')).resolves.toMatchObject({ name: 'local', type: 'folder', root: path.join(root, 'public') });
  });
});

describe('the object index read from the bucket', () => {
  const remoteHolding = (objects: string) => ({ list: () => Promise.resolve(new Map()), get: () => Promise.resolve(Buffer.from(`{"version": 1, "objects": ${objects}}`)) }) as unknown as Remote;

  it('answers only for keys it holds, even for a file named like a built-in', async () => {
    const index = await readIndex(remoteHolding('{"css/site.css": {"sha256": "a", "size": 1, "etag": "e"}}'));
    expect(index['toString']).toBeUndefined();
    expect(index['constructor']).toBeUndefined();
    expect(index['css/site.css']).toEqual({ sha256: 'a', size: 1, etag: 'e' });
  });

  it('keeps an object named "__proto__" as an entry, written back as it was read', async () => {
    const index = await readIndex(remoteHolding('{"__proto__": {"sha256": "b", "size": 2, "etag": "f"}}'));
    expect(Object.keys(index)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(index))).toEqual(JSON.parse('{"__proto__": {"sha256": "b", "size": 2, "etag": "f"}}'));
  });
});
