// Which damaged release records a rollback passes over, so the confirm dialog can name them before anything changes.
import type { ReleaseSummary } from '../../../../electron/contract/porter';

/** The damaged records between the live release (or the top, when none is live) and `target`, newest first. */
export function damagedBetween(releases: ReleaseSummary[], target: string): string[] {
  const live = releases.findIndex((release) => release.current);
  const at = releases.findIndex((release) => release.id === target);
  if (at < 0) return [];
  const [from, to] = live < 0 ? [-1, at] : [Math.min(live, at), Math.max(live, at)];
  return releases.slice(from + 1, to).flatMap((release) => (release.damaged === null ? [] : [release.id]));
}
