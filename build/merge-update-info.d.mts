export interface UpdateFeed {
  version: string;
  files: { url: string; sha512: string; size?: number; [key: string]: unknown }[];
  releaseDate?: string;
  [key: string]: unknown;
}
export function mergeUpdateInfo(feeds: UpdateFeed[]): UpdateFeed;
export function mergeUpdateInfoFiles(from: string, to: string): string[];
