import { describe, expect, it } from 'vitest';
import { decideWindowOpen } from '../../electron/main/security/window-open';

describe('decideWindowOpen', () => {
  it('denies the window and sends a web link to the browser', () => {
    expect(decideWindowOpen('https://example.com/a b')).toEqual({
      action: 'deny',
      openExternally: 'https://example.com/a%20b',
    });
  });

  it.each(['file:///etc/passwd', 'app://porter/index.html', 'https://user:pw@example.com/', 'about:blank', ''])(
    'denies and opens nothing for %s',
    (url) => {
      expect(decideWindowOpen(url)).toEqual({ action: 'deny', openExternally: null });
    },
  );
});
