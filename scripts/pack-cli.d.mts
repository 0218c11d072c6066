export const CLI_PACKAGE_NAME: string;
export function stageCliPackage(options: { to: string; env?: NodeJS.ProcessEnv }): Promise<{
  name: string;
  version: string;
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
  private?: boolean;
  [key: string]: unknown;
}>;
