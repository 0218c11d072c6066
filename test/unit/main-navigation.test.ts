import { describe, expect, it } from 'vitest';
import { decideNavigation } from '../../electron/main/security/navigation';

describe('decideNavigation (the window following a link or a script)', () => {
  it.each(['app://porter/index.html', 'app://porter/#/push'])('stays in the app: %s', (url) => {
    expect(decideNavigation(url)).toEqual({ allow: true, openExternally: null });
  });

  it('keeps the window on the app and opens a web link in the browser, normalised', () => {
    expect(decideNavigation('https://docs.djangoproject.com/en/5.2/ref/contrib/staticfiles/')).toEqual({
      allow: false,
      openExternally: 'https://docs.djangoproject.com/en/5.2/ref/contrib/staticfiles/',
    });
    expect(decideNavigation('HTTP://Example.COM/a b')).toEqual({ allow: false, openExternally: 'http://example.com/a%20b' });
  });

  it.each([
    'file:///etc/passwd',
    'https://user:secret@example.com/',
    'javascript:alert(1)',
    'smb://server/share',
    'app://evil/index.html',
    'data:text/html,<h1>x</h1>',
    'not a url',
  ])('refuses and opens nothing for %s', (url) => {
    expect(decideNavigation(url)).toEqual({ allow: false, openExternally: null });
  });
});
