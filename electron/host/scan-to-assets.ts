import type { Asset } from '../contract/porter';
import type { ScanResult } from '../core/collect/index';

/** Flattens a scan into the table the UI shows: collected files in found order, then duplicates, then ignored entries. */
export function scanToAssets(scan: ScanResult): { assets: Asset[]; warnings: string[] } {
  const collected = scan.files.map(
    (file): Asset => ({ publicPath: file.name, sourcePath: file.absPath, sourceIndex: file.sourceIndex, bytes: file.size, status: 'collected' }),
  );
  const duplicates = scan.duplicates.map(
    ({ file, keptFrom }): Asset => ({
      publicPath: file.name,
      sourcePath: file.absPath,
      sourceIndex: file.sourceIndex,
      bytes: file.size,
      status: 'duplicate',
      reason: keptFrom.absPath,
    }),
  );
  const ignored = scan.ignored.map(
    (entry): Asset => ({
      // A trailing slash tells the user a whole folder was skipped.
      publicPath: entry.isDirectory ? `${entry.name}/` : entry.name,
      sourcePath: entry.absPath,
      sourceIndex: entry.sourceIndex,
      bytes: 0,
      status: 'ignored',
      reason: entry.pattern,
    }),
  );
  // Problems stop a collect, so they lead the list.
  return { assets: [...collected, ...duplicates, ...ignored], warnings: [...scan.problems, ...scan.warnings] };
}
