// PNG row filters (PNG spec §9): the filtered rows of an image undone to raw rows, and raw rows filtered again by
// one strategy for the whole image. Max effort tries several strategies under zopfli and keeps the smallest, as
// zopflipng does; the pixels never change, only the filter byte of each row and what follows from it.
export interface PngLayout {
  /** Bytes a pixel occupies, at least 1: the distance the Sub, Average and Paeth filters look back. */
  filterStep: number;
  /** Each row group the filters run over: the whole image, or the seven Adam7 passes of an interlaced one. */
  passes: Array<{ rows: number; rowBytes: number }>;
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
// Adam7: [first column, first row, column step, row step] of each pass.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The row layout IHDR describes; undefined for a header this code does not know (left as it is by the caller). */
export function pngLayout(ihdr: Buffer): PngLayout | undefined {
  if (ihdr.length < 13) return undefined;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8]!;
  const channels = CHANNELS[ihdr[9]!];
  const interlace = ihdr[12];
  if (!channels || ![1, 2, 4, 8, 16].includes(bitDepth) || (interlace !== 0 && interlace !== 1)) return undefined;
  const bitsPerPixel = channels * bitDepth;
  const rowBytes = (columns: number) => Math.ceil((columns * bitsPerPixel) / 8);
  const passes =
    interlace === 0
      ? [{ rows: height, rowBytes: rowBytes(width) }]
      : ADAM7.map(([x0, y0, dx, dy]) => {
          const columns = Math.ceil(Math.max(0, width - x0) / dx);
          const rows = Math.ceil(Math.max(0, height - y0) / dy);
          // A pass with no columns or no rows has no bytes at all, not even filter bytes.
          return columns === 0 || rows === 0 ? { rows: 0, rowBytes: 0 } : { rows, rowBytes: rowBytes(columns) };
        });
  return { filterStep: Math.max(1, bitsPerPixel >> 3), passes };
}

export const filteredLength = (layout: PngLayout) => layout.passes.reduce((total, pass) => total + pass.rows * (pass.rowBytes + 1), 0);

/** The raw rows (no filter bytes) of inflated IDAT data; undefined when the data does not fit the layout. */
export function unfilter(filtered: Buffer, layout: PngLayout): Buffer | undefined {
  if (filtered.length < filteredLength(layout)) return undefined;
  const raw = Buffer.alloc(layout.passes.reduce((total, pass) => total + pass.rows * pass.rowBytes, 0));
  const step = layout.filterStep;
  let from = 0;
  let to = 0;
  for (const { rows, rowBytes } of layout.passes) {
    for (let y = 0; y < rows; y++) {
      const type = filtered[from++]!;
      const up = y === 0 ? -1 : to - rowBytes;
      for (let x = 0; x < rowBytes; x++) {
        const a = x >= step ? raw[to + x - step]! : 0;
        const b = up >= 0 ? raw[up + x]! : 0;
        const c = up >= 0 && x >= step ? raw[up + x - step]! : 0;
        const value = filtered[from + x]!;
        if (type === 0) raw[to + x] = value;
        else if (type === 1) raw[to + x] = value + a;
        else if (type === 2) raw[to + x] = value + b;
        else if (type === 3) raw[to + x] = value + ((a + b) >> 1);
        else if (type === 4) raw[to + x] = value + paeth(a, b, c);
        else return undefined;
      }
      from += rowBytes;
      to += rowBytes;
    }
  }
  return raw;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * How each row's filter is chosen: one type for every row (0–4), or per row the type whose bytes have the
 * smallest sum of magnitudes (`minsum`, libpng's and lodepng's heuristic) or the lowest byte entropy (`entropy`).
 */
export type FilterStrategy = 0 | 1 | 2 | 3 | 4 | 'minsum' | 'entropy';

export const FILTER_STRATEGIES: readonly FilterStrategy[] = [0, 1, 2, 3, 4, 'minsum', 'entropy'];

/** Raw rows filtered by one strategy: the bytes zlib then deflates into IDAT. */
export function filterRows(raw: Buffer, layout: PngLayout, strategy: FilterStrategy): Buffer {
  const out = Buffer.alloc(filteredLength(layout));
  const step = layout.filterStep;
  const widest = Math.max(0, ...layout.passes.map((pass) => pass.rowBytes));
  const trials = [0, 1, 2, 3, 4].map(() => Buffer.alloc(widest));
  const counts = new Uint32Array(256);
  let from = 0;
  let to = 0;
  for (const { rows, rowBytes } of layout.passes) {
    for (let y = 0; y < rows; y++) {
      const up = y === 0 ? -1 : from - rowBytes;
      const types = typeof strategy === 'number' ? [strategy] : [0, 1, 2, 3, 4];
      let chosen = types[0]!;
      let bestCost = Infinity;
      for (const type of types) {
        const row = trials[type]!;
        for (let x = 0; x < rowBytes; x++) {
          const a = x >= step ? raw[from + x - step]! : 0;
          const b = up >= 0 ? raw[up + x]! : 0;
          const c = up >= 0 && x >= step ? raw[up + x - step]! : 0;
          const value = raw[from + x]!;
          row[x] = type === 0 ? value : type === 1 ? value - a : type === 2 ? value - b : type === 3 ? value - ((a + b) >> 1) : value - paeth(a, b, c);
        }
        if (types.length === 1) break;
        const cost = strategy === 'minsum' ? magnitudeSum(row, rowBytes) : entropy(row, rowBytes, counts);
        if (cost < bestCost) {
          bestCost = cost;
          chosen = type;
        }
      }
      out[to++] = chosen;
      trials[chosen]!.copy(out, to, 0, rowBytes);
      to += rowBytes;
      from += rowBytes;
    }
  }
  return out;
}

function magnitudeSum(row: Buffer, length: number): number {
  let sum = 0;
  for (let x = 0; x < length; x++) {
    const value = row[x]!;
    sum += value < 128 ? value : 256 - value;
  }
  return sum;
}

function entropy(row: Buffer, length: number, counts: Uint32Array): number {
  counts.fill(0);
  for (let x = 0; x < length; x++) counts[row[x]!]!++;
  let bits = 0;
  for (const count of counts) if (count > 0) bits -= count * Math.log2(count / length);
  return bits;
}
