import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../electron/main/security/app-origin';
import { isNavigationAllowed } from '../../electron/main/security/navigation';

describe('isNavigationAllowed', () => {
  it.each(['app://porter/index.html', 'app://porter/', 'app://porter/assets/index-abc.js?x=1#top', 'APP://PORTER/index.html'])(
    'allows the app itself: %s',
    (url) => {
      expect(isNavigationAllowed(url)).toBe(true);
    },
  );

  it.each([
    'https://example.com/',
    'http://porter/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://porter.evil.com/index.html',
    'app://porter:8080/index.html',
    'app://user:pass@porter/index.html',
    'app://user@porter/index.html',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'about:blank',
    'chrome://gpu',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('refuses anything else: %s', (url) => {
    expect(isNavigationAllowed(url)).toBe(false);
  });

  it('compares parsed origins rather than string prefixes', () => {
    expect(isAppUrl('app://porter@evil.example/')).toBe(false);
    expect(isAppUrl('app://porterx/')).toBe(false);
  });
});
