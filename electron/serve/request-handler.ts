import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '../contract/define';
import type { PorterHost } from '../host/porter-host';
import { openEventStream } from './event-stream';
import { BodyError, readJsonBody } from './json-body';
import { isAllowedHost } from '../core/loopback-host';
import { isAllowedOrigin, tokenMatches } from './request-guards';
import { securityHeaders } from './security-headers';
import { resolveStaticPath, sendStaticFile } from './static-files';
import { readUploadBody, type UploadSpace } from './upload-body';

/** The renderer's serve client sends the token in this header (EventSource can't, so /api/events takes `?token=`). */
export const tokenHeader = 'x-porter-token';

const operationRoute = /^\/api\/op\/([A-Za-z]+)$/;

export interface RequestContext {
  host: Pick<PorterHost, 'call' | 'onEvent'>;
  token: string;
  rendererDir: string;
  /** The port the server listens on, known once it is listening. */
  port(): number;
  /** Each open event stream registers a function that ends it, so closing the server doesn't wait for browsers. */
  streams: Set<() => void>;
  /** What the server's imports in progress may hold on disk, shared by all requests. */
  uploads: UploadSpace;
}

/**
 * Every request passes the Host and Origin checks first. Then: POST /api/op/<name> (token header, JSON body,
 * Result JSON back), GET /api/events (token query, Server-Sent Events), else a file of the built renderer.
 */
export async function handleRequest(context: RequestContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
  const hostHeader = request.headers.host;
  if (!hostHeader || !isAllowedHost(hostHeader, context.port())) {
    return sendResult(response, 403, refused('Porter only answers requests addressed to 127.0.0.1 or localhost.'));
  }
  if (!isAllowedOrigin(request.headers.origin, hostHeader, context.port())) {
    return sendResult(response, 403, refused('Porter does not answer requests from other web sites.'));
  }
  const url = new URL(request.url ?? '/', `http://${hostHeader}`);

  if (url.pathname === '/api/events') {
    if (request.method !== 'GET') return sendMethodNotAllowed(response, 'GET');
    if (!tokenMatches(url.searchParams.get('token'), context.token)) return sendResult(response, 403, missingToken);
    const end = openEventStream(request, response, (listener) => context.host.onEvent(listener));
    context.streams.add(end);
    request.on('close', () => context.streams.delete(end));
    return;
  }

  const operation = operationRoute.exec(url.pathname)?.[1];
  if (operation) {
    if (request.method !== 'POST') return sendMethodNotAllowed(response, 'POST');
    const given = request.headers[tokenHeader];
    if (!tokenMatches(Array.isArray(given) ? undefined : given, context.token)) return sendResult(response, 403, missingToken);
    // An import carries file contents: they go to temporary files while the body arrives, removed after the call.
    let body: { input: unknown; cleanup(): Promise<void> };
    try {
      body = operation === 'importFiles' ? await readUploadBody(request, context.uploads) : { input: await readJsonBody(request), cleanup: async () => undefined };
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      return sendResult(response, error.status, { ok: false, error: { kind: 'invalid-input', message: error.message, ...(error.hint ? { hint: error.hint } : {}) } });
    }
    try {
      return sendResult(response, 200, await context.host.call(operation, body.input));
    } finally {
      await body.cleanup();
    }
  }

  if (url.pathname.startsWith('/api/')) {
    return sendResult(response, 404, { ok: false, error: { kind: 'not-found', message: `Porter has no API at ${url.pathname}.` } });
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendMethodNotAllowed(response, 'GET, HEAD');
  await sendStaticFile(response, resolveStaticPath(context.rendererDir, url.pathname), request.method === 'HEAD');
}

export function sendResult(response: ServerResponse, status: number, result: Result<unknown>): void {
  const body = JSON.stringify(result);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function refused(message: string): Result<never> {
  return { ok: false, error: { kind: 'forbidden', message } };
}

const missingToken: Result<never> = {
  ok: false,
  error: {
    kind: 'forbidden',
    message: 'This page is missing Porter’s access token.',
    hint: 'Open Porter again, or use the address it showed when it started (after “Porter is running at”); that link carries the token.',
  },
};

function sendMethodNotAllowed(response: ServerResponse, allow: string): void {
  response.setHeader('Allow', allow);
  sendResult(response, 405, { ok: false, error: { kind: 'invalid-input', message: `Use ${allow} here.` } });
}
