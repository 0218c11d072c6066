// The window never leaves the app: links, target=_blank, window.open and script navigations are refused, web
// links go to the browser (shell.openExternal, stubbed here), and IPC is answered only for the top frame.
import type { ElectronApplication } from '@playwright/test';
import { appReady, expect, test } from './fixtures';

/** The page's globals these tests touch; the test files compile without the DOM library. */
interface PageElement {
  id: string;
  href: string;
  target: string;
  textContent: string | null;
  setAttribute(name: string, value: string): void;
}
type PageGlobals = {
  location: { href: string };
  open(url: string, target?: string): object | null;
  document: { createElement(tag: string): PageElement; body: { append(element: PageElement): void } };
};
type MainGlobals = { porterOpenedExternally?: string[] };

/** Replaces shell.openExternal in the app with a recorder; returns a reader of what it was given. */
async function recordOpenExternal(app: ElectronApplication): Promise<() => Promise<string[]>> {
  await app.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as MainGlobals).porterOpenedExternally = opened;
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });
  return () => app.evaluate(() => (globalThis as MainGlobals).porterOpenedExternally ?? []);
}

test.beforeEach(async ({ window }) => {
  await expect(window.locator(appReady)).toBeVisible();
});

test('a clicked web link opens in the browser, with or without target=_blank; other links go nowhere', async ({ electronApp, window }) => {
  const opened = await recordOpenExternal(electronApp);
  await window.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    const links = [
      ['file-link', 'file:///etc/passwd', ''],
      ['web-link', 'https://example.com/guide', ''],
      ['blank-link', 'https://example.com/new-window', '_blank'],
    ];
    links.forEach(([id, href, target], index) => {
      const link = page.document.createElement('a');
      Object.assign(link, { id, href, target, textContent: id });
      // Above the app's own layout, so the click lands on the link whatever the page shows.
      link.setAttribute('style', `position: fixed; left: 8px; top: ${8 + index * 32}px; z-index: 2147483647`);
      page.document.body.append(link);
    });
  });

  for (const id of ['file-link', 'web-link', 'blank-link']) await window.click(`#${id}`);

  await expect.poll(opened).toEqual(['https://example.com/guide', 'https://example.com/new-window']);
  expect(window.url()).toMatch(/^app:\/\/porter\//);
  expect(electronApp.windows()).toHaveLength(1);
  await expect(window.locator(appReady)).toBeVisible();
});

test('a script moving the window to a web address is refused and sent to the browser', async ({ electronApp, window }) => {
  const opened = await recordOpenExternal(electronApp);
  await window.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
  });

  await expect.poll(opened).toEqual(['https://example.com/']);
  expect(window.url()).toMatch(/^app:\/\/porter\//);
  await expect(window.locator(appReady)).toBeVisible();
});

test('window.open opens no window, sending only web links to the browser', async ({ electronApp, window }) => {
  const opened = await recordOpenExternal(electronApp);
  const results = await window.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    return [page.open('https://example.com/docs', '_blank'), page.open('file:///etc/passwd', '_blank')].map((handle) => handle === null);
  });
  expect(results).toEqual([true, true]);

  await expect.poll(opened).toEqual(['https://example.com/docs']);
  expect(electronApp.windows()).toHaveLength(1);
});

test('an IPC call that comes from a subframe is refused; the same call from the page is answered', async ({ electronApp, window }) => {
  await window.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    const frame = page.document.createElement('iframe');
    frame.id = 'subframe';
    page.document.body.append(frame);
  });
  await expect.poll(() => electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.mainFrame.frames.length ?? 0)).toBe(1);

  // A subframe has no preload and so no IPC of its own: this hands Porter's registered handler exactly what
  // Electron would for a message sent from that frame.
  const answers = await electronApp.evaluate(async ({ BrowserWindow, ipcMain }) => {
    type Invoke = (event: object, ...args: unknown[]) => unknown;
    const handler = (ipcMain as unknown as { _invokeHandlers: Map<string, Invoke> })._invokeHandlers.get('porter:getHostInfo');
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    // Electron keeps either the handler itself or a wrapper that answers through event._reply; both are covered.
    const call = (senderFrame: unknown) =>
      new Promise((resolve, reject) => {
        Promise.resolve(handler!({ sender: contents, senderFrame, _reply: resolve, _throw: reject }, {})).then((value) => {
          if (value !== undefined) resolve(value);
        }, reject);
      });
    return { fromSubframe: await call(contents.mainFrame.frames[0]), fromPage: await call(contents.mainFrame) };
  });

  expect(answers.fromSubframe).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  expect(answers.fromPage).toMatchObject({ ok: true, value: { host: 'electron' } });
});
