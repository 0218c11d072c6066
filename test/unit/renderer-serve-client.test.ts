import { describe, expect, it, vi } from 'vitest';
import type { PorterEvent } from '../../electron/contract/porter';
import { operationNames } from '../../electron/contract/channels';
import { createServeClient } from '../../renderer/src/client/serve-client';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Just enough of EventSource for the client: it only sets onmessage and calls close. */
function fakeEventSource() {
  const source = { onmessage: null as ((message: { data: string }) => void) | null, close: vi.fn() };
  const open = vi.fn((url: string) => {
    void url;
    return source as unknown as EventSource;
  });
  return { source, open };
}

describe('serve client', () => {
  it('has one function per contract operation plus onEvent', () => {
    const client = createServeClient({ token: 't', fetch: vi.fn(), openEvents: fakeEventSource().open });
    expect(Object.keys(client).sort()).toEqual([...operationNames, 'onEvent'].sort());
  });

  it('posts the input as JSON with the token header and returns the Result', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { ok: true, value: { host: 'serve', canPickFolder: false, version: '1' } }));
    const client = createServeClient({ token: 'secret', fetch, openEvents: fakeEventSource().open });
    expect(await client.getHostInfo({})).toEqual({ ok: true, value: { host: 'serve', canPickFolder: false, version: '1' } });
    expect(fetch).toHaveBeenCalledWith('/api/op/getHostInfo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Porter-Token': 'secret' },
      body: '{}',
    });
  });

  it('passes a refused request’s Result through and explains an unreachable server', async () => {
    const refused = { ok: false, error: { kind: 'forbidden', message: 'no token' } };
    const client = createServeClient({ token: 't', fetch: vi.fn(async () => jsonResponse(403, refused)), openEvents: fakeEventSource().open });
    expect(await client.openProject({ path: '/p' })).toEqual(refused);

    const offline = createServeClient({
      token: 't',
      fetch: vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
      openEvents: fakeEventSource().open,
    });
    const result = await offline.openProject({ path: '/p' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'failed', message: 'Porter is not answering.', hint: expect.stringContaining('Open Porter again') } });
    // A designer is never sent to a terminal.
    expect(JSON.stringify(result)).not.toMatch(/terminal|porter serve/i);

    const garbage = createServeClient({ token: 't', fetch: vi.fn(async () => new Response('<html>', { status: 502 })), openEvents: fakeEventSource().open });
    expect(await garbage.getJob({ jobId: 'j' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('502') } });
  });

  it('opens one event stream with the token, shares it, and closes it after the last listener', () => {
    const events = fakeEventSource();
    const client = createServeClient({ token: 'a b', fetch: vi.fn(), openEvents: events.open });
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = client.onEvent(first);
    const stopSecond = client.onEvent(second);
    expect(events.open).toHaveBeenCalledOnce();
    expect(events.open).toHaveBeenCalledWith('/api/events?token=a%20b');

    const event: PorterEvent = { type: 'job', job: { jobId: 'j', state: 'cancelled' } };
    events.source.onmessage?.({ data: JSON.stringify(event) });
    expect(first).toHaveBeenCalledWith(event);
    expect(second).toHaveBeenCalledWith(event);

    stopFirst();
    expect(events.source.close).not.toHaveBeenCalled();
    stopSecond();
    expect(events.source.close).toHaveBeenCalledOnce();
  });
});
