// What the video engine hands back: plain data (it crosses IPC and the CLI as JSON), and every failure as a typed
// result with a message a designer can act on, never a thrown error.

/** ffmpeg and ffprobe as found, and where they came from (shown in Settings and in reports). */
export interface VideoTools {
  ffmpeg: string;
  ffprobe: string;
  source: 'settings' | 'porter.json' | 'environment' | 'bundled' | 'path';
}

export type VideoProblemCode =
  | 'ffmpeg-missing'
  | 'ffmpeg-broken'
  | 'unreadable'
  | 'not-video'
  | 'damaged'
  | 'encoder-missing'
  | 'cancelled'
  | 'failed';

export interface VideoProblem {
  ok: false;
  code: VideoProblemCode;
  message: string;
}

export type VideoResult<T> = ({ ok: true } & T) | VideoProblem;

export interface VideoInfo {
  seconds: number;
  /** As displayed: width and height are swapped when the file says to rotate by a quarter turn. */
  width: number | null;
  height: number | null;
  /** The rotation the file asks players to apply, in degrees as ffprobe reports it (0, 90, 180, 270). */
  rotation: number;
  /** Frames per second as ffprobe's rational (`30000/1001`), kept exact for re-timing frames by index. */
  frameRate: string | null;
  videoCodec: string | null;
  audioCodec: string | null;
  bitsPerSecond: number | null;
  bytes: number;
  container: string;
  audioOnly: boolean;
}

export type VideoCodec = 'h264' | 'vp9' | 'av1';

export interface TranscodeOptions {
  codec: VideoCodec;
  /** The encoder's constant rate factor: lower is better looking and bigger (x264 0–51, VP9 and AV1 0–63). */
  crf: number;
}

export interface TranscodeProgress {
  percent: number;
  doneSeconds: number;
  totalSeconds: number;
  bytes: number;
  fps: number | null;
  /** Seconds left at the pace so far; null until there is a pace to go by. */
  etaSeconds: number | null;
}

export interface VideoScore {
  ssim: number;
  /** Average PSNR in dB; null when every frame is identical (PSNR is then infinite). */
  psnrDb: number | null;
  frames: number;
  /** Set when only parts of the video were compared, saying which, so the score is not taken for the whole. */
  sample: { segments: Array<{ startSeconds: number; seconds: number }>; note: string } | null;
}
