// Lossless JPEG = a coefficient transcode (what `jpegtran -optimize -progressive -copy none` does): optimised
// Huffman tables and progressive scans, same DCT coefficients, so the decoded pixels are bit-identical. sharp always
// decodes and re-encodes (lossy even at q100); @napi-rs/image's compressJpeg at its default quality 100 goes through
// mozjpeg's jpeg_read/write_coefficients instead.
import { compressJpeg } from '@napi-rs/image';
import { exifApp1Segment, type ExifFields } from './exif';
import { iccSegments, insertSegments } from './jpeg-segments';
import type { SourceImage } from './source-image';

export async function transcodeJpegLossless(source: SourceImage, keepCopyright: boolean): Promise<Buffer> {
  const optimised = await compressJpeg(source.bytes);
  // compressJpeg drops every APP segment. Pixels cannot be rotated without re-encoding, so a rotated photo keeps
  // its Orientation tag (in an EXIF block holding nothing else) and displays as before.
  const fields: ExifFields = {
    ...(source.orientation !== 1 ? { orientation: source.orientation } : {}),
    ...(keepCopyright && source.rights ? source.rights : {}),
  };
  const kept = Object.keys(fields).length > 0 ? [exifApp1Segment(fields)] : [];
  return insertSegments(optimised, [...kept, ...iccSegments(source.bytes)]);
}
