// A real S3-compatible server on loopback for push tests: s3rver, in its own temp folder, on a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectsCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Server {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export async function startS3Server(buckets: string[]): Promise<S3Server> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'porter-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, configureBuckets: buckets.map((name) => ({ name })) });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Deletes Porter's whole index (the old single object and every segment and base), as if no push had recorded any. */
export async function forgetIndex(client: S3Client, bucket: string, prefix: string): Promise<void> {
  const listing = await client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: `${prefix}porter/index` }));
  const keys = (listing.Contents ?? []).flatMap((item) => (item.Key ? [{ Key: item.Key }] : []));
  if (keys.length) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
}
