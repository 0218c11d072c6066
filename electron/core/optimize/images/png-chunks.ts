// PNG chunks (PNG spec §5): read a file's chunk list, frame a chunk with its CRC, and swap the image data.
import { crc32 } from 'node:zlib';

export interface Chunk {
  type: string;
  data: Buffer;
}

export function readChunks(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

export function writeChunk({ type, data }: Chunk): Buffer {
  const framed = Buffer.alloc(12 + data.length);
  framed.writeUInt32BE(data.length, 0);
  framed.write(type, 4, 'latin1');
  data.copy(framed, 8);
  framed.writeUInt32BE(crc32(framed.subarray(4, 8 + data.length)), 8 + data.length);
  return framed;
}

/** The image data of every IDAT chunk, joined: one zlib stream. */
export const imageData = (chunks: readonly Chunk[]) => Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));

/** A file's bytes besides its image data once that is one IDAT: the signature, every other chunk, one IDAT's framing. */
export const idatOverhead = (chunks: readonly Chunk[]) => chunks.reduce((total, chunk) => (chunk.type === 'IDAT' ? total : total + 12 + chunk.data.length), 8 + 12);

/** The same chunks in the same order, the IDAT chunks replaced by one holding `idat`. */
export function withImageData(png: Buffer, chunks: readonly Chunk[], idat: Buffer): Buffer {
  const out: Buffer[] = [png.subarray(0, 8)];
  let written = false;
  for (const chunk of chunks) {
    if (chunk.type !== 'IDAT') out.push(writeChunk(chunk));
    else if (!written) {
      out.push(writeChunk({ type: 'IDAT', data: idat }));
      written = true;
    }
  }
  return Buffer.concat(out);
}
