// Runs django-probe.py with the project's Python and validates what it reports.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import probeSource from './django-probe.py?raw';

const PROBE_TIMEOUT_MS = 30_000;

const FinderSchema = z.object({
  class: z.string(),
  kind: z.enum(['filesystem', 'app-directories', 'other']),
  locations: z.array(z.object({ prefix: z.string(), location: z.string() })).optional(),
  apps: z.array(z.object({ name: z.string(), location: z.string() })).optional(),
});

const ProbeReportSchema = z.object({
  djangoVersion: z.string(),
  staticUrl: z.string().nullable(),
  staticRoot: z.string().nullable(),
  storage: z.string().nullable(),
  ignorePatterns: z.array(z.string()).nullable(),
  finders: z.array(FinderSchema),
  templates: z.object({
    folders: z.array(z.object({ dir: z.string(), origin: z.enum(['dirs', 'app']), app: z.string().optional() })),
    /** Template loaders and backends other than Django's filesystem and app_directories ones. */
    others: z.array(z.string()),
    /** Why Django could not list its template loaders' folders. */
    error: z.string().optional(),
  }),
});
export type ProbeReport = z.infer<typeof ProbeReportSchema>;

export interface ProbeOptions {
  python: string;
  /** The folder of manage.py: the working folder and first import path, as `manage.py` has. */
  cwd: string;
  settingsModule: string;
  env: NodeJS.ProcessEnv;
}

export type ProbeResult = { ok: true; report: ProbeReport } | { ok: false; error: string };

export function runDjangoProbe(options: ProbeOptions): Promise<ProbeResult> {
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    DJANGO_SETTINGS_MODULE: options.settingsModule,
    PYTHONPATH: [options.cwd, options.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
    // Looking must not leave __pycache__ folders in the user's project.
    PYTHONDONTWRITEBYTECODE: '1',
  };
  return new Promise((resolve) => {
    execFile(
      options.python,
      ['-c', probeSource],
      { cwd: options.cwd, env, timeout: PROBE_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const timedOut = error.killed === true && error.signal === 'SIGKILL';
          resolve({ ok: false, error: timedOut ? `it did not finish within ${PROBE_TIMEOUT_MS / 1000} s` : lastLine(stderr) ?? error.message });
          return;
        }
        const parsed = parseReport(stdout);
        resolve(parsed ? { ok: true, report: parsed } : { ok: false, error: `it printed no report (${lastLine(stderr) ?? 'no error output'})` });
      },
    );
  });
}

function parseReport(stdout: string): ProbeReport | undefined {
  const line = lastLine(stdout);
  if (!line) return undefined;
  try {
    const result = ProbeReportSchema.safeParse(JSON.parse(line));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function lastLine(text: string): string | undefined {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .pop();
}
