import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { convertIcon } from 'app-builder-lib/out/util/iconConverter';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icnsFile, icoFile, makeIcons } from '../../scripts/make-icons.mjs';

const root = path.resolve(import.meta.dirname, '../..');
let out = '';

beforeAll(async () => {
  out = await makeIcons(mkdtempSync(path.join(os.tmpdir(), 'porter-icons-')));
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, after checking it is a PNG. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).equals(pngSignature)).toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

function icoEntries(ico: Buffer): { size: number; png: Buffer }[] {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, index) => {
    const at = 6 + 16 * index;
    const [width, height] = [ico.readUInt8(at) || 256, ico.readUInt8(at + 1) || 256];
    expect(width).toBe(height);
    const [length, offset] = [ico.readUInt32LE(at + 8), ico.readUInt32LE(at + 12)];
    expect(offset + length).toBeLessThanOrEqual(ico.length);
    return { size: width, png: ico.subarray(offset, offset + length) };
  });
}

function icnsEntries(icns: Buffer): { type: string; png: Buffer }[] {
  expect(icns.toString('ascii', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const entries = [];
  for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
    expect(icns.readUInt32BE(at + 4)).toBeGreaterThan(8);
    entries.push({ type: icns.toString('ascii', at, at + 4), png: icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)) });
  }
  return entries;
}

describe('icons generated from build/icon.svg', () => {
  it('gives Linux one PNG per size, named NxN.png as electron-builder expects', async () => {
    const named = readdirSync(out).filter((file) => /^\d+x\d+\.png$/.test(file));
    expect(named.map((file) => Number(file.split('x')[0])).sort((a, b) => a - b)).toEqual([16, 24, 32, 48, 64, 128, 256, 512]);
    for (const file of named) {
      const size = Number(file.split('x')[0]);
      expect(pngSize(readFileSync(path.join(out, file)))).toEqual([size, size]);
      expect(await sharp(path.join(out, file)).metadata()).toMatchObject({ format: 'png', width: size, height: size, hasAlpha: true });
    }
  });

  it('gives Windows an .ico whose every entry is a PNG of the size its directory entry says, up to 256', () => {
    const entries = icoEntries(readFileSync(path.join(out, 'icon.ico')));
    expect(entries.map((entry) => entry.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { size, png } of entries) expect(pngSize(png)).toEqual([size, size]);
  });

  it('gives macOS an .icns whose PNG entries match their types, 16 to 1024 px', () => {
    const expected: Record<string, number> = { icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 };
    const entries = icnsEntries(readFileSync(path.join(out, 'icon.icns')));
    expect(entries.map((entry) => entry.type).sort()).toEqual(Object.keys(expected).sort());
    for (const { type, png } of entries) expect(pngSize(png), type).toEqual([expected[type], expected[type]]);
  });

  it('is accepted by electron-builder, which reads the same files when it packages', async () => {
    const convert = (source: string, format: 'set' | 'ico' | 'icns') =>
      convertIcon({ sources: [source], fallbackSources: [], roots: [out, root], format, outDir: path.join(out, `.converted-${format}`) });
    expect((await convert(out, 'set')).icons.map((icon) => icon.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512]);
    expect(await convert(path.join(out, 'icon.ico'), 'ico')).toMatchObject({ isFallback: false, icons: [{ size: 256 }] });
    expect(await convert(path.join(out, 'icon.icns'), 'icns')).toMatchObject({ isFallback: false });
  });

  it('writes empty containers that still parse, so the writers are checked on their own', () => {
    expect(icoEntries(icoFile([]))).toEqual([]);
    expect(icnsEntries(icnsFile([]))).toEqual([]);
  });
});
