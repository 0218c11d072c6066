// SSIM (Wang et al. 2004, @blazediff/ssim's MATLAB-compatible implementation) on luma, after downscaling both
// images so the longest side is at most 512 px. The downscale bounds the cost (~40 ms per comparison whatever the
// image size, which matters when auto mode scores six candidates) and approximates viewing a large photo at page
// size; the library then applies MATLAB's own viewing-distance downsampling (factor round(min side / 256)).
// Limits worth knowing: luma only, so chroma bleeding is not seen; animations are scored on their first frame; on
// a large image shown at 1:1, artefacts finer than the 512-px view can pass unseen (the compare view is for that).
import { ssim } from '@blazediff/ssim';
import sharp from 'sharp';
import type { SourceImage } from './source-image';

const SCORE_SIDE = 512;
// SSIM's 11×11 window needs at least that many pixels per side; tiny icons are enlarged (nearest neighbour) to this.
const MIN_SIDE = 16;

interface Plane {
  data: Buffer;
  width: number;
  height: number;
}

/** The original as the scorer sees it, prepared once and compared with every candidate. */
export interface ScoreReference {
  source: SourceImage;
  // Transparent images are scored composited on white and on black and the worse score counts, so alpha errors
  // (invisible on one background) are seen on the other.
  planes: Plane[];
}

const BACKGROUNDS = ['#ffffff', '#000000'] as const;

export async function scoreReference(source: SourceImage): Promise<ScoreReference> {
  const backgrounds = source.hasAlpha ? BACKGROUNDS : BACKGROUNDS.slice(0, 1);
  const planes = await Promise.all(backgrounds.map((background) => scorable(source, source.bytes, background)));
  return { source, planes };
}

/** 1 = identical; the worse score over the backgrounds used. */
export async function perceptualScore(reference: ScoreReference, candidate: Buffer): Promise<number> {
  const backgrounds = reference.source.hasAlpha ? BACKGROUNDS : BACKGROUNDS.slice(0, 1);
  const scores = await Promise.all(
    backgrounds.map(async (background, index) => {
      const original = reference.planes[index];
      if (!original) throw new Error('score reference is missing a background');
      const other = await scorable(reference.source, candidate, background);
      return ssim(original.data, other.data, undefined, original.width, original.height);
    }),
  );
  return Math.min(...scores);
}

async function scorable(source: SourceImage, bytes: Buffer, background: string): Promise<Plane> {
  const scale = Math.min(1, SCORE_SIDE / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const enlarge = Math.max(1, Math.ceil(MIN_SIDE / Math.min(width, height)));
  const oriented = source.orientation >= 5; // EXIF 5–8 swap width and height
  const [w, h] = oriented ? [height, width] : [width, height];
  const { data, info } = await sharp(bytes, { limitInputPixels: source.maxPixels, autoOrient: true })
    .resize(w * enlarge, h * enlarge, { fit: 'fill', kernel: enlarge > 1 ? 'nearest' : 'lanczos3' })
    .flatten({ background })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
