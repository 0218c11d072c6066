// The push operations for the host: environments, plans, push jobs, releases, rollback and promote, each
// answering with the contract's plain data and failing with messages the UI can show as they are.
import type { Environments, Project, PushPlanSummary, PushResult, ReleaseSummary } from '../contract/porter';
import { readPorterJsonObject, writePorterJsonKey } from '../core/project/porter-json';
import { collectForPush, keptForRecord, DamagedHistoryError, listReleases, loadEnvironments, openEnvironment, parseEnvironments, planFingerprint, planPush, promote, rollback, runPush, type Environment, type PushContext, type PushPlan } from '../core/push/index';
import { credentialKey, type CredentialStore } from './credential-store';
import { OperationError } from './operation-error';
import { PlanChangedError, type PushJobs } from './push-jobs';
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
    const environments = Object.values(await loadEnvironments(project.root)).map((environment) => ({ ...describe(environment), config: Object.hasOwn(raw, environment.name) ? raw[environment.name]! : {} }));
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
  const target = pushOutDir(project, outDir);
  // A plan to review writes nothing: read-only keys must be able to look.
  return summarize(name, context, target, await planPush(context, target, undefined, { readOnly: true }));
}

function summarize(name: string, context: PushContext, target: string, plan: PushPlan): PushPlanSummary {
  return {
    environment: name,
    target: plan.target,
    outDir: target,
    counts: plan.counts,
    bytesToSend: plan.bytesToSend,
    estimateMs: plan.estimateMs,
    estimateBasis: plan.estimateBasis,
    changes: plan.files.flatMap((file) => (file.status === 'unchanged' ? [] : [{ key: file.key, status: file.status, size: file.size, hashed: file.hashed, ...(file.encoding ? { encoding: file.encoding } : {}) }])),
    requests: context.counter.requests,
    fingerprint: planFingerprint(plan),
    warnings: plan.warnings,
  };
}

export interface StartPushOptions {
  outDir?: string;
  prune: boolean;
  keep: number;
  /** Collect into the output folder first. */
  collect: boolean;
  /** The plan the user confirmed; the job sends nothing if the files no longer match it. */
  expectedFingerprint?: string;
  /** End with the plan, for the user to review, instead of sending. */
  planOnly: boolean;
}

/** The folder a push reads: the one asked for, else the project's STATIC_ROOT. */
export function pushOutDir(project: Project, outDir: string | undefined): string {
  return outDir ? resolveUserPath(outDir) : project.outDir;
}

export async function startPush(project: Project, name: string, options: StartPushOptions, deps: PushDeps): Promise<string> {
  const key = credentialKey(project.root, name);
  if (deps.jobs.runningFor(key)) {
    throw new OperationError({ kind: 'conflict', message: `A push to ${name} is already running.`, hint: 'Wait for it to finish or cancel it first.' });
  }
  const context = await open(project, name, deps);
  const target = pushOutDir(project, options.outDir);
  return deps.jobs.start(key, options.collect ? target : undefined, async (signal, report) => {
    const collected = options.collect ? await collectForPush(project, target, { signal, onProgress: (progress) => report.collecting(progress.done, progress.total) }) : undefined;
    report.planning();
    const plan = await planPush(context, target, undefined, { readOnly: options.planOnly });
    if (options.planOnly) return { planned: summarize(name, context, target, plan) };
    if (options.expectedFingerprint && planFingerprint(plan) !== options.expectedFingerprint) {
      throw new PlanChangedError(`The files to publish changed after you reviewed the plan (a source was edited since). Nothing was sent to ${name}; review the new plan.`);
    }
    signal.throwIfAborted();
    // The bar shows what is to be sent from the start, not only after the first file has arrived.
    report.sending({ done: 0, total: plan.counts.new + plan.counts.changed, bytes: 0, totalBytes: plan.bytesToSend, rate: 0, etaMs: null });
    const result = await runPush(context, plan, { signal, onProgress: report.sending, prune: options.prune, keep: options.keep, keptReferences: collected && keptForRecord(collected) });
    const pushed: PushResult = {
      environment: name,
      releaseId: result.release.id,
      sent: result.sent,
      bytesSent: result.bytesSent,
      durationMs: result.durationMs,
      pruned: result.pruned,
      cdn: result.cdn.message,
      requests: result.requests,
      urls: result.urls,
      notes: result.notes,
    };
    return { pushed };
  });
}

export async function releasesOf(project: Project, name: string, deps: PushDeps): Promise<ReleaseSummary[]> {
  const context = await open(project, name, deps);
  const releases = await listReleases(context);
  return releases.map((release) =>
    release.damaged === null
      ? { id: release.id, createdAt: release.createdAt, kind: release.kind, from: release.from ?? null, files: release.files, uploaded: release.uploaded, bytesSent: release.bytesSent, current: release.current, damaged: null }
      : { id: release.id, createdAt: release.storedAt, kind: null, from: null, files: null, uploaded: 0, bytesSent: 0, current: false, damaged: release.damaged },
  );
}

export async function rollbackTo(project: Project, name: string, options: { to?: string; acrossDamaged: boolean }, deps: PushDeps) {
  try {
    const result = await rollback(await open(project, name, deps), options);
    return { releaseId: result.release.id, restored: result.restored.id };
  } catch (error) {
    if (!(error instanceof DamagedHistoryError)) throw error;
    throw new OperationError({ kind: 'conflict', message: error.message, hint: 'Nothing was changed. Roll back again and confirm that you want to pass over the damaged release.' });
  }
}

export async function promoteBetween(project: Project, from: string, to: string, deps: PushDeps) {
  if (from === to) throw new OperationError({ kind: 'invalid-input', message: 'Promote copies from one environment to another: choose two different ones.' });
  const result = await promote(await open(project, from, deps), await open(project, to, deps));
  return { releaseId: result.release.id, copied: result.copied.length };
}
