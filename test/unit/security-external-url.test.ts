import { describe, expect, it } from 'vitest';
import { isExternalUrlAllowed } from '../../electron/main/security/external-url';

describe('isExternalUrlAllowed', () => {
  it.each(['https://example.com/', 'http://example.com/docs?q=1#a', 'https://docs.djangoproject.com/en/5.2/'])(
    'allows plain web links: %s',
    (url) => {
      expect(isExternalUrlAllowed(url)).toBe(true);
    },
  );

  it.each([
    'file:///etc/passwd',
    'smb://server/share',
    'ms-settings:',
    'javascript:alert(1)',
    'app://porter/index.html',
    'mailto:someone@example.com',
    'https://user:secret@example.com/',
    'https://user@example.com/',
    'http://',
    'https//missing-colon.example',
    '',
  ])('refuses other schemes, credentials and junk: %s', (url) => {
    expect(isExternalUrlAllowed(url)).toBe(false);
  });
});
