export { minifiableExtensions, minifyText, type MinifyTextOptions, type MinifyTextResult } from './minify-text';
export {
  isSkippedByWhiteNoise,
  precompress,
  whiteNoiseSkipExtensions,
  whitenoiseSiblings,
  type Precompressed,
  type Sibling,
  type WhiteNoiseOptions,
} from './precompress';
