// The order the quick phase takes files in. Text and anything that is not an image are a minification or nothing;
// a raster image is decoded and re-encoded (a large PNG's lossless search is the longest quick measurement); within
// each, smaller is cheaper. Names and sizes only: nothing is read to decide.
//   - With more than one worker, the costliest file goes first: it ends the first look whenever it starts, so it
//     runs beside the cheap ones instead of after them.
//   - Then the cheapest first, so rows appear at once.
import { formatFromName } from '../images/sniff-format';
import type { SavingsFile } from './price-asset';

/** The indices of `files` in the order their quick numbers are measured (stable for equal cost). */
export function quickOrder(files: readonly SavingsFile[], workers: number): number[] {
  const encoded = (file: SavingsFile): number => (formatFromName(file.publicPath) === null ? 0 : 1);
  const cheapest = files.map((_, index) => index).sort((a, b) => encoded(files[a]!) - encoded(files[b]!) || files[a]!.bytes - files[b]!.bytes);
  if (workers < 2 || cheapest.length < 2) return cheapest;
  return [cheapest.at(-1)!, ...cheapest.slice(0, -1)];
}
