// The headers each pushed object gets. Hashed names never change content, so browsers and CDNs may keep them for
// a year; un-hashed names (the manifest, the originals) change in place, so they are kept briefly.
import mime from 'mime-types';
import picomatch from 'picomatch';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Five minutes: a fixed un-hashed file reaches readers soon, and a CDN still absorbs bursts. */
export const DEFAULT_UNHASHED = 'public, max-age=300';

export interface HeaderRules {
  unhashed?: string;
  rules?: { glob: string; cacheControl: string }[];
}

export interface ObjectHeaders {
  contentType: string;
  cacheControl: string;
  /** `br` or `gzip` when the stored bytes are compressed; absent for the file as it is. */
  contentEncoding?: string;
}

export interface EncodingHints {
  /** The object holds the file compressed with this (an environment's pre-compressed uploads). */
  encoding?: string | null;
  /** The key is WhiteNoise's `.br`/`.gz` sibling of a file beside it. */
  sibling?: boolean;
}

/** The Content-Encoding a `.br`/`.gz` sibling's suffix names. */
export function siblingEncoding(key: string): string | null {
  return key.endsWith('.br') ? 'br' : key.endsWith('.gz') ? 'gzip' : null;
}

function typeOf(key: string): string {
  const type = mime.lookup(key);
  const charset = type && mime.charset(type);
  return type ? (charset ? `${type}; charset=${charset.toLowerCase()}` : type) : 'application/octet-stream';
}

/**
 * A compressed sibling (`app.css.gz` beside `app.css`) is described as django-storages describes it (Python's
 * mimetypes: the base file's type, the suffix's encoding), so a reader that fetches it gets the base file back.
 */
export function objectHeaders(key: string, hashed: boolean, rules: HeaderRules = {}, hints: EncodingHints = {}): ObjectHeaders {
  const override = rules.rules?.findLast((rule) => picomatch.isMatch(key, rule.glob, { dot: true }));
  const cacheControl = override?.cacheControl ?? (hashed ? IMMUTABLE : (rules.unhashed ?? DEFAULT_UNHASHED));
  const encoding = hints.sibling ? siblingEncoding(key) : null;
  if (encoding) return { contentType: typeOf(key.replace(/\.(br|gz)$/, '')), cacheControl, contentEncoding: encoding };
  return { contentType: typeOf(key), cacheControl, ...(hints.encoding ? { contentEncoding: hints.encoding } : {}) };
}

/** `.br`/`.gz` names whose base name is also collected: the siblings WhiteNoise (or Porter's collect) wrote. */
export function compressedSiblingKeys(keys: Iterable<string>): Set<string> {
  const all = new Set(keys);
  return new Set([...all].filter((key) => /\.(br|gz)$/.test(key) && all.has(key.replace(/\.(br|gz)$/, ''))));
}
