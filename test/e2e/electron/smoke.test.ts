import { readFileSync } from 'node:fs';
import { appReady, expect, test } from './fixtures';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The renderer's globals these tests touch; the test files compile without the DOM library. */
type PageGlobals = { porter?: Record<string, unknown> };

test('opens one window on the app origin with the bridge and the UI', async ({ electronApp, window }) => {
  await expect(window.locator(appReady)).toBeVisible();
  expect(window.url()).toMatch(/^app:\/\/porter\//);
  expect(electronApp.windows()).toHaveLength(1);

  const bridge = await window.evaluate(() => {
    const porter = (globalThis as unknown as PageGlobals).porter ?? {};
    return Object.entries(porter).map(([name, value]) => `${name}:${typeof value}`);
  });
  expect(bridge).toContain('getHostInfo:function');
  expect(bridge).toContain('onEvent:function');
  expect(await window.evaluate(() => 'require' in globalThis || 'process' in globalThis)).toBe(false);

  const hostInfo = await window.evaluate(() => {
    const porter = (globalThis as unknown as PageGlobals).porter as { getHostInfo(input: object): Promise<unknown> };
    return porter.getHostInfo({});
  });
  expect(hostInfo).toEqual({ ok: true, value: { host: 'electron', canPickFolder: true, version } });
});
