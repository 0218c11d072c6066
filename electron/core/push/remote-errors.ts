// S3 errors as a person can act on them: what was refused, by whom, and what to change.
import type { Environment, S3Environment } from './environments';

export class PushError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PushError';
  }
}

/** Where the porter command finds keys when it runs without the app, as in CI: said after the app's own way. */
function ciCredentials(environment: S3Environment): string {
  const profile = environment.profile ? `the profile "${environment.profile}" in ~/.aws/credentials` : 'a "profile" that ~/.aws/credentials defines, or AWS SSO';
  return `Without the app (the porter command in CI), keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or ${profile}.`;
}

export function describeRemoteError(error: unknown, environment: Environment): Error {
  if (error instanceof PushError || (error as Error).name === 'AbortError') return error as Error;
  if (environment.type === 'folder') return error as Error;
  const name = (error as { name?: string; Code?: string }).name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const where = environment.endpoint ?? `AWS S3 (${environment.region})`;
  const env = `environments.${environment.name}`;
  if (name === 'NoSuchBucket') {
    return new PushError(`Bucket "${environment.bucket}" does not exist at ${where}. Create it in the store's console, or correct the bucket under "Edit ${environment.name}" in Porter (${env}.bucket in porter.json).`, { cause: error });
  }
  if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || name === 'InvalidClientTokenId' || name === 'ExpiredToken') {
    return new PushError(
      `${where} refused the access key (${name}). Save the right access key ID and secret under "Edit ${environment.name}" in Porter. ${ciCredentials(environment)}`,
      { cause: error },
    );
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test((error as Error).message)) {
    return new PushError(
      `No access key was found for ${environment.name}. Save one under "Edit ${environment.name}" in Porter. ${ciCredentials(environment)}`,
      { cause: error },
    );
  }
  if (name === 'AccessDenied' || status === 403) {
    return new PushError(`${where} denied access to bucket "${environment.bucket}". The key works but lacks permission: it needs s3:ListBucket, s3:GetObject and s3:PutObject there.`, { cause: error });
  }
  const code = (error as NodeJS.ErrnoException).code;
  // The SDK names a connection reset "TimeoutError", and Node calls a body cut short "aborted": the store was
  // reached, so "Cannot reach" would send the user to the wrong fix.
  if (code === 'ECONNRESET' || code === 'EPIPE' || (error as Error).message === 'aborted') {
    return new PushError(
      `The connection to ${where} broke off in the middle of an answer, even after several retries. Nothing was lost: what arrived is kept and the live files were not touched; publish again once the network is steady.`,
      { cause: error },
    );
  }
  if (status !== undefined && status >= 500) {
    const reason = name && !['Unknown', 'UnknownError'].includes(name) ? ` ${name}` : '';
    const what = name === 'SlowDown' ? 'is overloaded and kept asking to slow down' : status === 503 ? 'is unavailable or overloaded' : 'kept failing on its side';
    return new PushError(
      `${where} ${what} (HTTP ${status}${reason}), even after several retries. Nothing was lost: what arrived is kept and the live files were not touched; publish again in a few minutes.`,
      { cause: error },
    );
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || name === 'TimeoutError') {
    return new PushError(`Cannot reach ${where} (${code ?? name}). Check the network and ${env}.endpoint; nothing was lost; try again once it is back.`, { cause: error });
  }
  return new PushError(`${where} answered: ${(error as Error).message}${status ? ` (HTTP ${status})` : ''}.`, { cause: error });
}
