// The push operations for the host: environments, plans, push jobs, releases, rollback and promote, each
// answering with the contract's plain data and failing with messages the UI can show as they are.
import type { Environments, Project, PushPlanSummary, ReleaseSummary } from '../contract/porter';
import { readPorterJsonObject, writePorterJsonKey } from '../core/project/porter-json';
import { listReleases, loadEnvironments, openEnvironment, parseEnvironments, planPush, promote, rollback, runPush, type Environment, type PushContext } from '../core/push/index';
import { credentialKey, type CredentialStore } from './credential-store';
import { OperationError } from './operation-error';
import type { PushJobs } from './push-jobs';
import { resolveUserPath } from './resolve-user-path';

export interface PushDeps {
  credentials: CredentialStore;
  jobs: PushJobs;
}

function describe(environment: Environment): Omit<Environments['environments'][number], 'config'> {
  if (environment.type === 'folder') return { name: environment.name, type: 'folder', target: environment.root, publicUrl: environment.publicUrl ?? null, cdn: null };
  return {
    name: environment.name,
    type: 's3',
    target: `s3://${environment.bucket}/${environment.prefix}`,
    publicUrl: environment.publicUrl ?? null,
    cdn: environment.cloudfront ? `CloudFront ${environment.cloudfront.distributionId}` : environment.purgeWebhook ? 'purge webhook' : null,
  };
}

export async function environmentsOf(project: Project, deps: PushDeps): Promise<Environments> {
  const keychain = deps.credentials.status();
  const raw = ((await readPorterJsonObject(project.root))?.environments ?? {}) as Record<string, Record<string, unknown>>;
  try {
    const environments = Object.values(await loadEnvironments(project.root)).map((environment) => ({ ...describe(environment), config: raw[environment.name] ?? {} }));
    return { environments, problem: null, keychain };
  } catch (error) {
    return { environments: [], problem: (error as Error).message, keychain };
  }
}

export async function saveEnvironment(project: Project, name: string, config: Record<string, unknown>, deps: PushDeps): Promise<Environments> {
  const current = ((await readPorterJsonObject(project.root))?.environments ?? {}) as Record<string, unknown>;
  const next = { ...current, [name]: config };
  try {
    // Validated exactly as a push would read it, before anything is written.
    parseEnvironments(next, project.root);
  } catch (error) {
    throw new OperationError({ kind: 'invalid-input', message: (error as Error).message, hint: 'Nothing was saved; fix the field and save again.' });
  }
  await writePorterJsonKey(project.root, 'environments', next);
  return environmentsOf(project, deps);
}

/** The environment with the keys the keychain holds for it, if any (else the AWS chain). */
async function open(project: Project, name: string, deps: PushDeps): Promise<PushContext> {
  const credentials = await deps.credentials.load(credentialKey(project.root, name));
  return openEnvironment(project.root, name, { credentials });
}

export async function planSummary(project: Project, name: string, outDir: string | undefined, deps: PushDeps): Promise<PushPlanSummary> {
  const context = await open(project, name, deps);
  const target = outDir ? resolveUserPath(outDir) : project.outDir;
  const plan = await planPush(context, target);
  return {
    environment: name,
    target: plan.target,
    outDir: target,
    counts: plan.counts,
    bytesToSend: plan.bytesToSend,
    estimateMs: plan.estimateMs,
    estimateBasis: plan.estimateBasis,
    changes: plan.files.flatMap((file) => (file.status === 'unchanged' ? [] : [{ key: file.key, status: file.status, size: file.size, hashed: file.hashed }])),
    requests: context.counter.requests,
  };
}

export async function startPush(project: Project, name: string, options: { outDir?: string; prune: boolean; keep: number }, deps: PushDeps): Promise<string> {
  const key = credentialKey(project.root, name);
  if (deps.jobs.runningFor(key)) {
    throw new OperationError({ kind: 'conflict', message: `A push to ${name} is already running.`, hint: 'Wait for it to finish or cancel it first.' });
  }
  const context = await open(project, name, deps);
  const target = options.outDir ? resolveUserPath(options.outDir) : project.outDir;
  return deps.jobs.start(key, async (signal, onProgress) => {
    const plan = await planPush(context, target);
    const result = await runPush(context, plan, { signal, onProgress, prune: options.prune, keep: options.keep });
    return {
      environment: name,
      releaseId: result.release.id,
      sent: result.sent,
      bytesSent: result.bytesSent,
      durationMs: result.durationMs,
      pruned: result.pruned,
      cdn: result.cdn.message,
      requests: result.requests,
      urls: result.urls,
    };
  });
}

export async function releasesOf(project: Project, name: string, deps: PushDeps): Promise<ReleaseSummary[]> {
  const context = await open(project, name, deps);
  const releases = await listReleases(context);
  return releases.map((release, index) => ({
    id: release.id,
    createdAt: release.createdAt,
    kind: release.kind,
    from: release.from ?? null,
    files: release.files.length,
    uploaded: release.uploaded,
    bytesSent: release.bytesSent,
    current: index === 0,
  }));
}

export async function rollbackTo(project: Project, name: string, to: string | undefined, deps: PushDeps) {
  const result = await rollback(await open(project, name, deps), to);
  return { releaseId: result.release.id, restored: result.restored.id };
}

export async function promoteBetween(project: Project, from: string, to: string, deps: PushDeps) {
  if (from === to) throw new OperationError({ kind: 'invalid-input', message: 'Promote copies from one environment to another: choose two different ones.' });
  const result = await promote(await open(project, from, deps), await open(project, to, deps));
  return { releaseId: result.release.id, copied: result.copied.length };
}
