import type { SourceMapV3 } from './source-map';

/** What each minifier returns; `map` only when asked for one, relative to the minifier's own input. */
export interface Minified {
  code: string;
  map?: SourceMapV3;
  notes: string[];
}
