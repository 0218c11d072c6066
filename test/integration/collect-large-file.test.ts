// A collected video can be gigabytes: its hash and its copies go through a fixed buffer, never the whole file in
// memory (issue 16 §3: memory stays bounded). Correctness on a file of several buffers, and the peak memory of the
// real CLI on a 300 MB file.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCollect, type CollectOptions } from '../../electron/core/collect/index';
import { ensurePorterBuilt, porterCollectCommand, runCommand } from '../support/run-porter';
import { makeTempDir } from '../support/temp-project';

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

describe('collecting a file larger than the read buffer', () => {
  process.env.PORTER_CACHE_DIR = makeTempDir('porter-cache-');
  beforeAll(() => ensurePorterBuilt());

  it('hashes and copies it byte for byte, and repairs a copy changed by hand', async () => {
    const base = makeTempDir();
    const src = path.join(base, 'src');
    fs.mkdirSync(path.join(src, 'video'), { recursive: true });
    // Three 8 MiB buffers and a tail, so every chunk boundary is crossed.
    const bytes = randomBytes(3 * 8 * 1024 * 1024 + 12_345);
    fs.writeFileSync(path.join(src, 'video/hero.mp4'), bytes);
    const out = path.join(base, 'out');
    const options = { sources: [{ dir: src, prefix: '' }], outDir: out, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false } satisfies CollectOptions;
    await runCollect(options);
    const hashed = path.join(out, `video/hero.${md5(bytes).slice(0, 12)}.mp4`);
    expect(md5(fs.readFileSync(hashed))).toBe(md5(bytes));
    expect(md5(fs.readFileSync(path.join(out, 'video/hero.mp4')))).toBe(md5(bytes));

    const tampered = Buffer.from(bytes);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 0xff, tampered.length - 1);
    fs.writeFileSync(hashed, tampered);
    const again = await runCollect(options);
    expect(again.written).toBe(1);
    expect(md5(fs.readFileSync(hashed))).toBe(md5(bytes));
  });

  it('keeps the CLI under 250 MB of memory on a 300 MB file', async () => {
    const base = makeTempDir();
    const src = path.join(base, 'src');
    fs.mkdirSync(src);
    // Sparse: the source costs no disk; reading it still yields every byte.
    const size = 300 * 1024 * 1024;
    fs.writeFileSync(path.join(src, 'big.mp4'), '');
    fs.truncateSync(path.join(src, 'big.mp4'), size);
    const spec = porterCollectCommand({ sources: [{ dir: src, prefix: '' }], outDir: path.join(base, 'out'), djangoVersion: '5.2', project: base, cacheDir: makeTempDir('porter-cache-') });
    const report = path.join(base, 'rss.txt');
    const result = await runCommand({ ...spec, command: '/usr/bin/time', args: ['-f', '%M', '-o', report, spec.command, ...spec.args] });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(fs.statSync(path.join(base, 'out/big.mp4')).size).toBe(size);
    const peakKb = Number(fs.readFileSync(report, 'utf8').trim());
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(250 * 1024);
  }, 120_000);
});
