import { ssim as reference } from '@blazediff/ssim';
import { describe, expect, it } from 'vitest';
import { lumaOf, ssim } from '../../electron/core/optimize/images/ssim';

// A smooth gradient with grain, and a damaged copy of it (blockiness and noise), as RGBA.
function pair(width: number, height: number, seed: number): [Uint8Array, Uint8Array] {
  const original = new Uint8Array(width * height * 4);
  const damaged = new Uint8Array(width * height * 4);
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c += 1) {
        const value = Math.round(((x * (c + 1) + y * (3 - c)) / (width + height)) * 200 + random() * 40);
        original[i + c] = value;
        const block = ((x >> 3) + (y >> 3)) % 2 === 0 ? 6 : -6;
        damaged[i + c] = Math.max(0, Math.min(255, value + block + Math.round((random() - 0.5) * 30)));
      }
      original[i + 3] = 255;
      damaged[i + 3] = 255;
    }
  }
  return [original, damaged];
}

describe('SSIM', () => {
  it.each([
    [512, 341],
    [341, 512],
    [512, 512], // downsampled by 2 first, as MATLAB's ssim_index does for a shorter side of 384 or more
    [200, 16],
    [900, 700], // factor 3
  ])('matches @blazediff/ssim (MATLAB-compatible) on %i×%i', (width, height) => {
    const [original, damaged] = pair(width, height, width * 7 + height);
    const expected = reference(original, damaged, undefined, width, height);
    const actual = ssim(lumaOf(original, width, height, 255), lumaOf(damaged, width, height, 255));
    expect(expected).toBeLessThan(0.99);
    expect(actual).toBeCloseTo(expected, 5);
  });

  it('is 1 for identical planes and lower the more one is damaged', () => {
    const [original, damaged] = pair(64, 48, 3);
    const plane = lumaOf(original, 64, 48, 255);
    expect(ssim(plane, lumaOf(original, 64, 48, 255))).toBe(1);
    expect(ssim(plane, lumaOf(damaged, 64, 48, 255))).toBeLessThan(1);
  });

  it('composites transparent pixels on the background it is given', () => {
    const clear = new Uint8Array([10, 20, 30, 0]);
    expect(lumaOf(clear, 1, 1, 255).data[0]).toBe(255);
    expect(lumaOf(clear, 1, 1, 0).data[0]).toBe(0);
    const opaque = new Uint8Array([255, 255, 255, 255]);
    expect(lumaOf(opaque, 1, 1, 0).data[0]).toBeCloseTo(255, 3);
  });

  it('refuses planes of different sizes or smaller than its window', () => {
    const [original] = pair(20, 20, 1);
    expect(() => ssim(lumaOf(original, 20, 20, 255), lumaOf(original.subarray(0, 10 * 20 * 4), 20, 10, 255))).toThrow(/same size/);
    expect(() => ssim(lumaOf(original.subarray(0, 10 * 10 * 4), 10, 10, 255), lumaOf(original.subarray(0, 10 * 10 * 4), 10, 10, 255))).toThrow(/11×11/);
  });
});
