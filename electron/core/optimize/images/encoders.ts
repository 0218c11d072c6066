// One place for every sharp encoder setting, so "lossy q80" means the same bytes in a preview, in auto's
// search and in a push.
import type { Sharp } from 'sharp';
import { decode, type SourceImage } from './source-image';
import type { RasterFormat } from './sniff-format';

export interface QualityRange {
  default: number;
  min: number;
  max: number;
}

// Defaults are the encoders' own (sharp: JPEG/WebP 80, AVIF 50); PNG and GIF have no native quality, so 80 keeps
// the scale familiar. The search range follows jpeg-recompress (40–95); AVIF's scale sits lower (q50 ≈ JPEG q80).
export const QUALITY: Record<RasterFormat, QualityRange> = {
  jpeg: { default: 80, min: 40, max: 95 },
  webp: { default: 80, min: 40, max: 95 },
  avif: { default: 50, min: 25, max: 80 },
  png: { default: 80, min: 40, max: 95 },
  gif: { default: 80, min: 40, max: 95 },
};

/** Encodes the (auto-oriented) source as `target`; `quality` null means the format's lossless mode. */
export function encode(source: SourceImage, target: RasterFormat, quality: number | null, keepCopyright: boolean): Promise<Buffer> {
  const pipeline = decode(source);
  carryMetadata(pipeline, source, keepCopyright);
  return withEncoder(pipeline, target, quality).toBuffer();
}

// Strip everything except what changes how the image looks (the ICC profile; orientation is already applied to the
// pixels by decode) and, on request, the credit. Keeping the profile rather than converting to sRGB leaves the
// pixel values untouched, which lossless needs.
function carryMetadata(pipeline: Sharp, source: SourceImage, keepCopyright: boolean): void {
  if (source.hasIcc) pipeline.keepIccProfile();
  const rights = keepCopyright ? source.rights : null;
  if (rights) {
    pipeline.withExif({
      IFD0: { ...(rights.copyright ? { Copyright: rights.copyright } : {}), ...(rights.artist ? { Artist: rights.artist } : {}) },
    });
  }
}

function withEncoder(pipeline: Sharp, target: RasterFormat, quality: number | null): Sharp {
  const lossless = quality === null;
  switch (target) {
    case 'png':
      // `effort` would switch sharp to palette mode (libimagequant), which is lossy; zlib's best is level 9 with
      // adaptive filtering.
      return lossless
        ? pipeline.png({ compressionLevel: 9, adaptiveFiltering: true, palette: false })
        : pipeline.png({ compressionLevel: 9, palette: true, quality });
    case 'jpeg':
      if (lossless) throw new Error('sharp cannot re-encode a JPEG losslessly; use the coefficient transcode');
      return pipeline.jpeg({ quality, mozjpeg: true });
    case 'webp':
      // `exact` keeps the colour under fully transparent pixels, without which lossless WebP is not pixel-identical.
      return lossless ? pipeline.webp({ lossless: true, exact: true, effort: 6 }) : pipeline.webp({ quality, effort: 6 });
    case 'avif':
      // Lossy: effort 3 and 4:2:0 roughly halve AVIF's (very slow) encode for a slightly smaller file; lossless keeps
      // sharp's 4:4:4 identity-matrix path, which is pixel-exact for 8-bit input.
      return lossless
        ? pipeline.avif({ lossless: true, effort: 4 })
        : pipeline.avif({ quality, effort: 3, chromaSubsampling: '4:2:0' });
    case 'gif':
      // GIF "quality" maps to palette size and how much frame-to-frame error may be reused.
      return lossless
        ? pipeline.gif({ reuse: true, effort: 10 })
        : pipeline.gif({
            reuse: false,
            effort: 10,
            colours: Math.max(2, Math.round((256 * quality) / 100)),
            interFrameMaxError: Math.round((100 - quality) / 4),
          });
  }
}
