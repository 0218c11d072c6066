// The desktop shell around the UI: the native menu, the app's recent projects and the remembered window, all kept
// in the app's user-data folder.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appReady, expect, test } from './fixtures';

type PageGlobals = { porter: { openDemoProject(input: object): Promise<{ ok: boolean; value?: { root: string } }> } };

test.beforeEach(async ({ window }) => {
  await expect(window.locator(appReady)).toBeVisible();
});

test('the File menu opens projects with Ctrl/Cmd+O, lists recent ones and closes the window', async ({ electronApp }) => {
  const file = await electronApp.evaluate(({ Menu }) =>
    Menu.getApplicationMenu()
      ?.items.find((item) => item.label.replace('&', '') === 'File')
      ?.submenu?.items.map((item) => ({ label: item.label, accelerator: item.accelerator ?? null, role: item.role ?? null })),
  );
  expect(file).toEqual(
    expect.arrayContaining([
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', role: null },
      expect.objectContaining({ label: 'Open Recent' }),
      expect.objectContaining({ role: expect.stringMatching(/^close$/i) }),
    ]),
  );
});

test('a project the UI opens joins Open Recent and is kept in the user-data folder', async ({ electronApp, window, userData }) => {
  const opened = await window.evaluate(() => (globalThis as unknown as PageGlobals).porter.openDemoProject({}));
  expect(opened.ok).toBe(true);
  const root = opened.value!.root;

  await expect
    .poll(() =>
      electronApp.evaluate(({ Menu }) =>
        Menu.getApplicationMenu()
          ?.items.find((item) => item.label.replace('&', '') === 'File')
          ?.submenu?.items.find((item) => item.label === 'Open Recent')
          ?.submenu?.items.map((item) => item.label),
      ),
    )
    .toEqual([root]);
  expect(JSON.parse(readFileSync(path.join(userData, 'recent-projects.json'), 'utf8'))).toEqual([root]);
});

test('the window size is saved to the user-data folder when the window closes', async ({ electronApp, userData }) => {
  await electronApp.evaluate(({ BrowserWindow }) => {
    const window = BrowserWindow.getAllWindows()[0]!;
    window.setBounds({ x: 40, y: 30, width: 900, height: 640 });
    // What closing does first; the window itself stays open for the fixture to close.
    window.emit('close', { preventDefault() {} });
  });
  const saved = JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8')) as unknown;
  expect(saved).toMatchObject({ bounds: { width: 900, height: 640 }, maximized: false });
});
