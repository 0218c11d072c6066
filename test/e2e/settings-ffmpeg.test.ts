// Choosing FFmpeg in Settings with the keyboard alone, then a video recipe in collect showing its <video> markup.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { expectAccessible } from './accessibility';
import { screenshotsAtBothSizes, tabTo } from './keyboard-nav';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

test('a wrong FFmpeg path is refused with what to do; the right one is used for a video recipe', async ({ page, workspace, porterServe }, testInfo) => {
  test.setTimeout(300_000);
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['assets'], recipes: [{ match: 'media/*.mp4', mode: 'lossy', video: { codec: 'vp9', crf: 45 } }] }),
    'site/assets/css/site.css': 'body {\n  color: #333333;\n}\n',
    'tools/not-ffmpeg/ffmpeg': '#!/bin/sh\necho "hello"\n',
  });
  chmodSync(workspace.path('tools/not-ffmpeg/ffmpeg'), 0o755);
  mkdirSync(workspace.path('site/assets/media'));
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=15:duration=1', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', workspace.path('site/assets/media/hero.mp4')]);
  const ffmpeg = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
  const porter = new PorterPage(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await porter.goto(porterServe.url);

  await tabTo(page, porter.pathInput);
  await page.keyboard.type(workspace.path('site'));
  await page.keyboard.press('Enter');
  await expect(porter.projectRoot).toHaveText(workspace.path('site'));

  await tabTo(page, page.getByTestId('view-tab-project'), { backwards: true });
  for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('view-tab-settings')).toBeFocused();
  await page.keyboard.press('Enter');
  const status = page.getByTestId('settings-ffmpeg-status');
  await expect(status).toContainText('None chosen');

  const field = page.getByTestId('settings-ffmpeg-path');
  await tabTo(page, field);
  await page.keyboard.type(workspace.path('tools/not-ffmpeg/ffmpeg'));
  await page.keyboard.press('Enter');
  const error = page.getByTestId('settings-ffmpeg-error');
  await expect(error).toContainText('did not answer as ffmpeg does');
  await expect(error).toContainText('Nothing was saved');
  await expect(error).not.toContainText(/terminal|command line/i);
  expect(readConfig(workspace.path('config/video-tools.json'))).toBeNull();

  await expect(field).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(ffmpeg);
  await page.keyboard.press('Enter');
  await expect(status).toContainText(/In use: ffmpeg version \S+/);
  await expect(error).toHaveCount(0);
  expect(readConfig(workspace.path('config/video-tools.json'))).toEqual({ ffmpeg });
  await expectAccessible(page, 'settings with FFmpeg chosen');
  await screenshotsAtBothSizes(page, (name) => testInfo.outputPath(name), 'settings-ffmpeg');
  await page.setViewportSize({ width: 1440, height: 900 });

  // Back to the project and collect: the recipe's WebM and poster are made, and the page markup offered to copy.
  await tabTo(page, page.getByTestId('view-tab-settings'), { backwards: true });
  for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await tabTo(page, porter.collectButton);
  await page.keyboard.press('Enter');
  await expect(porter.summary).toBeVisible({ timeout: 60_000 });
  const snippet = page.getByTestId('video-snippet');
  await tabTo(page, snippet.locator('summary'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('video-snippet-code')).toHaveText(
    ['<video controls preload="metadata" poster="hero.poster.jpg">', '  <source src="hero.webm" type="video/webm">', '  <source src="hero.mp4" type="video/mp4">', '</video>'].join('\n'),
  );
  await tabTo(page, page.getByTestId('video-snippet-copy'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('video-snippet-copy-status')).toHaveText(/Copied\.|Selected: press Ctrl\+C/);
  await screenshotsAtBothSizes(page, (name) => testInfo.outputPath(name), 'collect-video-snippet');
});

function readConfig(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
