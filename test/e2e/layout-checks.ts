import { expect, type Page } from '@playwright/test';

/**
 * One scroll container per view: the page. Lists elements (besides the page itself) that scroll vertically because
 * their content is taller than they are, i.e. a scrollbar inside the scrolling page. Open dialogs are left out:
 * they cover the page and are their own window.
 */
export async function expectOnlyThePageScrolls(page: Page, view: string): Promise<void> {
  // A string, because this runs in the page, whose DOM types the Node-side type-check does not load.
  const nested = await page.evaluate(`(() => [...document.querySelectorAll('body *')]
    .filter((element) => !element.closest('[role="dialog"], dialog'))
    .filter((element) => /auto|scroll/.test(getComputedStyle(element).overflowY) && element.scrollHeight > element.clientHeight + 1)
    .map((element) => element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).trim().split(/\\s+/).join('.') : '')))()`);
  expect(nested, `scroll boxes inside the page in the ${view} view`).toEqual([]);
}
