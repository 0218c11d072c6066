import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { chromiumSwitches, electronBinary } from '../../../scripts/electron-env.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
/** Marker the renderer sets once it has loaded and reached its host. */
export const appReady = '[data-app-state="ready"]';

interface PorterFixtures {
  /** The app's own user-data folder for this test (PORTER_USER_DATA). */
  userData: string;
  electronApp: ElectronApplication;
  window: Page;
}

function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

/** app.close() can hang if the app is wedged; a test must not. */
async function closeWithin(app: ElectronApplication, ms: number): Promise<void> {
  const timer = setTimeout(() => app.process().kill('SIGKILL'), ms);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

export const test = base.extend<PorterFixtures>({
  // Each test gets its own profile and config folder, so tests can run in parallel and leave nothing behind.
  // Playwright reads fixture dependencies from the destructuring pattern, so an empty one is required here.
  // eslint-disable-next-line no-empty-pattern
  userData: async ({}, use) => {
    const userData = mkdtempSync(path.join(os.tmpdir(), 'porter-e2e-'));
    try {
      await use(userData);
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  },

  electronApp: async ({ userData }, use, testInfo) => {
    const binary = electronBinary();
    test.skip(binary === null, 'no Electron binary on this machine');
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      // The folder, as npm start does: Electron then reads Porter's name and version from package.json,
      // whose "main" is the built out/main/index.cjs.
      args: [...chromiumSwitches(), '--disable-gpu', root],
      cwd: root,
      env: childEnv({ PORTER_E2E: '1', PORTER_USER_DATA: userData }),
      timeout: 30_000,
    });
    await app.context().tracing.start({ screenshots: true, snapshots: true });
    try {
      await use(app);
    } finally {
      const failed = testInfo.status !== testInfo.expectedStatus;
      await app.context().tracing.stop(failed ? { path: testInfo.outputPath('trace.zip') } : undefined);
      await closeWithin(app, 10_000);
    }
  },

  window: async ({ electronApp }, use) => {
    await use(await electronApp.firstWindow());
  },
});

export { expect } from '@playwright/test';
