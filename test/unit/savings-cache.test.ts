import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SavingsModeSchema, SavingsSettingsSchema } from '../../electron/contract/porter';
import { runSavings, type SavingsFile } from '../../electron/core/optimize/savings/index';
import { measurementKey } from '../../electron/core/optimize/savings/savings-cache';

let workspace: string;
const settings = SavingsSettingsSchema.parse({});
const mode = SavingsModeSchema.parse({ lossyMode: 'lossy', quality: 70 });

function file(name: string, content: string): SavingsFile {
  const sourcePath = path.join(workspace, 'static', name);
  mkdirSync(path.dirname(sourcePath), { recursive: true });
  writeFileSync(sourcePath, content);
  return { publicPath: name, sourcePath, bytes: Buffer.byteLength(content) };
}

const run = (files: SavingsFile[]) => runSavings({ root: workspace, files, settings, mode, cacheDir: path.join(workspace, 'cache'), workerFile: null });

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'porter-savings-cache-'));
});

afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
});

describe('savings cache', () => {
  it('answers a second run from the cache and measures a changed file again', async () => {
    const css = 'body {\n  color: #ff0000;\n  margin: 0px 0px 0px 0px;\n}\n'.repeat(200);
    const js = 'function add(first, second) {\n  return first + second;\n}\nconsole.log(add(1, 2));\n'.repeat(100);
    const files = [file('css/site.css', css), file('js/app.js', js), file('img/fake.png', 'not a png')];

    const first = await run(files);
    expect(first.assets.map((asset) => asset.cached)).toEqual([false, false, false]);
    expect(first.assets[2]!.error).toMatch(/not a PNG/);

    const second = await run(files);
    expect(second.totals.cached).toBe(3);
    // Same numbers, including the remembered per-file error; only `cached` differs.
    expect(second.assets.map((asset) => ({ ...asset, cached: false }))).toEqual(first.assets);
    expect(second.elapsedMs).toBeLessThan(first.elapsedMs);

    const changed = [file('css/site.css', `${css}a { color: blue }\n`), files[1]!, files[2]!];
    const third = await run(changed);
    expect(third.assets.map((asset) => asset.cached)).toEqual([false, true, true]);
    expect(third.assets[0]!.originalBytes).toBe(changed[0]!.bytes);
  });

  it('keys measurements by content, name, options and engine', () => {
    const bytes = Buffer.from('body{}');
    const key = measurementKey(bytes, 'a.css', mode);
    expect(measurementKey(Buffer.from('body{}'), 'a.css', { ...mode })).toBe(key);
    expect(measurementKey(Buffer.from('body{ }'), 'a.css', mode)).not.toBe(key);
    expect(measurementKey(bytes, 'b.css', mode)).not.toBe(key);
    expect(measurementKey(bytes, 'a.css', { ...mode, quality: 71 })).not.toBe(key);
    expect(measurementKey(bytes, 'a.css', { ...mode, format: 'webp' })).not.toBe(key);
  });

  it('still reports when the cache folder cannot be written', async () => {
    const blocked = path.join(workspace, 'blocked');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const report = await runSavings({ root: workspace, files: [file('a.css', 'a { color: red }')], settings, mode, cacheDir: blocked, workerFile: null });
    expect(report.assets[0]).toMatchObject({ error: null, cached: false, kind: 'text' });
  });
});
