// The app's recent projects (for the File menu), newest first, without duplicates, at most ten.
export const MAX_RECENT = 10;

export function withRecent(list: readonly string[], opened: string): string[] {
  return [opened, ...list.filter((item) => item !== opened)].slice(0, MAX_RECENT);
}

export function parseRecent(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.length > 0).slice(0, MAX_RECENT) : [];
}
