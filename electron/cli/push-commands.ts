// `porter push`, `porter releases`, `porter rollback` and `porter promote`.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openProject } from '../core/project/open-project';
import { collectForPush, keptForRecord, type KeptReference, DamagedHistoryError, DEFAULT_CONCURRENCY, DEFAULT_KEEP_RELEASES, listReleases, openEnvironment, planPush, promote, rollback, runPush, type PushPlan, type ReleaseEntry } from '../core/push/index';

export const pushUsage = `Usage: porter push --env NAME [--project DIR] [--out DIR] [--no-collect] [--dry-run]
                   [--prune [--keep N]] [--concurrency N] [--json]

Collects the project (its sources and recipes, hashed names and staticfiles.json, as 'porter collect'
does) and sends the result to an environment of porter.json (an S3 bucket or a folder): only new
and changed files, compared by SHA-256; hashed files first and staticfiles.json last, so the site is
whole at every moment. Each push is recorded as a release; see 'porter releases'.

  --env NAME     the environment in porter.json "environments"
  --project DIR  the project folder (default: the current folder)
  --out DIR      the collected output (default: the project's STATIC_ROOT)
  --no-collect   push the output folder as it is, without collecting first (e.g. after your own
                 'porter collect' with other options)
  --dry-run      collect, then show the plan (new, changed, unchanged, remote-only, bytes, time);
                 send nothing
  --prune        delete remote files that none of the last N releases name
  --keep N       releases whose files --prune keeps (default ${DEFAULT_KEEP_RELEASES})
  --concurrency N  requests in flight (default ${DEFAULT_CONCURRENCY}); lower it for a store that answers SlowDown
  --json         print a machine-readable result

Credentials come from the AWS chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the environment's
"profile" in ~/.aws, or SSO. They never go in porter.json.`;

export const releasesUsage = `Usage: porter releases --env NAME [--project DIR] [--json]

Lists an environment's releases, newest first, in the order the bucket recorded them (not by any
machine's clock). The live one, whose staticfiles.json is the one served now, is marked '*'; a
record that cannot be read is listed as damaged.`;

export const rollbackUsage = `Usage: porter rollback --env NAME [--to ID] [--across-damaged] [--project DIR] [--json]

Puts an earlier release's staticfiles.json back (by default the one before the live one), without
uploading anything else: its hashed files are still in the bucket.

  --across-damaged  roll back even though a release record between the live release and the
                    target cannot be read (without it, Porter stops and names the record)`;

export const promoteUsage = `Usage: porter promote --from NAME --to NAME [--project DIR] [--json]

Copies exactly what the --from environment's latest release holds to --to (server-side where both
are in the same store), hashed files first and staticfiles.json last, and records a release there.`;

const out = (line: string) => process.stdout.write(line + '\n');
const err = (line: string) => process.stderr.write(line + '\n');

