// What a person checks by looking: the tab has Porter's icon, and each setting's label sits beside its own value.
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

test('the page links a favicon that porter serve serves as an image', async ({ page, porterServe }) => {
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBeTruthy();
  const response = await page.request.get(new URL(href!, page.url()).href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^image\//);
  expect((await response.text()).trimStart()).toMatch(/^<svg[\s>]/);
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  test(`each setting's label sits on the row of its own value at ${size.width}×${size.height}`, async ({ page, workspace, porterServe }) => {
    workspace.write({ 'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }), 'site/assets/app.css': 'body {}\n' });
    await page.setViewportSize(size);
    const porter = new PorterPage(page);
    await porter.goto(porterServe.url);
    await porter.openProject(workspace.path('site'));
    await page.getByTestId('view-tab-settings').click();
    await expect(page.getByTestId('settings-cache-dir')).not.toBeEmpty();

    const view = page.getByTestId('settings-view');
    const labels = view.locator('dt');
    const values = view.locator('dd');
    const names = ['Cache', 'Remembered answers', 'Porter’s data', 'FFmpeg', 'Keys', 'Appearance'];
    await expect(labels).toHaveText(names);
    await expect(values).toHaveCount(names.length);
    const boxes = [];
    for (let index = 0; index < names.length; index += 1) boxes.push({ label: (await labels.nth(index).boundingBox())!, value: (await values.nth(index).boundingBox())! });
    for (const [index, { label, value }] of boxes.entries()) {
      const name = await labels.nth(index).textContent();
      // Beside: the same row (tops within a few pixels, as baselines differ by font), the label to the left.
      expect(Math.abs(label.y - value.y), `${name}: label and value tops`).toBeLessThanOrEqual(6);
      expect(label.x + label.width, `${name}: label ends before its value starts`).toBeLessThanOrEqual(value.x);
      // One column of labels and one of values, each row below the one before.
      expect(label.x).toBeCloseTo(boxes[0]!.label.x, 0);
      expect(value.x).toBeCloseTo(boxes[0]!.value.x, 0);
      if (index > 0) expect(label.y, `${name} starts below the row above`).toBeGreaterThanOrEqual(boxes[index - 1]!.value.y + boxes[index - 1]!.value.height);
    }
  });
}
