// What was dropped, as files with their path relative to the drop: a dropped folder keeps its own name as the
// first segment, so `photos/` dropped into `img/` lands in `img/photos/…`.
import type { DroppedFile } from './dropped-file';

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, into: DroppedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    into.push({ file, relativePath: prefix + entry.name });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches (about 100 at a time in Chromium) until it answers none.
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const child of batch) await walk(child, `${prefix}${entry.name}/`, into);
  }
}

export async function droppedFiles(transfer: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...transfer.items].map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null));
  if (entries.some((entry) => entry !== null)) {
    const files: DroppedFile[] = [];
    for (const entry of entries) if (entry) await walk(entry, '', files);
    return files;
  }
  return [...transfer.files].map((file) => ({ file, relativePath: file.name }));
}