function mb(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function parse(argv: string[], options: Record<string, { type: 'string' | 'boolean' }>, usage: string) {
  try {
    const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { ...options, project: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
    if (positionals.length) throw new Error(`unexpected argument '${positionals[0]}'`);
    return values as Record<string, string | boolean | undefined>;
  } catch (error) {
    err(`${(error as Error).message}\n\n${usage}`);
    return undefined;
  }
}

async function guard(command: string, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    err(`porter ${command}: ${(error as Error).message}`);
    return 1;
  }
}

function describePlan(plan: PushPlan): void {
  const { counts } = plan;
  out(`Plan for ${plan.target}: ${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.remoteOnly} only on the remote (kept).`);
  out(`To send: ${mb(plan.bytesToSend)}, about ${seconds(plan.estimateMs)} ${plan.estimateBasis}.`);
  for (const warning of plan.warnings) out(`Note: ${warning}`);
  for (const file of plan.files.filter((each) => each.status !== 'unchanged').slice(0, 20)) out(`  ${file.status === 'new' ? '+' : '~'} ${file.key}${file.encoding ? ` (${file.encoding})` : ''}`);
  const more = counts.new + counts.changed - 20;
  if (more > 0) out(`  … and ${more} more (--json lists them all)`);
}

export async function pushCommand(argv: string[]): Promise<number> {
  const values = parse(argv, { env: { type: 'string' }, out: { type: 'string' }, 'no-collect': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, prune: { type: 'boolean' }, keep: { type: 'string' }, concurrency: { type: 'string' } }, pushUsage);
  if (!values) return 2;
  if (values.help) return (out(pushUsage), 0);
  if (typeof values.env !== 'string') return (err(`porter push: --env NAME is required.\n\n${pushUsage}`), 2);
  const keep = values.keep === undefined ? DEFAULT_KEEP_RELEASES : Number(values.keep);
  if (!Number.isInteger(keep) || keep < 1) return (err('porter push: --keep must be a whole number of releases, 1 or more.'), 2);
  const concurrency = values.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) return (err('porter push: --concurrency must be a whole number from 1 to 256.'), 2);
  return guard('push', async () => {
    const root = path.resolve(typeof values.project === 'string' ? values.project : '.');
    const collectFirst = !values['no-collect'];
    const project = collectFirst || typeof values.out !== 'string' ? await openProject({ root }) : undefined;
    const outDir = typeof values.out === 'string' ? path.resolve(values.out) : project!.outDir;
    const context = await openEnvironment(root, values.env as string);
    let collected: { outDir: string; written: number } | null = null;
    let keptReferences: KeptReference[] = [];
    if (collectFirst && project) {
      const collecting = !values.json && process.stderr.isTTY;
      const report = await collectForPush(project, outDir, {
        onProgress: collecting ? (progress) => process.stderr.write(`\rcollecting: ${progress.phase} ${progress.done}/${progress.total} files   `) : undefined,
      });
      if (collecting) process.stderr.write('\r\x1b[K');
      collected = { outDir, written: report.written };
      keptReferences = keptForRecord(report);
      if (!values.json && keptReferences.length) {
        err(`Left ${keptReferences.length} broken reference${keptReferences.length === 1 ? '' : 's'} as porter.json's collect settings accept; the release record lists them.`);
      }
      if (!values.json) err(`Collected into ${outDir}: ${report.written === 0 ? 'already up to date' : `${report.written} files written`}.`);
    }
    const plan = await planPush(context, outDir, concurrency, { readOnly: Boolean(values['dry-run']) });
    if (values['dry-run']) {
      if (values.json) out(JSON.stringify({ ok: true, dryRun: true, collected, target: plan.target, counts: plan.counts, bytesToSend: plan.bytesToSend, estimateMs: plan.estimateMs, files: plan.files.map(({ key, status, size, hashed, encoding }) => ({ key, status, size, hashed, encoding })), remoteOnly: plan.remoteOnly, warnings: plan.warnings, requests: context.counter.requests }, null, 2));
      else {
        describePlan(plan);
        out(`Dry run: nothing was sent (${context.counter.requests} requests to plan).`);
      }
      return 0;
    }
    if (!values.json) describePlan(plan);
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    const showProgress = !values.json && process.stderr.isTTY;
    const result = await runPush(context, plan, {
      signal: controller.signal,
      prune: Boolean(values.prune),
      keep,
      concurrency,
      keptReferences,
      onProgress: showProgress ? (progress) => process.stderr.write(`\r${progress.done}/${progress.total} files, ${mb(progress.bytes)} of ${mb(progress.totalBytes)}   `) : undefined,
    });
    if (showProgress) process.stderr.write('\r\x1b[K');
    if (values.json) {
      out(JSON.stringify({ ok: true, collected, release: { ...result.release, manifest: undefined, files: result.release.files.length }, sent: result.sent, bytesSent: result.bytesSent, durationMs: result.durationMs, pruned: result.pruned, cdn: result.cdn, requests: result.requests, urls: result.urls, notes: result.notes }, null, 2));
      return 0;
    }
    if (result.sent.length === 0) out(`Nothing to send: ${plan.target} already holds this output (${result.requests} requests).`);
    else out(`Pushed ${result.sent.length} files (${mb(result.bytesSent)}) in ${seconds(result.durationMs)} as release ${result.release.id} (${result.requests} requests).`);
    if (result.pruned.length) out(`Pruned ${result.pruned.length} files no recent release names.`);
    for (const note of result.notes) out(`Note: ${note}`);
    if (result.cdn.kind !== 'none') out(result.cdn.message);
    return 0;
  });
}

