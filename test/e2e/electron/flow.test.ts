// The designer's whole flow in the desktop app: the same steps as the browser run (test/e2e/designer-flow.ts).
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../../support/s3-server';
import { designerFlow, FLOW_BUCKETS } from '../designer-flow';
import { appReady, expect, test } from './fixtures';

// The app's main process reads credentials from the AWS environment variables, as a user's would.
process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;

let s3: S3Server | undefined;
test.beforeAll(async () => {
  s3 = await startS3Server(FLOW_BUCKETS);
});
test.afterAll(() => s3?.stop());

test('demo project → drop → savings → lossy recipe → collect → push → rollback → promote', async ({ window }, testInfo) => {
  test.setTimeout(240_000);
  await expect(window.locator(appReady)).toBeVisible();
  await designerFlow(window, s3!, testInfo);
});
