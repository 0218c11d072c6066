import { operationNames } from '../../../electron/contract/channels';
import type { PorterError, Result } from '../../../electron/contract/define';
import type { PorterBridge, PorterEvent } from '../../../electron/contract/porter';

/** Must match `tokenHeader` in electron/serve/request-handler.ts. */
const tokenHeader = 'X-Porter-Token';

export interface ServeClientOptions {
  token: string;
  fetch?: typeof fetch;
  openEvents?: (url: string) => EventSource;
}

const unreachable: PorterError = {
  kind: 'failed',
  message: 'Porter is not answering.',
  hint: 'Open Porter again if it was closed, then reload this page.',
};

/** The bridge over `porter serve`: each operation is a POST to /api/op/<name>; events come over one EventSource. */
export function createServeClient({
  token,
  fetch: fetchImpl = (...args) => fetch(...args),
  openEvents = (url) => new EventSource(url),
}: ServeClientOptions): PorterBridge {
  const call = async (name: string, input: unknown): Promise<Result<unknown>> => {
    let response: Response;
    try {
      response = await fetchImpl(`/api/op/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [tokenHeader]: token },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return { ok: false, error: unreachable };
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (isResult(body)) return body;
    return { ok: false, error: { kind: 'failed', message: `Porter answered with HTTP ${response.status} and no result.` } };
  };

  const listeners = new Set<(event: PorterEvent) => void>();
  let source: EventSource | undefined;
  const onEvent = (listener: (event: PorterEvent) => void): (() => void) => {
    listeners.add(listener);
    if (!source) {
      source = openEvents(`/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message) => {
        const event = JSON.parse(String(message.data)) as PorterEvent;
        for (const each of listeners) each(event);
      };
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = undefined;
      }
    };
  };

  const operations = Object.fromEntries(operationNames.map((name) => [name, (input: unknown) => call(name, input)]));
  return { ...operations, onEvent } as PorterBridge;
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
