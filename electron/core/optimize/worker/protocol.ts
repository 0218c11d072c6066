// Messages between the measure pool and its worker threads: one request in flight per worker.
import type { SavingsMode } from '../../../contract/porter';
import type { Measurement } from '../savings/measurement';

export interface MeasureRequest {
  bytes: Uint8Array;
  filename: string;
  mode: SavingsMode;
  /** Absent: measure the quick phase. Present: the quick phase's result, to refine. */
  quick?: Extract<Measurement, { ok: true }>;
}

export interface MeasureResponse {
  measurement: Measurement;
}
