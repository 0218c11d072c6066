import { deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSrgbProfile } from '../../electron/core/optimize/images/icc-srgb';
import { losslessCandidate } from '../../electron/core/optimize/images/lossless';
import { readChunks, writeChunk, type Chunk } from '../../electron/core/optimize/images/png-chunks';
import { webColourChunks } from '../../electron/core/optimize/images/png-colour';
import { inspectImage } from '../../electron/core/optimize/images/source-image';
import type { LosslessEffort } from '../../electron/core/optimize/types';

// Colour chunks as encoders write them, byte for byte (PNG spec §11.3): fixed-point values × 100,000.
const u32s = (...values: number[]) => Buffer.concat(values.map((value) => Buffer.from([value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255])));
const gAMA = (gamma: number): Chunk => ({ type: 'gAMA', data: u32s(gamma) });
const SRGB_PRIMARIES = [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000];
// Adobe RGB (1998): sRGB's red and blue, a wider green.
const ADOBE_PRIMARIES = [31270, 32900, 64000, 33000, 21000, 71000, 15000, 6000];
const cHRM = (values: number[]): Chunk => ({ type: 'cHRM', data: u32s(...values) });
const sRGB: Chunk = { type: 'sRGB', data: Buffer.from([0]) };
const sBIT: Chunk = { type: 'sBIT', data: Buffer.from([5, 6, 5]) };
const cICP: Chunk = { type: 'cICP', data: Buffer.from([9, 16, 0, 1]) };
const iCCP = (profile: Buffer, name = 'ICC Profile'): Chunk => ({
  type: 'iCCP',
  data: Buffer.concat([Buffer.from(name, 'latin1'), Buffer.from([0, 0]), deflateSync(profile)]),
});

// sRGB's colorants adapted to D50, and Display P3's, as s15Fixed16 XYZ.
const SRGB_XYZ = [
  [0.43607, 0.22249, 0.01392],
  [0.38515, 0.71687, 0.09708],
  [0.14307, 0.06061, 0.7141],
];
const P3_XYZ = [
  [0.51512, 0.2412, 0],
  [0.29198, 0.69225, 0.04182],
  [0.1571, 0.06656, 0.78308],
];
const srgbCurve = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);

/**
 * A version 2 matrix/TRC display profile as the HP/Microsoft sRGB profile is built: XYZ colorants and a `curv` tone
 * curve shared by the three channels (a table of `entries` samples of `curve`, or one entry: a pure gamma).
 */
function matrixProfile(colorants: number[][], curve: ((v: number) => number) | { gamma: number }, entries = 1024, extraTags: string[] = []): Buffer {
  const xyz = (values: number[]) => Buffer.concat([Buffer.from('XYZ \0\0\0\0', 'latin1'), ...values.map((v) => u32s(Math.round(v * 65536) >>> 0))]);
  const curv =
    'gamma' in curve
      ? Buffer.concat([Buffer.from('curv\0\0\0\0', 'latin1'), u32s(1), Buffer.from([Math.floor(curve.gamma), Math.round((curve.gamma % 1) * 256)])])
      : Buffer.concat([
          Buffer.from('curv\0\0\0\0', 'latin1'),
          u32s(entries),
          Buffer.concat(
            Array.from({ length: entries }, (_, i) => {
              const sample = Buffer.alloc(2);
              sample.writeUInt16BE(Math.round(curve(i / (entries - 1)) * 65535));
              return sample;
            }),
          ),
        ]);
  const tags: Array<[string, Buffer]> = [
    ['rXYZ', xyz(colorants[0]!)],
    ['gXYZ', xyz(colorants[1]!)],
    ['bXYZ', xyz(colorants[2]!)],
    ['rTRC', curv],
    ['gTRC', curv],
    ['bTRC', curv],
    ...extraTags.map((tag): [string, Buffer] => [tag, Buffer.from('mft2\0\0\0\0', 'latin1')]),
  ];
  const table = 4 + tags.length * 12;
  let offset = 128 + table;
  const entriesOut: Buffer[] = [];
  const bodies: Buffer[] = [];
  for (const [signature, body] of tags) {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    entriesOut.push(Buffer.concat([Buffer.from(signature, 'latin1'), u32s(offset, body.length)]));
    bodies.push(padded);
    offset += padded.length;
  }
  const header = Buffer.alloc(128);
  header.writeUInt32BE(offset, 0);
  header.writeUInt32BE(0x02100000, 8);
  header.write('mntrRGB XYZ ', 12, 'latin1');
  header.write('acsp', 36, 'latin1');
  return Buffer.concat([header, u32s(tags.length), ...entriesOut, ...bodies]);
}

