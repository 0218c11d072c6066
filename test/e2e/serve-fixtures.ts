import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const urlLine = /^Porter is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/m;

/** A temp folder per test: the project, Porter's config and cache, and the output folder all live in it. */
export interface Workspace {
  dir: string;
  path(...parts: string[]): string;
  /** Writes files by path relative to the workspace, creating folders. */
  write(files: Record<string, string | Buffer>): void;
}

export interface PorterServe {
  url: string;
  origin: string;
  port: number;
  token: string;
  /** SIGTERM, then the exit code (null when it had to be killed). */
  stop(): Promise<number | null>;
}

interface Fixtures {
  workspace: Workspace;
  porterServe: PorterServe;
}

export const test = base.extend<Fixtures>({
  // Playwright reads fixture dependencies from the destructuring pattern, so an empty one is required here.
  // eslint-disable-next-line no-empty-pattern
  workspace: async ({}, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-serve-e2e-'));
    const workspace: Workspace = {
      dir,
      path: (...parts) => path.join(dir, ...parts),
      write(files) {
        for (const [name, content] of Object.entries(files)) {
          const file = path.join(dir, name);
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, content);
        }
      },
    };
    await use(workspace);
    rmSync(dir, { recursive: true, force: true });
  },

  porterServe: async ({ workspace }, use) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/porter.js'), 'serve', '--port', '0', '--no-open'], {
      cwd: workspace.dir,
      env: {
        ...process.env,
        // Remembered answers and the hash cache stay inside this test's folder.
        PORTER_CONFIG_DIR: workspace.path('config'),
        PORTER_CACHE_DIR: workspace.path('cache'),
        PORTER_DATA_DIR: workspace.path('data'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const match = await waitForUrlLine(child, 20_000);
    const [, url, port, token] = match;
    let exited: Promise<number | null> | undefined;
    const stop = (): Promise<number | null> => (exited ??= stopChild(child, 10_000));
    await use({ url: url!, origin: `http://127.0.0.1:${port}`, port: Number(port), token: token!, stop });
    await stop();
  },
});

function waitForUrlLine(child: ChildProcess, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`porter serve ${why}.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`printed no address within ${timeoutMs} ms`), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = urlLine.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.once('exit', (code) => fail(`exited with code ${code} before printing its address`));
  });
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
