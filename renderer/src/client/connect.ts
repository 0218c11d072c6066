import type { PorterBridge } from '../../../electron/contract/porter';
import { createServeClient } from './serve-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a browser. */
    porter?: PorterBridge;
  }
}

/** The bridge for this host: the preload's in Electron, HTTP to `porter serve` in a browser (undefined without a token). */
export function connect(token: string | undefined): PorterBridge | undefined {
  if (window.porter) return window.porter;
  return token ? createServeClient({ token }) : undefined;
}
