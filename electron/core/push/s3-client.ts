// One S3 client per environment. Checksums are sent only where S3 requires them: since SDK 3.729 the default
// adds CRC32 to every upload (and aws-chunked encoding to streamed ones), which R2, B2, OVH, older MinIO and
// emulators such as s3rver reject or silently mangle. Porter sends Buffers with Content-MD5 instead, which
// every S3-compatible store checks, and keeps a SHA-256 of its own in the object's metadata.
import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { S3Environment } from './environments';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RequestCounter {
  requests: number;
  /** By operation (PutObject, ListObjectsV2, …), for reports and benchmarks. */
  byOperation: Record<string, number>;
}

export function createRequestCounter(): RequestCounter {
  return { requests: 0, byOperation: {} };
}

export interface S3ClientOptions {
  /** Keys the desktop app took from the keychain; otherwise the default AWS chain (with the environment's profile). */
  credentials?: Credentials;
  counter?: RequestCounter;
  /** Attempts per request, retries included; the SDK backs off on 500, 503 SlowDown and dropped connections. */
  maxAttempts?: number;
}

export function createS3Client(environment: Pick<S3Environment, 'region' | 'endpoint' | 'forcePathStyle' | 'profile'>, options: S3ClientOptions = {}): S3Client {
  const client = new S3Client({
    region: environment.region,
    endpoint: environment.endpoint,
    forcePathStyle: environment.forcePathStyle ?? Boolean(environment.endpoint),
    credentials: options.credentials ?? fromNodeProviderChain(environment.profile ? { profile: environment.profile } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: options.maxAttempts ?? 6,
    retryMode: 'standard',
    // Resolves each command's middleware stack once instead of on every request: a push sends thousands of the
    // same PutObject, and the stack's sort was the largest single cost of Porter's own CPU time per upload.
    cacheMiddleware: true,
  });
  const counter = options.counter;
  if (counter) {
    client.middlewareStack.add(
      (next, context) => (args) => {
        counter.requests += 1;
        const operation = context.commandName?.replace(/Command$/, '') ?? 'unknown';
        counter.byOperation[operation] = (counter.byOperation[operation] ?? 0) + 1;
        return next(args);
      },
      { step: 'finalizeRequest', name: 'porterRequestCounter', priority: 'low' },
    );
  }
  return client;
}
