import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannel, operationNames } from '../contract/channels';
import { fail, type Result } from '../contract/define';
import type { PorterHost } from '../host/porter-host';
import { isTrustedSender } from './security/trusted-sender';

/** One invoke channel per contract operation: the only IPC main answers. */
export const ipcRoutes = operationNames.map((name) => ({ name, channel: ipcChannel(name) }));

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, host: Pick<PorterHost, 'call'>): void {
  for (const { name, channel } of ipcRoutes) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return Promise.resolve(
          fail({ kind: 'forbidden', message: `${name} was called from a frame that is not Porter's own page.` }),
        );
      }
      return host.call(name, input);
    });
  }
}
