// Max effort's last step, zopflipng's search: each candidate's rows filtered by every strategy (png-filters.ts),
// each result sized by a quick zlib deflate, and zopfli, tens of times slower, spent only on the few that size best.
// The pixels and the colour type of a candidate stay as they are; its other chunks are copied.
import { deflateSync, inflateSync } from 'node:zlib';
import { idatOverhead, imageData, readChunks, withImageData, type Chunk } from './png-chunks';
import { FILTER_STRATEGIES, filterRows, pngLayout, unfilter, type FilterStrategy, type PngLayout } from './png-filters';
import { zopfliZlib } from './zopfli-threads';

// zopfli compresses the trial the quick deflate sizes best, and the runner-up when it is this close: the quick
// order is zopfli's only roughly, but a runner-up further behind seldom overtakes, and each zopfli run costs as
// much as the whole search before it many times over.
const RUNNER_UP_WITHIN = 1.01;
// zopflipng's iterations: 15, and 5 from 200,000 bytes of filtered rows, where each costs seconds and adds little.
const LARGE_ROWS = 200_000;

interface Candidate {
  png: Buffer;
  chunks: Chunk[];
  /** The rows as the candidate's encoder filtered them. */
  filtered: Buffer;
  layout?: PngLayout;
  raw?: Buffer;
}

/** A candidate's rows under one strategy ('kept': its encoder's own filters), sized by the quick deflate. */
interface Trial {
  candidate: Candidate;
  strategy: FilterStrategy | 'kept';
  quickBytes: number;
}

// Only the trials zopfli gets are filtered again: holding every trial's rows would cost up to eight times the
// image's raw size in memory.
const rowsOf = ({ candidate, strategy }: Trial) => (strategy === 'kept' ? candidate.filtered : filterRows(candidate.raw!, candidate.layout!, strategy));

/** The smallest file of the candidates and of their zopfli re-deflates. */
export async function smallestUnderZopfli(candidates: readonly Buffer[], signal?: AbortSignal): Promise<Buffer> {
  const trials: Trial[] = [];
  for (const png of candidates) {
    const candidate = open(png);
    if (!candidate) continue;
    const overhead = idatOverhead(candidate.chunks);
    const quick = (rows: Buffer) => overhead + deflateSync(rows, { level: 9, memLevel: 9 }).length;
    trials.push({ candidate, strategy: 'kept', quickBytes: quick(candidate.filtered) });
    for (const strategy of candidate.raw ? FILTER_STRATEGIES : []) {
      const rows = filterRows(candidate.raw!, candidate.layout!, strategy);
      // A strategy that picks the encoder's own filters is the same trial.
      if (!rows.equals(candidate.filtered)) trials.push({ candidate, strategy, quickBytes: quick(rows) });
    }
    signal?.throwIfAborted();
  }
  let best = candidates.reduce((a, b) => (b.length < a.length ? b : a));
  const ranked = trials.sort((a, b) => a.quickBytes - b.quickBytes);
  const chosen = ranked.slice(0, ranked[1] && ranked[1].quickBytes <= ranked[0]!.quickBytes * RUNNER_UP_WITHIN ? 2 : 1);
  // The chosen trials deflate at once, each on its own thread (zopfli-threads.ts).
  const deflated = await Promise.all(
    chosen.map(async (trial) => {
      const rows = rowsOf(trial);
      return { trial, idat: await zopfliZlib(rows, rows.length < LARGE_ROWS ? 15 : 5, signal) };
    }),
  );
  for (const { trial, idat } of deflated) {
    if (idatOverhead(trial.candidate.chunks) + idat.length < best.length) best = withImageData(trial.candidate.png, trial.candidate.chunks, idat);
  }
  return best;
}

/** A candidate's chunks and rows; undefined for image data zlib cannot read (that candidate is then kept as it is). */
function open(png: Buffer): Candidate | undefined {
  const chunks = readChunks(png);
  let filtered: Buffer;
  try {
    filtered = inflateSync(imageData(chunks));
  } catch {
    return undefined;
  }
  const ihdr = chunks.find((chunk) => chunk.type === 'IHDR');
  const layout = ihdr && pngLayout(ihdr.data);
  const raw = layout && unfilter(filtered, layout);
  return raw ? { png, chunks, filtered, layout, raw } : { png, chunks, filtered };
}
