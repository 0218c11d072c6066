import { request } from 'node:http';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

/** node:http, because fetch won't send a forged Host header. */
function status(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

test('the API answers only with the token, from this origin, addressed to loopback', async ({ porterServe }) => {
  const { port, token } = porterServe;
  const op = (headers: Record<string, string>) =>
    status(port, { method: 'POST', path: '/api/op/getHostInfo', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });

  expect(await op({ 'X-Porter-Token': token })).toBe(200);
  expect(await op({})).toBe(403);
  expect(await op({ 'X-Porter-Token': 'guess' })).toBe(403);
  expect(await op({ 'X-Porter-Token': token, Host: `rebound.example:${port}` })).toBe(403);
  expect(await op({ 'X-Porter-Token': token, Origin: 'https://evil.example' })).toBe(403);
  expect(await status(port, { path: '/api/events' })).toBe(403);
  expect(await status(port, { path: '/', headers: { Host: `rebound.example:${port}` } })).toBe(403);
});

test('a page opened without the token explains how to get in, and can call nothing', async ({ page, porterServe }) => {
  const refused: number[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/')) refused.push(response.status());
  });
  await page.goto(`${porterServe.origin}/`);
  await expect(page.getByTestId('missing-token')).toContainText('Porter is running at');
  await expect(page.getByTestId('missing-token')).not.toContainText('terminal');
  expect(refused).toEqual([]);

  const status = await page.evaluate(async () => (await fetch('/api/op/getHostInfo', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status);
  expect(status).toBe(403);
});

test('the page keeps working after the token leaves the address bar', async ({ page, porterServe }) => {
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await expect(page).not.toHaveURL(/token=/);
  await page.reload();
  await expect(porter.ready).toBeVisible();
  await expect(page.getByTestId('host-info')).toContainText('In your browser');
});

test('stops cleanly on SIGTERM', async ({ porterServe }) => {
  expect(await porterServe.stop()).toBe(0);
});
