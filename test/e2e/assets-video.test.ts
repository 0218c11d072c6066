// Video and sound files in the asset list: length, size, codecs and bitrate read by FFmpeg, with a poster frame as
// the thumbnail; a file that is not really a video says so in its row.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

test('video rows show duration, resolution, codecs, bitrate and a poster; sound only and broken files say so', async ({ page, workspace, porterServe }) => {
  const folder = workspace.path('site/assets/video');
  mkdirSync(folder, { recursive: true });
  workspace.write({ 'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }) });
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path.join(folder, 'hero.mp4'));
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', path.join(folder, 'jingle.m4a'));
  writeFileSync(path.join(folder, 'renamed.mp4'), '<html>not a video</html>\n');

  const porter = new PorterPage(page);
  for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
    await page.setViewportSize(size);
    await porter.goto(porterServe.url);
    await porter.openProject(workspace.path('site'));
    const hero = porter.assetRow('video/hero.mp4', 'collected');
    // FFmpeg reads the files one by one on a loaded machine: give the first row time.
    await expect(hero.getByTestId('asset-video')).toHaveText(/^0:02 · 320×180 · H\.264 \+ AAC · \d+\skbit\/s$/, { timeout: 45_000 });
    await expect(hero.getByTestId('asset-thumb')).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
    const jingle = porter.assetRow('video/jingle.m4a', 'collected');
    await expect(jingle.getByTestId('asset-video')).toHaveText(/^Sound only · 0:01 · AAC · \d+\skbit\/s$/);
    await expect(jingle.getByTestId('asset-thumb')).toHaveCount(0);
    await expect(porter.assetRow('video/renamed.mp4', 'collected').getByTestId('asset-video-problem')).toHaveText(
      'renamed.mp4 is not a video Porter can read, whatever its name says. Check that it is the file you meant; Porter leaves it as it is.',
    );
    await page.screenshot({ path: path.resolve(import.meta.dirname, `../../test-results/screenshots/assets-video-${size.width}x${size.height}.png`), fullPage: true });
  }
});
