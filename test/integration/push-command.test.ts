import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePorterBuilt, repoRoot, runCommand } from '../support/run-porter';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
beforeAll(async () => {
  ensurePorterBuilt();
  s3 = await startS3Server(['cli-staging', 'cli-production']);
});
afterAll(() => s3.stop());

function porter(cwd: string, ...args: string[]) {
  return runCommand({
    command: process.execPath,
    args: [path.join(repoRoot, 'bin/porter.js'), ...args],
    cwd,
    env: { ...process.env, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey, PORTER_CACHE_DIR: path.join(cwd, '.cache'), PORTER_CONFIG_DIR: path.join(cwd, '.config') },
  });
}

describe('porter push, releases, rollback and promote', () => {
  it('plans, pushes, lists, rolls back and promotes from the command line', async () => {
    const root = makeTempDir('porter-push-cli-');
    writeTree(root, { 'assets/css/site.css': 'body { color: red; }\n', 'assets/js/app.js': 'console.log(1);\n' });
    const env = (bucket: string) => ({ type: 's3', bucket, region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true });
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { staging: env('cli-staging'), production: env('cli-production') } }));
    expect((await porter(root, 'collect', '--out', 'staticfiles')).code).toBe(0);

    const dry = await porter(root, 'push', '--env', 'staging', '--out', 'staticfiles', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { counts: { new: number }; files: { key: string; status: string }[] };
    expect(plan.counts.new).toBe(5);

    const pushed = await porter(root, 'push', '--env', 'staging', '--out', 'staticfiles');
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toMatch(/Pushed 5 files .* as release /);
    const again = await porter(root, 'push', '--env', 'staging', '--out', 'staticfiles');
    expect(again.stdout).toMatch(/Nothing to send/);

    writeTree(root, { 'assets/css/site.css': 'body { color: blue; }\n' });
    await porter(root, 'collect', '--out', 'staticfiles');
    expect((await porter(root, 'push', '--env', 'staging', '--out', 'staticfiles')).stdout).toMatch(/Pushed 3 files/);
    const releases = await porter(root, 'releases', '--env', 'staging', '--json');
    expect((JSON.parse(releases.stdout) as unknown[]).length).toBe(2);
    const rolled = await porter(root, 'rollback', '--env', 'staging');
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(rolled.stdout).toMatch(/Rolled staging back to release /);
    const promoted = await porter(root, 'promote', '--from', 'staging', '--to', 'production');
    expect(promoted.stdout).toMatch(/Promoted staging to production: \d+ files copied/);

    const unknown = await porter(root, 'push', '--env', 'prod', '--out', 'staticfiles');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no environment "prod".*Known: staging, production/);
    expect((await porter(root, 'push')).code).toBe(2);
  });
});
