// Moving through Porter as a keyboard user does, for the tests that use only key presses.
import type { Locator, Page } from '@playwright/test';

const isFocused = (target: Locator) => target.evaluate((element) => element === element.ownerDocument.activeElement);

/** Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails when it is never reached. */
export async function tabTo(page: Page, target: Locator, { backwards = false, limit = 80 } = {}): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if ((await target.count()) === 1 && (await isFocused(target))) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${String(target)} was not reached with ${limit} presses of ${backwards ? 'Shift+Tab' : 'Tab'}`);
}

/** The screen at the two sizes reviewed, 1440x900 and 1024x700. */
export async function screenshotsAtBothSizes(page: Page, path: (name: string) => string, name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path(`${name}-${width}x${height}.png`) });
  }
}