function releaseLine(release: ReleaseEntry): string {
  if (release.damaged !== null) return `${release.id}  ${release.storedAt ?? ''}  damaged: ${release.damaged}`;
  const what = release.kind === 'push' ? `pushed ${release.uploaded} files (${mb(release.bytesSent)})` : release.kind === 'rollback' ? `rolled back to ${release.from}` : `promoted from ${release.from}`;
  return `${release.id}  ${release.createdAt}  ${what}, ${release.files} files in all`;
}

export async function releasesCommand(argv: string[]): Promise<number> {
  const values = parse(argv, { env: { type: 'string' } }, releasesUsage);
  if (!values) return 2;
  if (values.help) return (out(releasesUsage), 0);
  if (typeof values.env !== 'string') return (err(`porter releases: --env NAME is required.\n\n${releasesUsage}`), 2);
  return guard('releases', async () => {
    const context = await openEnvironment(path.resolve(typeof values.project === 'string' ? values.project : '.'), values.env as string);
    const releases = await listReleases(context);
    if (values.json) out(JSON.stringify(releases, null, 2));
    else if (releases.length === 0) out(`${context.remote.label} has no releases yet.`);
    else {
      releases.forEach((release) => out(`${release.current ? '*' : ' '} ${releaseLine(release)}`));
      if (!releases.some((release) => release.current)) out(`(No release matches the staticfiles.json live in ${context.remote.label}.)`);
    }
    return 0;
  });
}

export async function rollbackCommand(argv: string[]): Promise<number> {
  const values = parse(argv, { env: { type: 'string' }, to: { type: 'string' }, 'across-damaged': { type: 'boolean' } }, rollbackUsage);
  if (!values) return 2;
  if (values.help) return (out(rollbackUsage), 0);
  if (typeof values.env !== 'string') return (err(`porter rollback: --env NAME is required.\n\n${rollbackUsage}`), 2);
  return guard('rollback', async () => {
    const context = await openEnvironment(path.resolve(typeof values.project === 'string' ? values.project : '.'), values.env as string);
    const result = await rollback(context, { to: typeof values.to === 'string' ? values.to : undefined, acrossDamaged: Boolean(values['across-damaged']) }).catch((error: unknown) => {
      if (error instanceof DamagedHistoryError) throw new Error(`${error.message} Nothing was changed. Run it again with --across-damaged to roll back to ${error.target} anyway.`);
      throw error;
    });
    if (values.json) out(JSON.stringify({ ok: true, release: result.release.id, restored: result.restored.id, requests: result.requests }, null, 2));
    else out(`Rolled ${values.env} back to release ${result.restored.id} (${result.requests} requests).`);
    return 0;
  });
}

export async function promoteCommand(argv: string[]): Promise<number> {
  const values = parse(argv, { from: { type: 'string' }, to: { type: 'string' } }, promoteUsage);
  if (!values) return 2;
  if (values.help) return (out(promoteUsage), 0);
  if (typeof values.from !== 'string' || typeof values.to !== 'string') return (err(`porter promote: --from and --to are required.\n\n${promoteUsage}`), 2);
  return guard('promote', async () => {
    const root = path.resolve(typeof values.project === 'string' ? values.project : '.');
    const from = await openEnvironment(root, values.from as string);
    const to = await openEnvironment(root, values.to as string);
    const result = await promote(from, to);
    if (values.json) out(JSON.stringify({ ok: true, release: result.release.id, copied: result.copied, requests: result.requests }, null, 2));
    else out(`Promoted ${values.from} to ${values.to}: ${result.copied.length} files copied, release ${result.release.id} (${result.requests} requests).`);
    return 0;
  });
}
