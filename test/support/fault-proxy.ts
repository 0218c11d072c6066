// A loopback HTTP proxy in front of a test server that misbehaves on purpose: it drops connections, answers
// 500 or 503 SlowDown, or answers slowly, for the requests a test's rule picks. Everything else passes through.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** `truncate` forwards the request, then cuts the answer off halfway through its body; `status` with code '' answers with no body. */
export type Fault = { kind: 'pass' } | { kind: 'drop' } | { kind: 'status'; status: number; code: string } | { kind: 'slow'; delayMs: number } | { kind: 'truncate' };

export interface FaultRequest {
  method: string;
  url: string;
  /** 1 for the first request the proxy sees. */
  sequence: number;
  headers: http.IncomingHttpHeaders;
}

export interface FaultProxy {
  endpoint: string;
  /** What each request got, in order. */
  log: { request: FaultRequest; fault: Fault['kind'] }[];
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string, decide: (request: FaultRequest) => Fault): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const log: FaultProxy['log'] = [];
  let sequence = 0;
  const server = http.createServer((incoming, outgoing) => {
    const request: FaultRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', sequence: (sequence += 1), headers: incoming.headers };
    const fault = decide(request);
    log.push({ request, fault: fault.kind });
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      if (fault.kind === 'drop') {
        incoming.socket.destroy();
        return;
      }
      if (fault.kind === 'status') {
        const body = fault.code ? `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>Injected by the test proxy</Message></Error>` : '';
        outgoing.writeHead(fault.status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
        outgoing.end(body);
        return;
      }
      const forward = () => {
        const upstream = http.request(
          { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
          (response) => {
            if (fault.kind !== 'truncate') {
              outgoing.writeHead(response.statusCode ?? 502, response.headers);
              response.pipe(outgoing);
              return;
            }
            const parts: Buffer[] = [];
            response.on('data', (chunk: Buffer) => parts.push(chunk));
            response.on('end', () => {
              const whole = Buffer.concat(parts);
              outgoing.writeHead(response.statusCode ?? 502, { ...response.headers, 'content-length': String(whole.length) });
              outgoing.write(whole.subarray(0, Math.floor(whole.length / 2)));
              outgoing.socket?.destroy();
            });
          },
        );
        upstream.on('error', () => outgoing.destroy());
        upstream.end(Buffer.concat(chunks));
      };
      if (fault.kind === 'slow') setTimeout(forward, fault.delayMs);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
