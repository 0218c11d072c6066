import { readFileSync } from 'node:fs';
import { appReady, expect, test } from './fixtures';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The renderer's globals these tests touch; the test files compile without the DOM library. */
type PageGlobals = {
  location: { href: string };
  open(url: string, target?: string): object | null;
  porter?: Record<string, unknown>;
};

type MainGlobals = { porterOpenedExternally?: string[]; porterNavigations?: { url: string; refused: boolean }[] };

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

test('refuses to navigate the window to an external URL', async ({ electronApp, window }) => {
  await expect(window.locator(appReady)).toBeVisible();
  // Listeners run in order, so this one sees the decision the app's own guard already made.
  await electronApp.evaluate(({ BrowserWindow }) => {
    const recorded: { url: string; refused: boolean }[] = [];
    (globalThis as MainGlobals).porterNavigations = recorded;
    const contents = BrowserWindow.getAllWindows()[0]?.webContents;
    contents?.on('will-navigate', (event) => recorded.push({ url: event.url, refused: event.defaultPrevented }));
  });

  await window.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
  });

  await expect
    .poll(() => electronApp.evaluate(() => (globalThis as MainGlobals).porterNavigations))
    .toEqual([{ url: 'https://example.com/', refused: true }]);
  expect(window.url()).toMatch(/^app:\/\/porter\//);
  await expect(window.locator(appReady)).toBeVisible();
});

test('denies window.open, sending only web links to the browser', async ({ electronApp, window }) => {
  await expect(window.locator(appReady)).toBeVisible();
  await electronApp.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as MainGlobals).porterOpenedExternally = opened;
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });

  const results = await window.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    return [page.open('https://example.com/docs', '_blank'), page.open('file:///etc/passwd', '_blank')].map(
      (opened) => opened === null,
    );
  });
  expect(results).toEqual([true, true]);

  await expect
    .poll(() => electronApp.evaluate(() => (globalThis as MainGlobals).porterOpenedExternally))
    .toEqual(['https://example.com/docs']);
  expect(electronApp.windows()).toHaveLength(1);
});
