/** Where the last opened project folders are kept; an interface so stores stay free of the DOM. */
export interface RecentProjects {
  list(): string[];
  add(path: string): void;
}

const key = 'porter.recentProjects';
const kept = 8;

/** The part of localStorage used here. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function createRecentProjects(storage: KeyValueStorage): RecentProjects {
  const list = (): string[] => {
    try {
      const value: unknown = JSON.parse(storage.getItem(key) ?? '[]');
      return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    list,
    add(path) {
      storage.setItem(key, JSON.stringify([path, ...list().filter((item) => item !== path)].slice(0, kept)));
    },
  };
}
