import { defineConfig } from '@playwright/test';

// The browser UI, driven through `porter serve` with the real core. Each test starts its own server with
// its own project, config and cache folders, so tests run in parallel. The Electron suite has its own
// config (playwright.electron.config.ts).
export default defineConfig({
  testDir: 'test/e2e',
  testIgnore: ['electron/**'],
  outputDir: 'test-results/serve',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: {
      // The Debian package's Chromium: no browser download, ever.
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
