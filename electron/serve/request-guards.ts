// Pure checks for every request `porter serve` answers. The server listens on 127.0.0.1 only, but a
// web page in the user's browser can still reach it: by DNS rebinding (its own host name resolving to
// 127.0.0.1, caught by the Host check) or by sending requests cross-site (caught by the Origin check
// and the token, which a page on another origin cannot read).
import { timingSafeEqual } from 'node:crypto';
import { isAllowedHost } from '../core/loopback-host';

/** A present Origin must be this server's own origin, as the browser saw it (`http://` + the Host header). */
export function isAllowedOrigin(origin: string | undefined, host: string, port: number): boolean {
  if (origin === undefined) return true;
  if (!isAllowedHost(host, port)) return false;
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

/** Constant-time comparison, so response timing doesn't leak the token one character at a time. */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
