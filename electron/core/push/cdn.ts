// Tells the CDN about un-hashed files that changed in place (hashed names are new URLs and need nothing):
// a CloudFront invalidation of exactly those paths, or a POST of their public URLs to a purge webhook.
import { CloudFrontClient, CreateInvalidationCommand, waitUntilInvalidationCompleted } from '@aws-sdk/client-cloudfront';
import type { Credentials } from './s3-client';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Environment, S3Environment } from './environments';

export interface CdnReport {
  kind: 'cloudfront' | 'webhook' | 'none';
  paths: string[];
  /** CloudFront invalidation ids, in batch order. */
  invalidations: string[];
  message: string;
}

/** CloudFront accepts at most 3,000 file paths in progress per distribution. */
const BATCH = 3000;

export function publicUrlOf(environment: Pick<Environment, 'publicUrl'>, key: string): string | undefined {
  if (!environment.publicUrl) return undefined;
  return environment.publicUrl.replace(/\/?$/, '/') + key.split('/').map(encodeURIComponent).join('/');
}

export async function notifyCdn(environment: S3Environment, changedKeys: string[], options: { credentials?: Credentials; waitSeconds?: number } = {}): Promise<CdnReport> {
  if (changedKeys.length === 0 || (!environment.cloudfront && !environment.purgeWebhook)) {
    return { kind: 'none', paths: [], invalidations: [], message: changedKeys.length ? 'No CDN is configured for this environment.' : 'No un-hashed file changed; the CDN needs nothing.' };
  }
  if (environment.cloudfront) {
    const client = new CloudFrontClient({
      region: 'us-east-1',
      endpoint: environment.cloudfront.endpoint ?? process.env.PORTER_CLOUDFRONT_ENDPOINT,
      credentials: options.credentials ?? fromNodeProviderChain(environment.profile ? { profile: environment.profile } : {}),
    });
    const paths = changedKeys.map((key) => '/' + (environment.prefix + key).split('/').map(encodeURIComponent).join('/'));
    const invalidations: string[] = [];
    for (let start = 0; start < paths.length; start += BATCH) {
      const batch = paths.slice(start, start + BATCH);
      const created = await client.send(
        new CreateInvalidationCommand({
          DistributionId: environment.cloudfront.distributionId,
          InvalidationBatch: { CallerReference: `porter-${Date.now()}-${start}`, Paths: { Quantity: batch.length, Items: batch } },
        }),
      );
      const id = created.Invalidation?.Id;
      if (!id) throw new Error('CloudFront accepted the invalidation but returned no id.');
      invalidations.push(id);
      await waitUntilInvalidationCompleted({ client, maxWaitTime: options.waitSeconds ?? 600, minDelay: 1, maxDelay: 20 }, { DistributionId: environment.cloudfront.distributionId, Id: id });
    }
    return { kind: 'cloudfront', paths, invalidations, message: `CloudFront invalidated ${paths.length} path${paths.length === 1 ? '' : 's'} (${invalidations.join(', ')}).` };
  }
  const urls = changedKeys.map((key) => publicUrlOf(environment, key) ?? key);
  const response = await fetch(environment.purgeWebhook!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ urls }) });
  if (!response.ok) throw new Error(`The purge webhook answered HTTP ${response.status}; the files are pushed, but the CDN may serve old copies of ${urls.length} URL(s) until they expire.`);
  return { kind: 'webhook', paths: urls, invalidations: [], message: `Asked the purge webhook to refresh ${urls.length} URL${urls.length === 1 ? '' : 's'}.` };
}
