// The savings report: what each asset would weigh lossless, lossy or minified, and what that saves a month.
export { runSavings, type RunSavingsOptions, type SavingsRunProgress } from './run-savings';
export { projectSavingsFiles } from './project-files';
export { monthlyMoney, BYTES_PER_GB } from '../../../contract/savings-pricing';
export { SAVINGS_ENGINE_VERSION } from './savings-cache';
export type { SavingsFile } from './price-asset';
