// SSIM (Wang et al. 2004, MATLAB-compatible: ./ssim.ts) on luma, after downscaling both images so the longest side
// is at most 512 px. The downscale bounds the cost (~15 ms per comparison whatever the image size, which matters
// when auto mode scores six candidates) and approximates viewing a large photo at page size; SSIM then applies
// MATLAB's own viewing-distance downsampling (factor round(min side / 256)).
// Limits worth knowing: luma only, so chroma bleeding is not seen; animations are scored on their first frame; on
// a large image shown at 1:1, artefacts finer than the 512-px view can pass unseen (the compare view is for that).
import sharp from 'sharp';
import type { SourceImage } from './source-image';
import { lumaOf, ssim, type LumaPlane } from './ssim';

const SCORE_SIDE = 512;
// SSIM's 11×11 window needs at least that many pixels per side; tiny icons are enlarged (nearest neighbour) to this.
const MIN_SIDE = 16;

/** The original as the scorer sees it, prepared once and compared with every candidate. */
export interface ScoreReference {
  source: SourceImage;
  // Transparent images are scored composited on white and on black and the worse score counts, so alpha errors
  // (invisible on one background) are seen on the other.
  planes: LumaPlane[];
}

const WHITE = 255;
const BLACK = 0;

export async function scoreReference(source: SourceImage): Promise<ScoreReference> {
  return { source, planes: await scorable(source, source.bytes) };
}

/** 1 = identical; the worse score over the backgrounds used. */
export async function perceptualScore(reference: ScoreReference, candidate: Buffer): Promise<number> {
  const planes = await scorable(reference.source, candidate);
  return Math.min(...planes.map((plane, index) => ssim(reference.planes[index]!, plane)));
}

// One decode and resize per image; the compositing on each background is done here on the small RGBA, which for
// a transparent icon halves the work of asking sharp for each background.
async function scorable(source: SourceImage, bytes: Buffer): Promise<LumaPlane[]> {
  const scale = Math.min(1, SCORE_SIDE / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const enlarge = Math.max(1, Math.ceil(MIN_SIDE / Math.min(width, height)));
  const oriented = source.orientation >= 5; // EXIF 5–8 swap width and height
  const [w, h] = oriented ? [height, width] : [width, height];
  const { data, info } = await sharp(bytes, { limitInputPixels: source.maxPixels, autoOrient: true })
    .resize(w * enlarge, h * enlarge, { fit: 'fill', kernel: enlarge > 1 ? 'nearest' : 'lanczos3' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const backgrounds = source.hasAlpha ? [WHITE, BLACK] : [WHITE];
  return backgrounds.map((background) => lumaOf(data, info.width, info.height, background));
}
