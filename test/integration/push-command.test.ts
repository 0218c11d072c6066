import { readFileSync, writeFileSync } from 'node:fs';
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

    const dry = await porter(root, 'push', '--env', 'staging', '--out', 'staticfiles', '--no-collect', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { collected: unknown; counts: { new: number }; files: { key: string; status: string }[] };
    expect(plan.collected).toBeNull();
    expect(plan.counts.new).toBe(5);

    const pushed = await porter(root, 'push', '--env', 'staging', '--out', 'staticfiles', '--no-collect');
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toMatch(/Pushed 5 files .* as release /);
    expect(pushed.stderr).not.toMatch(/Collected into/);
    const again = await porter(root, 'push', '--env', 'staging', '--out', 'staticfiles');
    expect(again.stderr).toMatch(/Collected into .*staticfiles: already up to date/);
    expect(again.stdout).toMatch(/Nothing to send/);

    // A changed source without a collect: --no-collect pushes the output as it is, a plain push collects first.
    writeTree(root, { 'assets/css/site.css': 'body { color: blue; }\n' });
    const stale = await porter(root, 'push', '--env', 'staging', '--out', 'staticfiles', '--no-collect', '--dry-run');
    expect(stale.stdout).toMatch(/0 new, 0 changed, 5 unchanged/);
    const fresh = await porter(root, 'push', '--env', 'staging');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).toMatch(/Collected into .*staticfiles: \d+ files written/);
    expect(fresh.stdout).toMatch(/Pushed 3 files/);
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

  it('lists a damaged release record as damaged and refuses to roll back across it without --across-damaged', async () => {
    const root = makeTempDir('porter-push-damaged-');
    writeTree(root, { 'assets/css/site.css': 'body { color: red; }\n' });
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { local: { type: 'folder', path: 'public/static' } } }));
    const ids: string[] = [];
    for (const colour of ['red', 'green', 'blue']) {
      writeTree(root, { 'assets/css/site.css': `body { color: ${colour}; }\n` });
      const pushed = await porter(root, 'push', '--env', 'local', '--json');
      expect(pushed.code, pushed.stderr).toBe(0);
      ids.push((JSON.parse(pushed.stdout) as { release: { id: string } }).release.id);
    }
    writeFileSync(path.join(root, 'public/static/.porter/releases', `${ids[1]}.json`), '{"id": "trunc');

    const listed = await porter(root, 'releases', '--env', 'local');
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^\\* ${ids[2]} `));
    expect(lines[1]).toMatch(new RegExp(`^  ${ids[1]} .*damaged: Its record cannot be read`));
    const json = JSON.parse((await porter(root, 'releases', '--env', 'local', '--json')).stdout) as { id: string; current: boolean; damaged: string | null }[];
    expect(json.map((release) => [release.id, release.current, release.damaged === null])).toEqual([[ids[2], true, true], [ids[1], false, false], [ids[0], false, true]]);

    const refused = await porter(root, 'rollback', '--env', 'local');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`Release ${ids[1]} cannot be read.*Nothing was changed\\. Run it again with --across-damaged to roll back to ${ids[0]} anyway\\.`));
    const across = await porter(root, 'rollback', '--env', 'local', '--across-damaged');
    expect(across.code, across.stderr).toBe(0);
    expect(across.stdout).toMatch(new RegExp(`back to release ${ids[0]}`));
  });

  it('collects into a fresh project before its first push, and says so when there are no sources', async () => {
    const root = makeTempDir('porter-push-collect-');
    writeTree(root, { 'assets/app.js': 'console.log(1);\n' });
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { local: { type: 'folder', path: 'public' } } }));
    const noOutput = await porter(root, 'push', '--env', 'local', '--no-collect');
    expect(noOutput.code).toBe(1);
    expect(noOutput.stderr).toMatch(/staticfiles does not exist: nothing has been collected into it yet/);
    const pushed = await porter(root, 'push', '--env', 'local', '--json');
    expect(pushed.code, pushed.stderr).toBe(0);
    const result = JSON.parse(pushed.stdout) as { collected: { written: number }; sent: string[] };
    expect(result.collected.written).toBeGreaterThan(0);
    expect(result.sent).toContain('staticfiles.json');
    expect(readFileSync(path.join(root, 'public/staticfiles.json'), 'utf8')).toBe(readFileSync(path.join(root, 'staticfiles/staticfiles.json'), 'utf8'));

    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: [], environments: { local: { type: 'folder', path: 'public' } } }));
    const empty = await porter(root, 'push', '--env', 'local');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/nothing to publish/);
  });
});
