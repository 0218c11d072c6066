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
}

export function objectHeaders(key: string, hashed: boolean, rules: HeaderRules = {}): ObjectHeaders {
  const override = rules.rules?.findLast((rule) => picomatch.isMatch(key, rule.glob, { dot: true }));
  const type = mime.lookup(key);
  const charset = type && mime.charset(type);
  return {
    contentType: type ? (charset ? `${type}; charset=${charset.toLowerCase()}` : type) : 'application/octet-stream',
    cacheControl: override?.cacheControl ?? (hashed ? IMMUTABLE : (rules.unhashed ?? DEFAULT_UNHASHED)),
  };
}
