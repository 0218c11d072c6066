const units = ['KB', 'MB', 'GB', 'TB'];

/** Decimal units, as macOS Finder shows file sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes / 1000;
  let unit = 0;
  while (Math.round(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** US dollars a month, to the cent: a sum below a cent says so ("< $0.01") instead of showing "$0.0000". */
export function formatMoney(dollars: number): string {
  const value = Math.abs(dollars);
  if (value === 0) return '$0.00';
  if (value < 0.005) return dollars < 0 ? '> −$0.01' : '< $0.01';
  const sign = dollars < 0 ? '−' : '';
  if (value >= 100) return `${sign}$${Math.round(value).toLocaleString('en')}`;
  return `${sign}$${value.toFixed(2)}`;
}

export function formatPercent(percent: number): string {
  return `${percent.toFixed(percent !== 0 && Math.abs(percent) < 10 ? 1 : 0)}%`;
}

/** "about 2 min", "12 s": an estimate, shown as one. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `about ${minutes} min` : `about ${(minutes / 60).toFixed(1)} h`;
}
