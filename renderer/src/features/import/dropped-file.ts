/** A dropped file and its path relative to the drop (a dropped folder's name is its first segment). */
export interface DroppedFile {
  file: File;
  relativePath: string;
}

/** base64 of a file's bytes, for hosts that receive contents rather than paths. */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}
