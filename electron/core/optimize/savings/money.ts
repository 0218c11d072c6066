// Money per month for saved bytes. Cloud egress and storage are billed per GB of 2^30 bytes (AWS's definition),
// so prices given per GB apply to that unit.
import type { SavingsMoney, SavingsSettings } from '../../../contract/porter';

export const BYTES_PER_GB = 2 ** 30;

/**
 * `transferSaved` is what each download gets smaller by (for text, after compression), paid on every request;
 * `storedSaved` is what the stored copy gets smaller by, paid once a month.
 */
export function monthlyMoney(transferSaved: number, storedSaved: number, settings: SavingsSettings): SavingsMoney {
  const egress = ((transferSaved * settings.monthlyRequests) / BYTES_PER_GB) * settings.egressPerGb;
  const storage = (storedSaved / BYTES_PER_GB) * settings.storagePerGbMonth;
  return { egress, storage, total: egress + storage };
}

export const noMoney: SavingsMoney = { egress: 0, storage: 0, total: 0 };

export function addMoney(a: SavingsMoney, b: SavingsMoney): SavingsMoney {
  return { egress: a.egress + b.egress, storage: a.storage + b.storage, total: a.total + b.total };
}

/** Percent of `original` saved, 0 for an empty file. */
export function percentSaved(original: number, saved: number): number {
  return original === 0 ? 0 : (saved / original) * 100;
}
