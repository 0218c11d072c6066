// `porter media push`: user uploads to the environment's media bucket, validated first.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openMedia, planMediaPush, runMediaPush } from '../core/media/index';

export const mediaUsage = `Usage: porter media push --env NAME --from MEDIA_ROOT [--project DIR] [--dry-run] [--overwrite] [--json]

Sends user uploads to the environment's media bucket (porter.json: environments.NAME.media), paths
kept, no hashing. Each file's type is read from its content: a file whose extension lies, whose type the
environment does not allow (media.allowedTypes) or that is too large (media.maxBytes) is refused and
listed with the reason; the rest still goes. Nothing remote is deleted, and a remote file with other
content is kept unless --overwrite.`;

export async function mediaCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === undefined) {
    process.stdout.write(mediaUsage + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'push') {
    process.stderr.write(`porter media: unknown subcommand '${sub}'.\n\n${mediaUsage}\n`);
    return 2;
  }
  let values: { env?: string; from?: string; project?: string; 'dry-run'?: boolean; overwrite?: boolean; json?: boolean };
  try {
    ({ values } = parseArgs({ args: rest, strict: true, options: { env: { type: 'string' }, from: { type: 'string' }, project: { type: 'string' }, 'dry-run': { type: 'boolean' }, overwrite: { type: 'boolean' }, json: { type: 'boolean' } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${mediaUsage}\n`);
    return 2;
  }
  if (!values.env || !values.from) {
    process.stderr.write(`porter media push: --env and --from are required.\n\n${mediaUsage}\n`);
    return 2;
  }
  try {
    const context = await openMedia(path.resolve(values.project ?? '.'), values.env, path.resolve(values.from));
    const plan = await planMediaPush(context);
    const result = values['dry-run'] ? undefined : await runMediaPush(context, plan, { overwrite: values.overwrite });
    if (values.json) {
      process.stdout.write(JSON.stringify({ ok: true, target: plan.target, counts: plan.counts, refused: plan.refused, skipped: plan.skipped, sent: result?.sent ?? [], keptRemote: result?.keptRemote ?? [], check: result?.check ?? null, requests: context.counter.requests }, null, 2) + '\n');
    } else {
      process.stdout.write(`${plan.target}: ${plan.counts.new} new, ${plan.counts.unchanged} unchanged, ${plan.counts.conflict} different on the remote, ${plan.counts.refused} refused.\n`);
      for (const { key, reason } of plan.refused) process.stdout.write(`  refused ${key}: ${reason}\n`);
      for (const { key, reason } of plan.skipped) process.stdout.write(`  left out ${key}: ${reason}\n`);
      if (result) {
        process.stdout.write(`Sent ${result.sent.length} files (${result.bytesSent} bytes).\n`);
        if (result.keptRemote.length) process.stdout.write(`Kept ${result.keptRemote.length} remote files whose content differs (--overwrite replaces them): ${result.keptRemote.slice(0, 5).join(', ')}${result.keptRemote.length > 5 ? ', …' : ''}\n`);
        if (result.check) process.stdout.write(`Note: ${result.check}\n`);
      } else process.stdout.write('Dry run: nothing was sent.\n');
    }
    return plan.counts.refused > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`porter media push: ${(error as Error).message}\n`);
    return 1;
  }
}
