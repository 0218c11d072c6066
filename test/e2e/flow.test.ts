import { startS3Server, S3RVER_CREDENTIALS, type S3Server } from '../support/s3-server';
import { designerFlow, FLOW_BUCKETS } from './designer-flow';
import { PorterPage } from './porter-page';
import { test } from './serve-fixtures';

// porter serve reads credentials the way users give them: from the AWS environment variables.
process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;

let s3: S3Server;
test.beforeAll(async () => {
  s3 = await startS3Server(FLOW_BUCKETS);
});
test.afterAll(() => s3.stop());

test('demo project → drop → savings → lossy recipe → collect → push → rollback → promote', async ({ page, porterServe }, testInfo) => {
  test.setTimeout(180_000);
  await new PorterPage(page).goto(porterServe.url);
  await designerFlow(page, s3, testInfo);
});
