// Video: ffmpeg and ffprobe run as separate programs (never linked into Porter) to inspect, transcode, take a
// poster frame, measure a variant against its original, and the savings report's variants of a video.
export { findVideoTools, FFMPEG_MISSING_MESSAGE, type FindVideoToolsOptions, type FindVideoToolsResult } from './find-video-tools';
export { videoCapabilities, VIDEO_ENCODERS, type VideoCapabilities } from './capabilities';
export { inspectVideo } from './inspect-video';
export { transcodeVideo, transcodeArguments, VARIANT_EXTENSIONS, VIDEO_ENGINE_VERSION, type TranscodeRequest, type TranscodeResult } from './transcode-video';
export { posterFrame, type PosterRequest } from './poster-frame';
export { measureVideo, sampleSegments, SAMPLE_ABOVE_SECONDS, SAMPLE_SEGMENT_SECONDS, type MeasureRequest } from './measure-video';
export type * from './video-types';
export { videoDetails, isVideoOrSound, type VideoRowDetails } from './video-details';
export { videoSavings, savingsCodecs, SAVINGS_VIDEO_CRF, type VideoSavings, type VideoSavingsVariant, type VideoSavingsProgress } from './video-savings';
