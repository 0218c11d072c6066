// One entry point for every asset: images go to the image optimizers, CSS/JS/HTML/JSON/SVG to the
// minifiers, anything else is reported as kept. Text assets also get their real transfer size.
import path from 'node:path';
import { isOptimizableImage, optimizeImage } from './images/index';
import { minifyText, precompress } from './text/index';
import { isMinifiableName } from './text/text-extensions';
import type { OptimizeOptions, OptimizeResult } from './types';

export { OptimizeError } from './types';
export type { LosslessEffort, OptimizeMode, OptimizeOptions, OptimizeReport, OptimizeResult, OutputFormat } from './types';

export interface AssetResult extends OptimizeResult {
  /** gzip and brotli sizes of the output, for text assets (what a browser really downloads), unless `measure` is off. */
  transfer: { gzipBytes: number; brotliBytes: number } | null;
}

export function isTextAsset(filename: string): boolean {
  return isMinifiableName(filename);
}

/** Optimises one asset's bytes; throws OptimizeError for a file that cannot be handled. */
export async function optimizeAsset(bytes: Buffer, filename: string, options: OptimizeOptions): Promise<AssetResult> {
  if (isTextAsset(filename)) {
    const result = await minifyText(bytes, filename);
    let transfer: AssetResult['transfer'] = null;
    if (options.measure !== false) {
      const { gzipBytes, brotliBytes } = precompress(result.bytes);
      transfer = { gzipBytes, brotliBytes };
    }
    return { bytes: result.bytes, report: { ...result.report, mode: options.mode }, transfer };
  }
  if (isOptimizableImage(bytes, filename)) {
    return { ...(await optimizeImage(bytes, filename, options)), transfer: null };
  }
  const extension = path.extname(filename).slice(1).toLowerCase();
  return {
    bytes,
    report: {
      originalBytes: bytes.length,
      outputBytes: bytes.length,
      format: extension,
      mode: options.mode,
      quality: null,
      score: null,
      kept: true,
      notes: [`Porter has no optimizer for ${extension ? `.${extension}` : 'this kind of'} file, so it is kept as it is.`],
    },
    transfer: null,
  };
}
