import { describe, expect, it } from 'vitest';
import { formatBitrate, formatClock, videoSummary } from '../../renderer/src/features/assets/video-labels';

const info = { seconds: 125.4, width: 1080, height: 1920, rotation: 90, frameRate: '30/1', videoCodec: 'hevc', audioCodec: 'aac', bitsPerSecond: 8_400_000, bytes: 1, container: 'mov', audioOnly: false };

describe('video labels', () => {
  it('reads as a clock, with bitrates in kbit/s or Mbit/s kept on one line', () => {
    expect([formatClock(0.4), formatClock(7), formatClock(125.4), formatClock(3729)]).toEqual(['0:00', '0:07', '2:05', '1:02:09']);
    expect([formatBitrate(96_000), formatBitrate(8_400_000), formatBitrate(24_000_000)]).toEqual(['96\u00a0kbit/s', '8.4\u00a0Mbit/s', '24\u00a0Mbit/s']);
  });

  it('sums up a video, a silent video and a sound file', () => {
    expect(videoSummary({ ok: true, info, poster: null })).toBe('2:05 · 1080×1920 · HEVC + AAC · 8.4\u00a0Mbit/s');
    expect(videoSummary({ ok: true, info: { ...info, audioCodec: null, videoCodec: 'vp9' }, poster: null })).toBe('2:05 · 1080×1920 · VP9 · 8.4\u00a0Mbit/s · no sound');
    expect(videoSummary({ ok: true, info: { ...info, audioOnly: true, width: null, height: null, videoCodec: null, audioCodec: 'opus', bitsPerSecond: 96_000 }, poster: null })).toBe('Sound only · 2:05 · Opus · 96\u00a0kbit/s');
  });
});
