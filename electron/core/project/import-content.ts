// Trust the bytes, not the name: a file added to the project whose content is not what its extension says (an SVG
// named .png, a JPEG named .gif) would be served with the wrong type and optimised as something it is not, so the
// import refuses it and says what it really is. The plan needs only each file's size, digest and first bytes.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { looksLikeSvg } from '../media/validate-media';

/** What file-type reads at most to recognise a file. */
export const HEAD_BYTES = 4100;

/** An incoming file as the plan sees it; the digest is null when the sender could not compute one. */
export interface IncomingContent {
  bytes: number;
  sha256: string | null;
  head: Buffer;
}

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export function incomingContent(bytes: Buffer): IncomingContent {
  return { bytes: bytes.length, sha256: sha256Of(bytes), head: bytes.subarray(0, HEAD_BYTES) };
}

interface Kind {
  label: string;
  /** The extension to rename it to. */
  extension: string;
  /** Extensions that name this kind. */
  names: readonly string[];
}

// Binary formats a web project holds, keyed by file-type's `ext`. A name with one of these extensions must hold it.
const binaryKinds: Record<string, Kind> = {
  png: { label: 'a PNG image', extension: 'png', names: ['png'] },
  // An animated PNG keeps the .png name browsers expect.
  apng: { label: 'an animated PNG image', extension: 'png', names: ['png', 'apng'] },
  jpg: { label: 'a JPEG image', extension: 'jpg', names: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  gif: { label: 'a GIF image', extension: 'gif', names: ['gif'] },
  webp: { label: 'a WebP image', extension: 'webp', names: ['webp'] },
  avif: { label: 'an AVIF image', extension: 'avif', names: ['avif'] },
  ico: { label: 'an icon (ICO)', extension: 'ico', names: ['ico'] },
  bmp: { label: 'a BMP image', extension: 'bmp', names: ['bmp'] },
  tif: { label: 'a TIFF image', extension: 'tif', names: ['tif', 'tiff'] },
  woff: { label: 'a WOFF font', extension: 'woff', names: ['woff'] },
  woff2: { label: 'a WOFF2 font', extension: 'woff2', names: ['woff2'] },
  ttf: { label: 'a TrueType font', extension: 'ttf', names: ['ttf'] },
  otf: { label: 'an OpenType font', extension: 'otf', names: ['otf'] },
  pdf: { label: 'a PDF document', extension: 'pdf', names: ['pdf'] },
};

const svg: Kind = { label: 'an SVG image', extension: 'svg', names: ['svg'] };

/** Names whose content is text: they may hold anything but a binary format. */
const textExtensions = new Set(['svg', 'css', 'js', 'mjs', 'cjs', 'map', 'json', 'html', 'htm', 'txt', 'xml', 'md', 'csv']);

const claimedLabel = (extension: string): string => [...Object.values(binaryKinds), svg].find((kind) => kind.names.includes(extension))?.label ?? `a .${extension} file`;

async function detect(head: Buffer): Promise<Kind | null> {
  const detected = await fileTypeFromBuffer(head);
  if (detected && detected.ext !== 'xml') return binaryKinds[detected.ext] ?? { label: `${detected.mime} content`, extension: detected.ext, names: [detected.ext] };
  return looksLikeSvg(head) ? svg : null;
}

/** Why a file named `name` with this content cannot be imported under that name; null when its content fits. */
export async function contentProblem(name: string, head: Buffer): Promise<string | null> {
  const extension = path.extname(name).slice(1).toLowerCase();
  const claimsBinary = Object.values(binaryKinds).some((kind) => kind.names.includes(extension));
  if (!claimsBinary && !textExtensions.has(extension)) return null;
  const actual = await detect(head);
  if (actual?.names.includes(extension)) return null;
  if (!actual) return claimsBinary ? `it is not ${claimedLabel(extension)}: its content is no format Porter recognises.` : null;
  // Text may be anything textual; only a binary format under a text name is wrong (an SVG named .xml is fine).
  if (!claimsBinary && actual === svg) return null;
  const renamed = `${path.basename(name, path.extname(name))}.${actual.extension}`;
  return `it is really ${actual.label}, not ${claimedLabel(extension)}: rename it to ${renamed} and add it again.`;
}
