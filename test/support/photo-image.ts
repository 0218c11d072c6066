import sharp from 'sharp';

/** A photo-like image: smooth gradients plus grain, so lossless and lossy encodes both have something to find. */
export async function photoImage(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      const grain = ((x * 7919 + y * 104_729) % 13) - 6;
      pixels[offset] = Math.min(255, Math.max(0, Math.round((x / width) * 200) + grain));
      pixels[offset + 1] = Math.min(255, Math.max(0, Math.round((y / height) * 180) + grain));
      pixels[offset + 2] = 120 + (grain > 0 ? grain : 0);
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  return format === 'png' ? image.png({ compressionLevel: 0 }).toBuffer() : image.jpeg({ quality: 98 }).toBuffer();
}
