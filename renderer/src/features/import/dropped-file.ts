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

/** The first bytes the host needs to recognise a file's format (file-type's sample size). */
const headBytes = 4100;

/** What the import plan is told of a dropped file the host cannot read itself: size, SHA-256 and first bytes. */
export async function digestOf(file: Blob): Promise<{ bytes: number; sha256: string | null; headBase64: string }> {
  const headBase64 = await base64Of(file.slice(0, headBytes));
  // SubtleCrypto exists only in secure contexts (localhost is one); without it the plan cannot tell "already there".
  if (!globalThis.crypto?.subtle) return { bytes: file.size, sha256: null, headBase64 };
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return { bytes: file.size, sha256: [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join(''), headBase64 };
}
