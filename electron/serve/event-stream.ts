import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PorterEvent } from '../contract/porter';

/** Comment lines keep idle connections from being dropped by proxies and let the browser notice a dead server. */
const heartbeatMs = 15_000;

/** Server-Sent Events: one `data:` line per Porter event; returns a function that ends the stream. */
export function openEventStream(
  request: IncomingMessage,
  response: ServerResponse,
  subscribe: (listener: (event: PorterEvent) => void) => () => void,
): () => void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
  // EventSource reconnects on its own; ask it to do so quickly after `porter serve` restarts.
  response.write('retry: 2000\n\n');
  const unsubscribe = subscribe((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), heartbeatMs);
  const end = (): void => {
    clearInterval(heartbeat);
    unsubscribe();
    response.end();
  };
  request.on('close', end);
  return end;
}
