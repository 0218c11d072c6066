// The Host check every loopback server of Porter makes (`porter serve` and `porter preview`). They listen on
// 127.0.0.1 only, but a web page can still reach them by DNS rebinding: its own host name resolving to
// 127.0.0.1. The browser then sends that foreign name as Host, which is what this refuses.

const loopbackNames = ['127.0.0.1', 'localhost'];

/** The Host header must name this server exactly: 127.0.0.1:PORT or localhost:PORT. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const normalized = host.toLowerCase();
  return loopbackNames.some((name) => normalized === `${name}:${port}`);
}
