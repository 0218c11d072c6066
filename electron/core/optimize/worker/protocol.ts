// Messages between the measure pool and its worker threads: one request in flight per worker.
import type { SavingsMode } from '../../../contract/porter';
import type { Measurement } from '../savings/measurement';

export interface MeasureRequest {
  bytes: Uint8Array;
  filename: string;
  mode: SavingsMode;
}

export interface MeasureResponse {
  measurement: Measurement;
}
