import { describe, expect, it } from 'vitest';
import { isAllowedHost } from '../../electron/core/loopback-host';
import { isAllowedOrigin, tokenMatches } from '../../electron/serve/request-guards';

describe('Host check (DNS rebinding)', () => {
  it('accepts this server by loopback IP or localhost, on its own port', () => {
    expect(isAllowedHost('127.0.0.1:4321', 4321)).toBe(true);
    expect(isAllowedHost('localhost:4321', 4321)).toBe(true);
    expect(isAllowedHost('LOCALHOST:4321', 4321)).toBe(true);
  });

  it('refuses a rebinding host name, another port, a missing port or no Host at all', () => {
    expect(isAllowedHost('evil.example:4321', 4321)).toBe(false);
    expect(isAllowedHost('127.0.0.1.nip.io:4321', 4321)).toBe(false);
    expect(isAllowedHost('localhost.evil.example:4321', 4321)).toBe(false);
    expect(isAllowedHost('127.0.0.1:80', 4321)).toBe(false);
    expect(isAllowedHost('127.0.0.1', 4321)).toBe(false);
    expect(isAllowedHost('[::1]:4321', 4321)).toBe(false);
    expect(isAllowedHost('', 4321)).toBe(false);
    expect(isAllowedHost(undefined, 4321)).toBe(false);
  });
});

describe('Origin check (cross-site requests)', () => {
  it('lets requests without an Origin through (top-level navigation, same-origin GET)', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:4321', 4321)).toBe(true);
  });

  it('accepts the page’s own origin', () => {
    expect(isAllowedOrigin('http://127.0.0.1:4321', '127.0.0.1:4321', 4321)).toBe(true);
    expect(isAllowedOrigin('http://localhost:4321', 'localhost:4321', 4321)).toBe(true);
  });

  it('refuses other sites, other ports, other schemes, opaque origins and a mismatched pair', () => {
    expect(isAllowedOrigin('https://evil.example', '127.0.0.1:4321', 4321)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:9999', '127.0.0.1:4321', 4321)).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:4321', '127.0.0.1:4321', 4321)).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:4321', 4321)).toBe(false);
    expect(isAllowedOrigin('http://localhost:4321', '127.0.0.1:4321', 4321)).toBe(false);
    expect(isAllowedOrigin('http://evil.example:4321', 'evil.example:4321', 4321)).toBe(false);
  });
});

describe('token', () => {
  it('matches only the exact token', () => {
    expect(tokenMatches('abc123', 'abc123')).toBe(true);
    expect(tokenMatches('abc124', 'abc123')).toBe(false);
    expect(tokenMatches('abc12', 'abc123')).toBe(false);
    expect(tokenMatches('', 'abc123')).toBe(false);
    expect(tokenMatches(null, 'abc123')).toBe(false);
    expect(tokenMatches(undefined, 'abc123')).toBe(false);
  });
});
