// Two `porter push` processes to one environment at once, with overlapping files: the index each leaves behind
// must vouch for everything both sent, so the next plan of either output needs no HEAD and sends nothing.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEnvironment, planPush } from '../../electron/core/push/index';
import { readIndex } from '../../electron/core/push/index-log';
import { ensurePorterBuilt, repoRoot, runCommand } from '../support/run-porter';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
beforeAll(async () => {
  ensurePorterBuilt();
  s3 = await startS3Server(['concurrent']);
});
afterAll(() => s3.stop());

/** A project of its own whose output shares `shared` files (same names, same content) with the other's. */
function project(name: string, environment: object, shared: number, own: number) {
  const root = makeTempDir(`porter-concurrent-${name}-`);
  const tree: Record<string, string> = {};
  for (let i = 0; i < shared; i += 1) tree[`out/shared/f${i}.css`] = `.shared-${i} { margin: ${i}px; }\n`;
  for (let i = 0; i < own; i += 1) tree[`out/${name}/f${i}.js`] = `console.log(${JSON.stringify(name)}, ${i});\n`;
  writeTree(root, tree);
  writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ environments: { live: environment } }));
  return root;
}

function push(root: string) {
  return runCommand({
    command: process.execPath,
    args: [path.join(repoRoot, 'bin/porter.js'), 'push', '--env', 'live', '--out', 'out', '--no-collect', '--concurrency', '4'],
    cwd: root,
    env: { ...process.env, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey, PORTER_CACHE_DIR: path.join(root, '.cache'), PORTER_CONFIG_DIR: path.join(root, '.config') },
  });
}

async function bothAtOnce(environment: (root: string) => object) {
  const shared = makeTempDir('porter-concurrent-env-');
  const a = project('a', environment(shared), 300, 300);
  const b = project('b', environment(shared), 300, 300);
  const [first, second] = await Promise.all([push(a), push(b)]);
  expect(first.code, first.stderr).toBe(0);
  expect(second.code, second.stderr).toBe(0);
  for (const root of [a, b]) {
    const context = await openEnvironment(root, 'live', { credentials: S3RVER_CREDENTIALS });
    expect(Object.keys(await readIndex(context.remote))).toHaveLength(900);
    const plan = await planPush(context, path.join(root, 'out'), 4, { readOnly: true });
    expect(plan.counts).toMatchObject({ new: 0, changed: 0, unchanged: 600 });
    // Vouched for by the index alone: nothing lost in either push's checkpoints or compaction.
    expect(context.counter.byOperation.HeadObject ?? 0).toBe(0);
  }
}

describe('two pushes to one environment at once', () => {
  it('lose nothing in an S3 bucket', () => bothAtOnce(() => ({ type: 's3', bucket: 'concurrent', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, prefix: 'static/' })), 120_000);

  it('lose nothing in a folder', () => bothAtOnce((root) => ({ type: 'folder', path: root })), 120_000);
});
