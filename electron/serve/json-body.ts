import type { IncomingMessage } from 'node:http';

/** Operation inputs are small (paths and settings); anything bigger is a mistake or an attack. */
export const maxBodyBytes = 1024 * 1024;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    /** What the user can do about it, shown under the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * Requiring application/json also means a cross-site form can never post here without a CORS preflight.
 * A refused body is still read and dropped, so the client gets the error answer rather than a reset connection.
 */
export function readJsonBody(request: IncomingMessage, limit = maxBodyBytes): Promise<unknown> {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    request.resume();
    return Promise.reject(new BodyError(415, 'Requests must be sent as application/json.'));
  }
  const tooLarge = new BodyError(413, `The request is over ${Math.round(limit / 1024 / 1024)} MB, more than any Porter operation takes.`);
  if (Number(request.headers['content-length']) > limit) {
    request.resume();
    return Promise.reject(tooLarge);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) reject(tooLarge);
      else chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      if (size > limit) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new BodyError(400, 'The request body is not valid JSON.'));
      }
    });
  });
}
