// Small previews for the asset list: images (SVG included) fitted in a square, as WebP data URLs. Kept in memory
// by path, size and modification time, so scrolling back is free and a changed file gets a new one.
import { stat } from 'node:fs/promises';
import sharp from 'sharp';

/** Thumbnails are a glance: a photo larger than this is not worth decoding for 48 pixels. */
const MAX_PIXELS = 40_000_000;
const CACHE_LIMIT = 2000;
const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg)$/i;

const cache = new Map<string, string | null>();

export function isThumbnailable(name: string): boolean {
  return IMAGE.test(name);
}

/** A data URL, or null for a file that is not an image sharp can read (a broken one included). */
export async function thumbnail(file: string, size = 48): Promise<string | null> {
  if (!isThumbnailable(file)) return null;
  let key: string;
  try {
    const info = await stat(file);
    key = `${file}|${size}|${info.size}|${info.mtimeMs}`;
  } catch {
    return null;
  }
  if (cache.has(key)) {
    const hit = cache.get(key)!;
    // Re-inserted so the map's order is least recently used first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let made: string | null;
  try {
    const bytes = await sharp(file, { limitInputPixels: MAX_PIXELS, autoOrient: true, animated: false })
      .resize(size * 2, size * 2, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
    made = `data:image/webp;base64,${bytes.toString('base64')}`;
  } catch {
    made = null;
  }
  cache.set(key, made);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return made;
}
