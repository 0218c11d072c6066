// A video in the Savings view: its row shows an MP4 and a WebM variant with bytes, money and SSIM once the other
// files are done; Compare plays the original and a variant in sync, steps one frame with the arrow keys, and
// Escape closes it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { formatBytes, formatMoney } from '../../renderer/src/lib/format';
import { coreReport } from './core-calls';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';
import { ffmpeg } from '../support/video-clips';

test('a video row shows its variants with bytes, money and SSIM, and Compare plays both in sync and steps frames', async ({ page, workspace, porterServe }) => {
  test.setTimeout(300_000);
  workspace.write({ 'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }), 'site/assets/css/site.css': 'body {\n  margin: 0px;\n}\n' });
  mkdirSync(workspace.path('site/assets/video'), { recursive: true });
  // VP9 in WebM plays in every Chromium build (H.264 needs one with the proprietary codecs).
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=2', '-c:v', 'libvpx-vp9', '-crf', '10', '-b:v', '0', '-deadline', 'realtime', '-an', workspace.path('site/assets/video/hero.webm'));
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-savings').click();
  await page.getByTestId('savings-run').click();
  const row = page.locator('[data-testid="savings-row"][data-public-path="video/hero.webm"]');
  // Shown at once, then measured after the other files (two encodes and two comparisons on a loaded machine).
  await expect(row.getByTestId('savings-cell-video')).toHaveAttribute('data-state', 'measuring', { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-complete', 'true', { timeout: 150_000 });

  const report = await coreReport(porterServe, root);
  const asset = report.assets.find((each) => each.publicPath === 'video/hero.webm')!;
  expect(asset.kind).toBe('video');
  await expect(row).toHaveAttribute('data-kind', 'video');
  const variants = row.getByTestId('savings-video-variant');
  await expect(variants).toHaveCount(2);
  for (const [index, variant] of asset.variants.entries()) {
    const shown = variants.nth(index);
    await expect(shown).toHaveAttribute('data-codec', variant.videoCodec!);
    await expect(shown).toContainText(formatBytes(variant.bytes));
    await expect(shown).toContainText(`SSIM ${variant.score!.toFixed(3)}`);
  }
  const best = asset.variants.filter((variant) => variant.savedBytes > 0).sort((a, b) => a.bytes - b.bytes)[0];
  await expect(row.getByTestId('savings-cell-money')).toHaveText(formatMoney(best?.money.total ?? 0));
  await expect(page.getByTestId('savings-video-notice')).toHaveCount(0);
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../../test-results/screenshots/savings-video-1440x900.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../../test-results/screenshots/savings-video-1024x700.png'), fullPage: true });

  // Keyboard only: focus the WebM variant's Compare and press Enter.
  await row.locator('[data-codec="vp9"]').getByTestId('savings-video-compare').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('video-compare');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('video-compare-score')).toHaveText(/^SSIM 0\.\d{3} · PSNR \d+\.\d dB$/, { timeout: 60_000 });
  const time = dialog.getByTestId('video-time');
  await expect(time).toHaveAttribute('data-frame', '0');
  await dialog.getByTestId('video-frame-forward').focus();
  await page.keyboard.press('ArrowRight');
  await expect(time).toHaveAttribute('data-frame', '1');
  await page.keyboard.press('ArrowRight');
  await expect(time).toHaveAttribute('data-frame', '2');
  await page.keyboard.press('ArrowLeft');
  await expect(time).toHaveAttribute('data-frame', '1');
  const positions = async () => dialog.locator('video').evaluateAll((videos) => videos.map((video) => (video as unknown as { currentTime: number }).currentTime));
  await expect.poll(positions).toEqual([1 / 30, 1 / 30].map((seconds) => expect.closeTo(seconds, 2)));

  await dialog.getByTestId('video-play').focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('video-play')).toHaveText('Pause');
  await expect.poll(async () => (await positions())[0]!, { timeout: 10_000 }).toBeGreaterThan(0.3);
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('video-play')).toHaveText('Play');
  const [lead, follower] = await positions();
  expect(Math.abs(lead! - follower!)).toBeLessThan(1 / 30 + 0.001);
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../../test-results/screenshots/video-compare-1024x700.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../../test-results/screenshots/video-compare-1440x900.png') });

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});
