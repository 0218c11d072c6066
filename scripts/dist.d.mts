export function electronBuilderArgs(options: { platform: NodeJS.Platform; arch: string; config: Record<string, unknown>; publish: string; dir?: boolean }): string[];
export function signingPlan(platform: NodeJS.Platform, env: Record<string, string | undefined>): { lines: string[]; args: string[] };
export function electronZipName(version: string, platform: string, arch: string): string;
export function ffmpegBundle(platform: NodeJS.Platform, arch: string, rootDir: string): { folder: string; bundled: boolean; line: string };
