// Uploading text pre-compressed, for buckets served without an edge that compresses (S3 website hosting, R2 without
// compression rules): the object holds brotli or gzip bytes and says so in Content-Encoding, so every reader gets
// them, whatever it sent in Accept-Encoding. Which files: what a compressing CDN would compress (CloudFront's floor of
// 1,000 bytes) of the types WhiteNoise compresses (its skip list), never staticfiles.json, which Django's storage
// reads back raw from the bucket and would not decode.
import { brotliLikePython, gzipLikePython, isSkippedByWhiteNoise } from '../optimize/text/precompress';
import { MANIFEST } from './local-files';

export type UploadEncoding = 'br' | 'gzip';

/** Below this a compressing CDN sends the file as it is too: the header costs what compression saves. */
export const MIN_ENCODED_BYTES = 1000;

export function uploadEncodingFor(key: string, size: number, setting: UploadEncoding | undefined): UploadEncoding | null {
  if (!setting || key === MANIFEST || size < MIN_ENCODED_BYTES || isSkippedByWhiteNoise(key)) return null;
  return setting;
}

/** The bytes stored for `body` under `encoding`: brotli 11 or gzip 9, the settings of WhiteNoise's siblings. */
export function encodeForUpload(body: Buffer, encoding: UploadEncoding | null | undefined): Buffer {
  if (encoding === 'br') return brotliLikePython(body);
  if (encoding === 'gzip') return gzipLikePython(body);
  return body;
}
