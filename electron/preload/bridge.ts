import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { eventChannel, ipcChannel, operationNames } from '../contract/channels';
import type { PorterBridge, PorterEvent } from '../contract/porter';

type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/** `window.porter`: one function per contract operation and an event subscription; no raw IPC reaches the page. */
export function createBridge(ipc: BridgeIpc): PorterBridge {
  const operations = Object.fromEntries(
    // Exactly one argument is forwarded, whatever the page passes.
    operationNames.map((name) => [name, (input: unknown) => ipc.invoke(ipcChannel(name), input)]),
  );
  const onEvent = (listener: (event: PorterEvent) => void): (() => void) => {
    // The IpcRendererEvent carries `sender` (ipcRenderer itself): only the payload goes to the page.
    const forward = (_event: IpcRendererEvent, event: PorterEvent): void => listener(event);
    ipc.on(eventChannel, forward);
    return () => {
      ipc.removeListener(eventChannel, forward);
    };
  };
  return { ...operations, onEvent } as PorterBridge;
}
