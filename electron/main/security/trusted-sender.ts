import { isAppUrl } from './app-origin';

/** The part of Electron's WebFrameMain the check needs. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * IPC is answered only for the app's own top-level document: not for an iframe (which could hold other
 * content) and not after the frame has navigated away. `senderFrame` is null once the frame is gone.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}
