import { defineConfig } from '@playwright/test';

// The desktop app itself, driven through Playwright's _electron. Run by `npm test` only when an Electron
// binary exists (under xvfb-run when there is no display); the browser UI has its own playwright.config.ts.
export default defineConfig({
  testDir: 'test/e2e/electron',
  outputDir: 'test-results/electron',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 2 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report/electron' }]] : 'list',
});
