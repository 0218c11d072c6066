import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { previewImage } from '../../electron/core/optimize/preview/image-preview';
import { OperationError } from '../../electron/host/operation-error';
import { createPreviewRequests } from '../../electron/host/preview-requests';

describe('preview requests', () => {
  it('cancels a named request at once with a cancelled error, and forgets finished ones', async () => {
    const previews = createPreviewRequests();
    let seen: AbortSignal | undefined;
    const slow = previews.run('a', (signal) => {
      seen = signal;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    });
    expect(previews.cancel('a')).toBe(true);
    expect(seen?.aborted).toBe(true);
    await expect(slow).rejects.toSatisfy((error) => error instanceof OperationError && error.porterError.kind === 'cancelled');
    expect(previews.cancel('a')).toBe(false);

    await expect(previews.run('b', async () => 42)).resolves.toBe(42);
    expect(previews.cancel('b')).toBe(false);
    await expect(previews.run(undefined, async () => 'unnamed')).resolves.toBe('unnamed');
  });

  it('passes other failures through as they are', async () => {
    const previews = createPreviewRequests();
    await expect(previews.run('c', async () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
  });

  it('answers a cancelled image preview before the encode ends, and a cancelled one never starts', async () => {
    const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#3a7' } }).png().toBuffer();
    const controller = new AbortController();
    const running = previewImage(png, 'a.png', { mode: 'lossless', format: 'avif', signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    await expect(previewImage(png, 'a.png', { mode: 'auto', signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    // Without a signal the same preview completes, and says how large the source is.
    const done = await previewImage(png, 'a.png', { mode: 'lossless' }, 300);
    expect(done).toMatchObject({ sourceWidth: 600, sourceHeight: 400, fullSize: false, original: { width: 300, height: 200 } });
  });
});
