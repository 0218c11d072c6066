// The Project view's list of static files: sortable like the Savings table (by mouse and keyboard), thumbnails big
// enough to recognise, and long lists scrolling with the page rather than in a box of their own.
import sharp from 'sharp';
import { expectOnlyThePageScrolls } from './layout-checks';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

test('the asset list sorts by clicking a column header and by keyboard, with aria-sort saying how', async ({ page, workspace, porterServe }) => {
  const png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#cc3366' } }).png().toBuffer();
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: [{ dir: 'first' }, { dir: 'second' }] }),
    'site/first/b-medium.css': 'b'.repeat(5_000),
    'site/first/c-small.js': 'c'.repeat(100),
    'site/second/a-large.txt': 'a'.repeat(50_000),
    'site/second/photo.png': png,
  });
  await page.setViewportSize({ width: 1024, height: 700 });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  const rows = page.getByTestId('asset-row');
  const order = () => rows.evaluateAll((each) => each.map((row) => row.getAttribute('data-public-path')));
  const header = (name: string) => page.getByRole('columnheader', { name });

  // Listed as Django searches: by source, which is the sorted column.
  await expect.poll(order).toEqual(['b-medium.css', 'c-small.js', 'a-large.txt', 'photo.png']);
  await expect(header('Source')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header('Size')).toHaveAttribute('aria-sort', 'none');

  await page.getByTestId('assets-sort-size').click();
  await expect(header('Size')).toHaveAttribute('aria-sort', 'descending');
  await expect(header('Source')).toHaveAttribute('aria-sort', 'none');
  await expect.poll(order).toEqual(['a-large.txt', 'b-medium.css', 'photo.png', 'c-small.js']);
  await page.getByTestId('assets-sort-size').click();
  await expect(header('Size')).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(order).toEqual(['c-small.js', 'photo.png', 'b-medium.css', 'a-large.txt']);

  // The keyboard: Tab reaches the headers, Enter and Space sort.
  await porter.assetsFilter.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('assets-sort-path')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(header('Public path')).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(order).toEqual(['a-large.txt', 'b-medium.css', 'c-small.js', 'photo.png']);
  await page.keyboard.press('Space');
  await expect(header('Public path')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(order).toEqual(['photo.png', 'c-small.js', 'b-medium.css', 'a-large.txt']);

  // A thumbnail a person can recognise: at least 32 CSS pixels each way.
  const thumb = porter.assetRow('photo.png', 'collected').getByTestId('asset-thumb');
  await expect(thumb).toHaveAttribute('src', /^data:image\/webp;base64,/);
  const box = (await thumb.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(32);
  expect(box.height).toBeGreaterThanOrEqual(32);
});

test('a long asset list scrolls with the page, with no scroll box of its own, and still renders only the rows in view', async ({ page, workspace, porterServe }) => {
  const files: Record<string, string> = { 'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }) };
  for (let index = 0; index < 600; index += 1) files[`site/assets/css/file-${String(index).padStart(3, '0')}.css`] = `.f${index} {}\n`;
  workspace.write(files);
  await page.setViewportSize({ width: 1024, height: 700 });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  await expect(porter.assetsCounts).toContainText('600 files');
  const rows = page.getByTestId('asset-row');
  await page.getByTestId('assets-sort-path').click();
  await expect(rows.first()).toHaveAttribute('data-public-path', 'css/file-000.css');
  await expectOnlyThePageScrolls(page, 'project');
  expect(await rows.count()).toBeLessThan(100);

  // The page's own scroll reaches the end of the list, and the header row stays in view on the way.
  await page.keyboard.press('End');
  await expect(porter.assetRow('css/file-599.css', 'collected')).toBeInViewport();
  await expect(page.getByRole('columnheader', { name: 'Public path' })).toBeInViewport();
  expect(await rows.count()).toBeLessThan(100);
  await page.keyboard.press('Home');
  await expect(porter.projectRoot).toBeInViewport();
  await expect(rows.first()).toHaveAttribute('data-public-path', 'css/file-000.css');
});
