// `porter serve`: Porter's interface in the user's browser, over the same contract the desktop app uses.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openBrowser } from '../serve/open-browser';
import { startServe } from '../serve/start-serve';

export const serveUsage = `Usage: porter serve [--port N] [--project DIR] [--no-open]

Runs Porter's interface in your browser, reachable from this computer only (127.0.0.1).

  --port N         the port to listen on (default: a free one)
  --project DIR    open this project folder at start
  --no-open        don't open the browser; just print the address

Stop it with Ctrl+C.`;

export interface ServeFlags {
  port: number;
  project?: string;
  open: boolean;
}

/** The flags, or a message saying what is wrong with them. */
export function parseServeArgs(argv: string[]): ServeFlags | { help: true } | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string' },
        project: { type: 'string' },
        'no-open': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return { help: true };
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || values.port?.trim() === '') {
    return { error: `--port needs a whole number from 0 to 65535, not "${values.port}".` };
  }
  return { port, project: values.project, open: !values['no-open'] };
}

/** Prints the one line with the address, then runs until Ctrl+C or SIGTERM. */
export async function serveCommand(argv: string[]): Promise<number> {
  const flags = parseServeArgs(argv);
  if ('help' in flags) {
    process.stdout.write(`${serveUsage}\n`);
    return 0;
  }
  if ('error' in flags) {
    process.stderr.write(`porter serve: ${flags.error}\n\n${serveUsage}\n`);
    return 2;
  }
  // The bundle is out/cli/porter.mjs; the renderer is built next to it in out/renderer.
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    process.stderr.write('porter serve: the interface is not built yet. Run `node scripts/build.mjs` in the Porter folder, then try again.\n');
    return 1;
  }

  let server;
  try {
    server = await startServe({ port: flags.port, projectRoot: flags.project, rendererDir });
  } catch (error) {
    const message =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `port ${flags.port} is already in use. Pick another with --port, or leave --port out to use a free one.`
        : (error as Error).message;
    process.stderr.write(`porter serve: ${message}\n`);
    return 1;
  }

  // Listening before the address is printed: whoever reads it may stop Porter straight away.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(`Porter is running at ${server.url}\n`);
  if (flags.open && !(await openBrowser(server.url))) {
    process.stderr.write('Could not open a browser: open the address above yourself.\n');
  }
  await stopped;
  await server.close();
  return 0;
}
