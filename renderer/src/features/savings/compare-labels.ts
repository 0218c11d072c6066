// How the compare names what it shows: "WebP q62", "PNG lossless", and the encode under way.
import type { ImagePreview } from '../../../../electron/contract/porter';
import type { CompareTreatment } from './compare-store';

const formatNames: Record<string, string> = { png: 'PNG', jpg: 'JPEG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', avif: 'AVIF' };

export const formatName = (format: string): string => formatNames[format.toLowerCase()] ?? format.toUpperCase();

const fallbackNote = { 'target-missed': 'lossy looks different', 'lossless-smaller': 'smaller than lossy' } as const;

/** The variant side's label: its format and quality, or that the original was kept, and why lossless stands in for lossy. */
export function variantLabel(variant: ImagePreview['variant']): string {
  if (variant.kept) return `${formatName(variant.format)}, original kept`;
  if (variant.fallback) return `${formatName(variant.format)} lossless, ${fallbackNote[variant.fallback]}`;
  return `${formatName(variant.format)} ${variant.quality === null ? 'lossless' : `q${variant.quality}`}`;
}

/** What is being encoded, before any answer: "lossless AVIF", "WebP q40", "auto quality". */
export function treatmentLabel({ mode, quality, format }: CompareTreatment): string {
  const as = format === 'keep' ? '' : ` ${formatName(format)}`;
  if (mode === 'lossless') return `lossless${as}`;
  if (mode === 'auto') return `auto quality${as}`;
  return `${as.trim() || 'lossy'} q${quality}`;
}
