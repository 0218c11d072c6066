// Runs ffmpeg or ffprobe as a child process: collects its output, hands over each `-progress` block as it comes,
// and kills the process when the signal aborts (ffmpeg would otherwise keep encoding after the user cancelled).
import { spawn } from 'node:child_process';

export interface RunProgramOptions {
  signal?: AbortSignal;
  /** Set for ffmpeg runs with `-progress pipe:1`: stdout is then read as key=value blocks, not collected. */
  onProgressBlock?: (fields: Map<string, string>) => void;
}

export interface ProgramOutcome {
  exitCode: number | null;
  stdout: string;
  /** The end of stderr only: ffmpeg's error is its last lines, and a long run's log is not worth keeping whole. */
  stderr: string;
  cancelled: boolean;
  spawnError: Error | null;
}

const STDERR_KEPT = 64 * 1024;

export function runProgram(file: string, args: string[], options: RunProgramOptions = {}): Promise<ProgramOutcome> {
  const { signal, onProgressBlock } = options;
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve({ exitCode: null, stdout: '', stderr: '', cancelled: true, spawnError: null });
      return;
    }
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let block = new Map<string, string>();
    let cancelled = false;
    let spawnError: Error | null = null;

    const onAbort = (): void => {
      cancelled = true;
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (!onProgressBlock) {
        stdout += chunk;
        return;
      }
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const equals = line.indexOf('=');
        if (equals < 0) continue;
        const key = line.slice(0, equals).trim();
        block.set(key, line.slice(equals + 1).trim());
        // ffmpeg ends every block with progress=continue (or progress=end on the last).
        if (key === 'progress') {
          onProgressBlock(block);
          block = new Map();
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEPT);
    });
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (exitCode) => {
      signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode, stdout, stderr, cancelled, spawnError });
    });
  });
}

/** ffmpeg's own explanation: the last meaningful stderr line, without the `[component @ 0x…]` prefix. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((line) => line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').trim()).filter(Boolean);
  return lines.at(-1) ?? 'no message';
}
