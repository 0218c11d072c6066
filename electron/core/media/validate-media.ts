// What a user upload really is, read from its bytes (file-type) rather than its name, and whether the
// environment accepts it. SVG is text, which file-type does not detect, so it is recognised here, and refused
// by default: an SVG can carry scripts that run on the media domain.
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

export const DEFAULT_ALLOWED_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'video/mp4',
  'video/webm',
  'audio/mpeg',
  'audio/ogg',
];
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export interface MediaRules {
  allowedTypes?: string[];
  maxBytes?: number;
}

export type Verdict = { ok: true; mime: string } | { ok: false; reason: string };

/** Extensions that name the same type (jpg/jpeg) count as agreeing. */
const sameExtension: Record<string, string[]> = { jpg: ['jpg', 'jpeg', 'jpe'], mp4: ['mp4', 'm4v'], mp3: ['mp3'], ogg: ['ogg', 'oga', 'ogv'], tif: ['tif', 'tiff'] };

export function looksLikeSvg(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head);
}

export async function validateMedia(name: string, bytes: Buffer, rules: MediaRules = {}): Promise<Verdict> {
  const maxBytes = rules.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) return { ok: false, reason: `${bytes.length} bytes is over this environment's limit of ${maxBytes} bytes (media.maxBytes).` };
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty.' };
  const detected = await fileTypeFromBuffer(bytes);
  // file-type calls an SVG with an XML declaration plain XML.
  const type = (!detected || detected.ext === 'xml') && looksLikeSvg(bytes) ? { ext: 'svg', mime: 'image/svg+xml' } : detected;
  if (!type) return { ok: false, reason: 'its content is no known media type (not an image, video, audio file or PDF).' };
  const extension = path.extname(name).slice(1).toLowerCase();
  const agreeing = sameExtension[type.ext] ?? [type.ext];
  if (!agreeing.includes(extension)) {
    const renamed = `${path.basename(name, path.extname(name))}.${type.ext}`;
    return { ok: false, reason: `it is really ${type.mime}, not .${extension || '(no extension)'}: rename it to ${renamed} and push again.` };
  }
  const allowed = rules.allowedTypes ?? DEFAULT_ALLOWED_TYPES;
  if (!allowed.includes(type.mime)) {
    const why = type.mime === 'image/svg+xml' ? ' (SVG can carry scripts; add it to media.allowedTypes only if you trust every uploader)' : '';
    return { ok: false, reason: `${type.mime} is not among this environment's allowed types${why}. Allowed: ${allowed.join(', ')}.` };
  }
  return { ok: true, mime: type.mime };
}
