import { createHash } from 'node:crypto';
import fs from 'node:fs';

const CHUNK_BYTES = 8 * 1024 * 1024;

/** A file's md5, read through one buffer so a large video is never held whole (the file pool's workers do the same). */
export function md5OfFile(absolute: string): string {
  const md5 = createHash('md5');
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, fs.statSync(absolute).size)));
  const fd = fs.openSync(absolute, 'r');
  try {
    for (let length; (length = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) md5.update(chunk.subarray(0, length));
  } finally {
    fs.closeSync(fd);
  }
  return md5.digest('hex');
}
