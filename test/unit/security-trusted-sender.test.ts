import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../electron/contract/define';
import { registerIpc } from '../../electron/main/ipc';
import { isTrustedSender, type SenderFrame } from '../../electron/main/security/trusted-sender';

const mainFrame: SenderFrame = { url: 'app://porter/index.html', parent: null };

describe('isTrustedSender', () => {
  it("trusts the app's own top-level document", () => {
    expect(isTrustedSender(mainFrame)).toBe(true);
  });

  it('refuses a destroyed frame, a subframe and foreign pages', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender({ url: 'app://porter/index.html', parent: mainFrame })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'app://other/index.html', parent: null })).toBe(false);
  });
});

describe('registerIpc', () => {
  type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

  function register() {
    const handlers = new Map<string, Handler>();
    const call = vi.fn(async (name: string, input: unknown) => ok({ name, input }));
    registerIpc({ handle: (channel: string, handler: Handler) => handlers.set(channel, handler) }, { call });
    const invoke = (channel: string, frame: SenderFrame | null, input: unknown) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler({ senderFrame: frame } as IpcMainInvokeEvent, input);
    };
    return { call, invoke };
  }

  it('passes calls from the app to the host', async () => {
    const { call, invoke } = register();
    await expect(invoke('porter:openProject', mainFrame, { path: '/p' })).resolves.toEqual(
      ok({ name: 'openProject', input: { path: '/p' } }),
    );
    expect(call).toHaveBeenCalledOnce();
  });

  it('answers forbidden without reaching the host when the sender is not the app', async () => {
    const { call, invoke } = register();
    const result = await invoke('porter:openProject', { url: 'https://example.com/', parent: null }, { path: '/' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const fromSubframe = await invoke('porter:getHostInfo', { url: 'app://porter/index.html', parent: mainFrame }, {});
    expect(fromSubframe).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(call).not.toHaveBeenCalled();
  });
});
