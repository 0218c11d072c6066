// Draws the demo project's images from procedural pixels (no downloads, nothing copyrighted), deliberately
// stored the way images often arrive from designers: PNG without compression effort, JPEG at quality 95.
// Run once with `node demo/make-demo-assets.mjs`; the results are committed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const demo = path.dirname(fileURLToPath(import.meta.url));

function pixels(width, height, paint) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) data.set(paint(x / width, y / height, x, y), (y * width + x) * 3);
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

const grain = (x, y) => ((x * 7919 + y * 104_729) % 9) - 4;
const clamp = (value) => Math.max(0, Math.min(255, Math.round(value)));

// A sunset over hills: smooth gradients with grain, like a photo.
await pixels(960, 540, (u, v, x, y) => {
  const hill = v > 0.62 + 0.08 * Math.sin(u * 9);
  const g = grain(x, y);
  return hill ? [clamp(40 + 30 * u + g), clamp(90 + 40 * v + g), clamp(50 + g)] : [clamp(250 - 80 * v + g), clamp(150 + 60 * (1 - v) * u + g), clamp(90 + 120 * v + g)];
})
  .jpeg({ quality: 95 })
  .toFile(path.join(demo, 'shop/static/shop/img/hero.jpg'));

// A wide banner with stripes, as a PNG saved without effort.
await pixels(800, 200, (u, v, x, y) => [clamp(47 + 40 * Math.sin(x / 18) + grain(x, y)), clamp(91 + 60 * v), clamp(211 - 50 * u)])
  .png({ compressionLevel: 0 })
  .toFile(path.join(demo, 'shop/static/shop/img/banner.png'));

// A flat icon: few colours, which palette PNG handles losslessly.
await pixels(96, 96, (u, v) => {
  const inCart = u > 0.2 && u < 0.8 && v > 0.3 && v < 0.7;
  const wheel = (Math.hypot(u - 0.35, v - 0.82) < 0.07 || Math.hypot(u - 0.65, v - 0.82) < 0.07);
  return inCart || wheel ? [47, 91, 211] : [255, 255, 255];
})
  .png({ compressionLevel: 0 })
  .toFile(path.join(demo, 'shop/static/shop/img/cart.png'));

// An illustration with soft circles.
await pixels(480, 360, (u, v, x, y) => {
  const ring = Math.abs(Math.hypot(u - 0.5, v - 0.5) * 6 % 1 - 0.5) < 0.1;
  return ring ? [clamp(220 + grain(x, y)), clamp(120 + 80 * u), 80] : [clamp(245 - 20 * v), clamp(240 - 10 * u), clamp(230 + grain(x, y))];
})
  .png({ compressionLevel: 0 })
  .toFile(path.join(demo, 'blog/static/blog/img/illustration.png'));

// Both apps ship a favicon; Django collects the first one its finders meet (the shop's), and Porter shows the
// blog's as a duplicate.
for (const [app, colour] of [['shop', [47, 91, 211]], ['blog', [211, 91, 47]]]) {
  await pixels(32, 32, () => colour).png().toFile(path.join(demo, `${app}/static/img/favicon.png`));
}
console.log('Demo images written.');
