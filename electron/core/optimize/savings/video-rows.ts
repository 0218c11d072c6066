// A video's row in the savings report: waiting for its turn, measured (one variant per codec, priced like images:
// a video travels as it is stored), or unmeasurable for a reason every video shares (no FFmpeg).
import type { SavingsAsset, SavingsSettings, SavingsVariant } from '../../../contract/porter';
import { monthlyMoney, percentSaved } from '../../../contract/savings-pricing';
import { VARIANT_EXTENSIONS } from '../../video/transcode-video';
import type { VideoSavings } from '../../video/video-savings';
import type { SavingsFile } from './price-asset';

/** The containers a site serves video in; sound files are not given video variants. */
const VIDEO_NAME = /\.(mp4|webm|mov|m4v)$/i;

export function isSavingsVideo(publicPath: string): boolean {
  return VIDEO_NAME.test(publicPath);
}

function videoRow(file: SavingsFile, rest: Pick<SavingsAsset, 'variants' | 'error' | 'complete' | 'video'>): SavingsAsset {
  return { publicPath: file.publicPath, sourcePath: file.sourcePath, kind: 'video', originalBytes: file.bytes, originalGzipBytes: null, originalBrotliBytes: null, cached: false, ...rest };
}

/** Shown at once, before any encoding: videos are measured after every other row. */
export function pendingVideoRow(file: SavingsFile): SavingsAsset {
  return videoRow(file, { variants: [], error: null, complete: false, video: { seconds: null, sampleNote: null, unavailable: null } });
}

export function unavailableVideoRow(file: SavingsFile, message: string): SavingsAsset {
  return videoRow(file, { variants: [], error: null, complete: true, video: { seconds: null, sampleNote: null, unavailable: message } });
}

export function failedVideoRow(file: SavingsFile, message: string): SavingsAsset {
  return videoRow(file, { variants: [], error: message, complete: true, video: { seconds: null, sampleNote: null, unavailable: null } });
}

export function measuredVideoRow(file: SavingsFile, savings: VideoSavings, settings: SavingsSettings): SavingsAsset {
  const original = file.bytes;
  const variants = savings.variants.map((variant): SavingsVariant => {
    const savedBytes = original - variant.bytes;
    return {
      kind: 'video',
      bytes: variant.bytes,
      savedBytes,
      percentSaved: percentSaved(original, savedBytes),
      format: VARIANT_EXTENSIONS[variant.codec],
      quality: variant.crf,
      score: variant.ssim,
      kept: false,
      notes: [...(savings.sampleNote ? [savings.sampleNote] : []), ...savings.notes],
      gzipBytes: null,
      brotliBytes: null,
      money: monthlyMoney(savedBytes, savedBytes, settings),
      fallback: null,
      videoCodec: variant.codec,
      psnrDb: variant.psnrDb,
    };
  });
  return videoRow(file, { variants, error: null, complete: true, video: { seconds: savings.info.seconds, sampleNote: savings.sampleNote, unavailable: null } });
}
