import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { appScheme } from './security/app-origin';
import { resolveAppAsset } from './security/app-path';
import { contentSecurityPolicy } from './security/csp';

/** The file types Vite emits for the renderer; anything else is served as opaque bytes. */
const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Must run before `app` is ready: privileges can only be granted then. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererRoot: string): void {
  protocol.handle(appScheme, async (request) => {
    const file = resolveAppAsset(rendererRoot, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
