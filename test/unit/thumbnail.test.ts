import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { thumbnail } from '../../electron/core/project/thumbnail';
import { makeTempDir } from '../support/temp-project';

describe('thumbnails', () => {
  it('fits images and SVGs in a small WebP, and answers null for what is no readable image', async () => {
    const dir = makeTempDir();
    writeFileSync(path.join(dir, 'photo.png'), await sharp({ create: { width: 800, height: 400, channels: 3, background: '#c33' } }).png().toBuffer());
    writeFileSync(path.join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    writeFileSync(path.join(dir, 'broken.png'), 'not an image');
    writeFileSync(path.join(dir, 'site.css'), 'body {}');
    const photo = await thumbnail(path.join(dir, 'photo.png'));
    expect(photo).toMatch(/^data:image\/webp;base64,/);
    const meta = await sharp(Buffer.from(photo!.split(',')[1]!, 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([96, 48]);
    expect(await thumbnail(path.join(dir, 'logo.svg'))).toMatch(/^data:image\/webp/);
    expect(await thumbnail(path.join(dir, 'broken.png'))).toBeNull();
    expect(await thumbnail(path.join(dir, 'site.css'))).toBeNull();
    expect(await thumbnail(path.join(dir, 'missing.png'))).toBeNull();
  });
});