const HP_STYLE_SRGB = matrixProfile(SRGB_XYZ, srgbCurve);

// Profiles libvips ships (lcms-built version 4: `para` curves), read back from a PNG sharp tags with them.
const profiles: { srgb?: Buffer; p3?: Buffer } = {};
const pixelsOf = (width: number, height: number) => sharp({ create: { width, height, channels: 4, background: { r: 200, g: 90, b: 30, alpha: 0.7 } } }).composite([
  { input: { create: { width: Math.ceil(width / 2), height, channels: 3, background: '#2266cc' } }, left: 0, top: 0 },
]);
let base: Buffer;

beforeAll(async () => {
  for (const name of ['srgb', 'p3'] as const) {
    const tagged = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } }).withIccProfile(name).png().toBuffer();
    profiles[name] = (await sharp(tagged).metadata()).icc!;
  }
  base = await pixelsOf(24, 16).png().toBuffer();
});

/** `base` with `extra` chunks right after IHDR, where encoders put them. */
function tagged(extra: Chunk[]): Buffer {
  const [ihdr, ...rest] = readChunks(base);
  return Buffer.concat([base.subarray(0, 8), ...[ihdr!, ...extra, ...rest].map(writeChunk)]);
}

const keptTypes = (chunks: Chunk[]) => webColourChunks([{ type: 'IHDR', data: Buffer.alloc(13) }, ...chunks]).map((chunk) => chunk.type);

describe('the sRGB profile check', () => {
  it('knows sRGB by colorants and curves: lcms para curves, a 1024-entry table; not Display P3, gamma 2.2 or LUT profiles', () => {
    expect(isSrgbProfile(profiles.srgb!)).toBe(true);
    expect(isSrgbProfile(HP_STYLE_SRGB)).toBe(true);
    expect(isSrgbProfile(matrixProfile(SRGB_XYZ, srgbCurve, 26))).toBe(true);
    expect(isSrgbProfile(profiles.p3!)).toBe(false);
    expect(isSrgbProfile(matrixProfile(P3_XYZ, srgbCurve))).toBe(false);
    expect(isSrgbProfile(matrixProfile(SRGB_XYZ, { gamma: 2.2 }))).toBe(false);
    expect(isSrgbProfile(matrixProfile(SRGB_XYZ, (v) => v ** 2.2))).toBe(false);
    expect(isSrgbProfile(matrixProfile(SRGB_XYZ, srgbCurve, 1024, ['A2B0']))).toBe(false);
    expect(isSrgbProfile(HP_STYLE_SRGB.subarray(0, 200))).toBe(false);
  });
});

