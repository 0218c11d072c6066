import packageJson from '../../package.json';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPorterHost } from '../host/porter-host';
import { handleRequest, sendResult } from './request-handler';
import { defaultUploadLimits, UploadSpace, type UploadLimits } from './upload-body';

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  /** Opened before the server answers, so a wrong path fails on the command line, not in the browser. */
  projectRoot?: string;
  configDir?: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** How much imports may carry, per request and all at once; defaults to defaultUploadLimits. */
  uploadLimits?: UploadLimits;
}

export interface RunningServe {
  /** The address to open, token included (and the start project, when there is one). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `porter serve` without the command line: the contract over HTTP on 127.0.0.1, guarded by a per-run token. */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const token = randomBytes(24).toString('base64url');
  const uploads = await UploadSpace.create(options.uploadLimits ?? defaultUploadLimits);
  const host = createPorterHost({
    isReceivedFile: (file) => uploads.holds(file),
    configDir: options.configDir,
    hostInfo: { host: 'serve', canPickFolder: false, version: packageJson.version },
  });
  let projectRoot: string | undefined;
  if (options.projectRoot !== undefined) {
    const opened = await host.call('openProject', { path: options.projectRoot });
    if (!opened.ok) {
      host.dispose();
      await uploads.dispose();
      throw new Error(opened.error.hint ? `${opened.error.message} ${opened.error.hint}` : opened.error.message);
    }
    projectRoot = (opened.value as { root: string }).root;
  }

  let port = 0;
  const streams = new Set<() => void>();
  const context = { host, token, rendererDir: options.rendererDir, port: () => port, streams, uploads };
  const server = createServer((request, response) => {
    handleRequest(context, request, response).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else sendResult(response, 500, { ok: false, error: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } });
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    host.dispose();
    await uploads.dispose();
    throw error;
  }
  port = (server.address() as AddressInfo).port;

  const query = new URLSearchParams({ token });
  if (projectRoot) query.set('project', projectRoot);
  return {
    url: `http://127.0.0.1:${port}/?${query.toString()}`,
    port,
    async close() {
      host.dispose();
      for (const end of streams) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await uploads.dispose();
    },
  };
}
