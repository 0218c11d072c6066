import { describe, expect, it } from 'vitest';
import { configOf, draftOf } from '../../renderer/src/features/push/environment-draft';

describe('the environment form', () => {
  const saved = {
    type: 's3',
    bucket: 'shop-static',
    region: 'eu-west-1',
    prefix: 'static/',
    cacheControl: { hashed: 'public, max-age=31536000, immutable' },
    media: { bucket: 'shop-media', prefix: 'media/' },
    cloudfront: { distributionId: 'E123', waitForInvalidation: true },
  };

  it('keeps the settings it does not show when an environment is edited and saved', () => {
    const draft = { ...draftOf('production', saved), bucket: 'shop-static-2' };
    expect(configOf(draft)).toEqual({ ...saved, bucket: 'shop-static-2' });
  });

  it('drops a CDN whose distribution was cleared, and keeps the other settings', () => {
    const withoutCdn: Record<string, unknown> = { ...saved };
    delete withoutCdn.cloudfront;
    expect(configOf({ ...draftOf('production', saved), distributionId: '' })).toEqual(withoutCdn);
  });

  it('does not carry a bucket’s settings over to a folder', () => {
    const draft = { ...draftOf('production', saved), type: 'folder' as const, path: 'public/static' };
    expect(configOf(draft)).toEqual({ type: 'folder', path: 'public/static' });
  });
});
