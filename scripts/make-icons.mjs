// Every OS's icons from the one source image, build/icon.svg, with sharp: PNGs for Linux (build/icons/NxN.png),
// a multi-size .ico for Windows and an .icns for macOS. Both containers hold PNG entries, which Windows Vista+
// and macOS 10.7+ read, so no other tool is needed. Run by scripts/dist.mjs; the results are not committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'build/icon.svg');
const defaultOut = path.join(root, 'build/icons');

const render = (size) => sharp(source, { density: Math.ceil((72 * size) / 1024) * 2 }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();

/** ICO: a 6-byte header, one 16-byte entry per image, then the PNGs. Width/height 0 means 256. */
export function icoFile(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map(({ png }) => png)]);
}

/** ICNS: 'icns' and the total length, then per image a 4-character type, its length and the PNG. */
export function icnsFile(images) {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([header, ...chunks]);
}

/** The ICNS types that hold PNG data, by pixel size (ic11–ic14 are the @2x variants of 16–512). */
const icnsTypes = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** Writes every icon into `out` (build/icons, where electron-builder.yml looks) and returns that folder. */
export async function makeIcons(out = defaultOut) {
  mkdirSync(out, { recursive: true });
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
  const pngs = new Map(await Promise.all(sizes.map(async (size) => [size, await render(size)])));
  for (const size of sizes.filter((each) => each <= 512)) writeFileSync(path.join(out, `${size}x${size}.png`), pngs.get(size));
  writeFileSync(path.join(out, 'icon.png'), pngs.get(512));
  writeFileSync(path.join(out, 'icon.ico'), icoFile([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: pngs.get(size) }))));
  writeFileSync(path.join(out, 'icon.icns'), icnsFile(icnsTypes.map(([type, size]) => ({ type, png: pngs.get(size) }))));
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`Icons written to ${path.relative(root, await makeIcons())}/`);
}
