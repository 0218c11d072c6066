// Every view at the two window sizes Porter is designed for, light and dark, written to test-results/screenshots/
// (ignored) for a person to look at, each held to axe-core's WCAG checks, contrast included, in that state, and
// with the page as the view's only scroller.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { expectOnlyThePageScrolls } from './layout-checks';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

const screenshotDir = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const sizes = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];
const schemes = ['light', 'dark'] as const;

/** The views of an open project, each with what shows it is ready to look at. */
const views = [
  { name: 'project', ready: (page: Page) => expect(page.getByTestId('asset-row').first()).toBeVisible() },
  { name: 'savings', ready: (page: Page) => expect(page.getByTestId('savings-totals')).toBeVisible() },
  {
    name: 'push',
    ready: async (page: Page) => {
      await expect(page.getByTestId('push-environment')).toBeVisible();
      await expect(page.getByText('Comparing with the environment…')).toBeHidden();
    },
  },
  { name: 'settings', ready: (page: Page) => expect(page.getByTestId('settings-cache-dir')).not.toBeEmpty() },
];

for (const scheme of schemes) {
  test(`every view at 1440×900 and 1024×700 in ${scheme} mode looks right and passes axe`, async ({ page, porterServe }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    const shot = (name: string, size: { width: number; height: number }) =>
      page.screenshot({ path: path.join(screenshotDir, `${name}-${size.width}x${size.height}-${scheme}.png`), fullPage: true });
    const porter = new PorterPage(page);
    await porter.goto(porterServe.url);
    // A string, because this runs in the page, whose DOM types the Node-side type-check does not load.
    expect(await page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")).toBe(scheme === 'dark');

    for (const size of sizes) {
      await page.setViewportSize(size);
      await expectAccessible(page, `home (${scheme}, ${size.width}×${size.height})`);
      await shot('home', size);
    }

    await page.getByTestId('open-demo').click();
    await expect(porter.projectRoot).toHaveText(/demo-project$/);
    // Collected, so the Push view shows a plan, and measured, so the Savings view shows its numbers.
    await porter.collectButton.click();
    await expect(porter.summary).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('view-tab-savings').click();
    await page.getByTestId('savings-run').click();
    await expect(page.getByTestId('savings-totals')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });

    for (const size of sizes) {
      await page.setViewportSize(size);
      for (const view of views) {
        await page.getByTestId(`view-tab-${view.name}`).click();
        await view.ready(page);
        await expectAccessible(page, `${view.name} (${scheme}, ${size.width}×${size.height})`);
        await expectOnlyThePageScrolls(page, `${view.name} (${scheme}, ${size.width}×${size.height})`);
        await shot(view.name, size);
      }

      await page.getByTestId('view-tab-savings').click();
      await page.getByTestId('savings-compare').first().click();
      const compare = page.getByTestId('image-compare');
      await expect(compare.getByTestId('compare-variant')).toBeVisible({ timeout: 60_000 });
      await expectAccessible(page, `compare dialog (${scheme}, ${size.width}×${size.height})`);
      // The dialog covers the window: a window-sized shot is what the user sees.
      await page.screenshot({ path: path.join(screenshotDir, `compare-${size.width}x${size.height}-${scheme}.png`) });
      await compare.getByTestId('compare-close').click();
      await expect(compare).toBeHidden();
    }
  });
}
