import { describe, expect, it } from 'vitest';
import type { ReleaseSummary } from '../../electron/contract/porter';
import { damagedBetween } from '../../renderer/src/features/push/damaged-between';

const readable = (id: string, current = false): ReleaseSummary => ({ id, createdAt: '2026-12-07T09:00:00.000Z', kind: 'push', from: null, files: 3, uploaded: 3, bytesSent: 10, current, damaged: null });
const damaged = (id: string): ReleaseSummary => ({ id, createdAt: null, kind: null, from: null, files: null, uploaded: 0, bytesSent: 0, current: false, damaged: 'Its record cannot be read.' });

describe('damagedBetween', () => {
  const history = [readable('5-a'), damaged('4-b'), readable('3-c', true), damaged('2-d'), readable('1-e')];

  it('names the damaged records between the live release and the target, in either direction', () => {
    expect(damagedBetween(history, '1-e')).toEqual(['2-d']);
    expect(damagedBetween(history, '5-a')).toEqual(['4-b']);
  });

  it('counts from the top when no release is live, and names none for a neighbour or an unknown id', () => {
    const nothingLive = history.map((release) => ({ ...release, current: false }));
    expect(damagedBetween(nothingLive, '1-e')).toEqual(['4-b', '2-d']);
    expect(damagedBetween([readable('2-a', true), readable('1-b')], '1-b')).toEqual([]);
    expect(damagedBetween(history, 'no-such')).toEqual([]);
  });
});