describe('colour-chunk policy', () => {
  it('drops sBIT, which changes no displayed value', () => {
    expect(keptTypes([sBIT])).toEqual([]);
  });

  it('drops sRGB, and gAMA and cHRM beside it (the triple libpng writes)', () => {
    expect(keptTypes([gAMA(45455), cHRM(SRGB_PRIMARIES), sRGB])).toEqual([]);
  });

  it('drops an sRGB iCCP, whatever its name, and keeps a Display P3 one; gAMA and cHRM beside either go', () => {
    expect(keptTypes([gAMA(45455), cHRM(SRGB_PRIMARIES), iCCP(profiles.srgb!)])).toEqual([]);
    expect(keptTypes([iCCP(HP_STYLE_SRGB, 'sRGB IEC61966-2.1')])).toEqual([]);
    expect(keptTypes([gAMA(100000), cHRM(ADOBE_PRIMARIES), iCCP(profiles.p3!, 'sRGB')])).toEqual(['iCCP']);
  });

  it('keeps an iCCP it cannot read: another compression method, or a profile that does not inflate', () => {
    expect(keptTypes([{ type: 'iCCP', data: Buffer.concat([Buffer.from('icc\0\x01', 'latin1'), deflateSync(HP_STYLE_SRGB)]) }])).toEqual(['iCCP']);
    expect(keptTypes([{ type: 'iCCP', data: Buffer.from('icc\0\0not zlib', 'latin1') }])).toEqual(['iCCP']);
  });

  it('drops gAMA 1/2.2 alone or with sRGB primaries; keeps another gamma, or other primaries, both together', () => {
    expect(keptTypes([gAMA(45455)])).toEqual([]);
    expect(keptTypes([gAMA(45454), cHRM(SRGB_PRIMARIES)])).toEqual([]);
    expect(keptTypes([gAMA(100000)])).toEqual(['gAMA']);
    expect(keptTypes([gAMA(55555), cHRM(SRGB_PRIMARIES)])).toEqual(['gAMA', 'cHRM']);
    expect(keptTypes([gAMA(45455), cHRM(ADOBE_PRIMARIES)])).toEqual(['gAMA', 'cHRM']);
    expect(keptTypes([cHRM(ADOBE_PRIMARIES)])).toEqual(['cHRM']);
  });

  it('keeps cICP, which overrides every other colour chunk', () => {
    expect(keptTypes([cICP, sRGB])).toEqual(['cICP']);
  });
});

describe('every lossless effort writes what the policy keeps, every pixel exact', () => {
  const raw = (png: Buffer) => sharp(png, { ignoreIcc: true }).ensureAlpha().raw().toBuffer();
  const cases: Array<[string, () => Chunk[], string[]]> = [
    ['sRGB, gAMA, cHRM, sBIT', () => [sRGB, gAMA(45455), cHRM(SRGB_PRIMARIES), sBIT], []],
    ['an sRGB profile', () => [iCCP(profiles.srgb!)], []],
    ['a Display P3 profile and a gAMA', () => [gAMA(45455), iCCP(profiles.p3!)], ['iCCP']],
    ['a linear gamma', () => [gAMA(100000)], ['gAMA']],
  ];
  const efforts: LosslessEffort[] = ['fast', 'balanced', 'max'];
  it.each(efforts.flatMap((effort) => cases.map(([label, chunks, kept]) => [effort, label, chunks, kept] as const)))(
    '%s effort, %s',
    async (effort, _label, chunks, kept) => {
      const original = tagged(chunks());
      const source = await inspectImage(original, 'tagged.png', 'png', 100_000_000);
      const outcome = await losslessCandidate(source, 'png', false, undefined, effort);
      if ('unavailable' in outcome) throw new Error(outcome.unavailable);
      const written = readChunks(outcome.bytes).filter((chunk) => ['cICP', 'iCCP', 'sRGB', 'gAMA', 'cHRM', 'sBIT'].includes(chunk.type));
      expect(written.map((chunk) => chunk.type)).toEqual(kept);
      for (const chunk of written) {
        const from = chunks().find((c) => c.type === chunk.type)!;
        if (chunk.type === 'iCCP') expect(inflateSync(chunk.data.subarray(chunk.data.indexOf(0) + 2)).equals(inflateSync(from.data.subarray(from.data.indexOf(0) + 2)))).toBe(true);
        else expect(chunk.data.equals(from.data)).toBe(true);
      }
      expect((await raw(outcome.bytes)).equals(await raw(original))).toBe(true);
    },
    120_000,
  );
});
