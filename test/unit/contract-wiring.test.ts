import type { IpcRenderer } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { eventChannel, ipcChannel, operationNames, porterContract, type PorterEvent } from '../../electron/contract/porter';
import { ipcRoutes } from '../../electron/main/ipc';
import { createBridge } from '../../electron/preload/bridge';

const contractOperations = Object.keys(porterContract).sort();

function fakeIpc() {
  return {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ channel, input })),
    on: vi.fn(),
    removeListener: vi.fn(),
  };
}

describe('contract wiring', () => {
  it('lists every contract operation exactly once', () => {
    expect([...operationNames].sort()).toEqual(contractOperations);
  });

  it('gives every operation an IPC handler in main, on its own channel', () => {
    expect(ipcRoutes.map((route) => route.name).sort()).toEqual(contractOperations);
    for (const route of ipcRoutes) expect(route.channel).toBe(ipcChannel(route.name));
    expect(new Set(ipcRoutes.map((route) => route.channel)).size).toBe(ipcRoutes.length);
  });

  it('gives the preload bridge one function per operation plus onEvent, and nothing else', () => {
    const bridge = createBridge(fakeIpc() as unknown as IpcRenderer);
    expect(Object.keys(bridge).sort()).toEqual([...contractOperations, 'onEvent'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('sends each bridge call to the channel main handles, with exactly one argument', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc as unknown as IpcRenderer);
    const call = bridge.openProject as (...args: unknown[]) => Promise<unknown>;
    await call({ path: '/p' }, 'extra');
    expect(ipc.invoke).toHaveBeenCalledWith(ipcChannel('openProject'), { path: '/p' });
    expect(ipc.invoke.mock.calls[0]).toHaveLength(2);
  });

  it('hands event listeners the payload only and unsubscribes them', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc as unknown as IpcRenderer);
    const listener = vi.fn();
    const unsubscribe = bridge.onEvent(listener);
    const [channel, forward] = ipc.on.mock.calls[0] as [string, (event: unknown, payload: PorterEvent) => void];
    expect(channel).toBe(eventChannel);
    const payload: PorterEvent = { type: 'job', job: { jobId: 'j1', state: 'cancelled' } };
    forward({ sender: 'ipcRenderer' }, payload);
    expect(listener).toHaveBeenCalledWith(payload);
    expect(listener.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    expect(ipc.removeListener).toHaveBeenCalledWith(eventChannel, forward);
  });
});
