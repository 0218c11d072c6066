// What the Savings table and the video compare call each video variant.
import type { VideoPreview } from '../../../../electron/contract/porter';

const labels: Record<VideoPreview['variant']['codec'], string> = { h264: 'MP4 (H.264)', vp9: 'WebM (VP9)', av1: 'WebM (AV1)' };

export function videoVariantLabel(codec: VideoPreview['variant']['codec']): string {
  return labels[codec];
}
