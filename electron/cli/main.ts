// The `porter` command.
import packageJson from '../../package.json';
import { collectUsage } from './collect-usage';

const usage = `Porter ${packageJson.version}: collect, compress and push a Django-style project's static assets.

Usage: porter <command> [options]

Commands:
  collect   gather static files into one folder exactly as Django's collectstatic does
  sources   show (and save) where collect reads from, in Django's finder order
  check     find {% static %} paths in the templates that name no collected file (exit 1, for CI)
  optimize  show what each asset would weigh optimised; write the optimised files with --out
  push      send the collected output to an environment (S3 bucket or folder), only what changed
  releases  list an environment's releases
  rollback  put an earlier release's manifest back, in seconds
  promote   copy what one environment holds to another (staging to production)
  media     push user uploads to an environment's media bucket, validated (porter media push)
  preview   serve a folder environment on 127.0.0.1 with production's headers
  serve     open Porter's interface in your browser (127.0.0.1 only)

Run 'porter <command> --help' for a command's options.

${collectUsage}`;

// Each command's module is loaded when it runs (the build splits them into chunks): together they pull in sharp,
// the minifiers and the AWS SDK, which took 0.6 s to load before `porter --help` could print a line.
type Command = (argv: string[]) => Promise<number>;
const commands: Record<string, () => Promise<Command>> = {
  collect: async () => (await import('./collect-command')).collectCommand,
  sources: async () => (await import('./sources-command')).sourcesCommand,
  check: async () => (await import('./check-command')).checkCommand,
  optimize: async () => (await import('./optimize-command')).optimizeCommand,
  push: async () => (await import('./push-commands')).pushCommand,
  releases: async () => (await import('./push-commands')).releasesCommand,
  rollback: async () => (await import('./push-commands')).rollbackCommand,
  promote: async () => (await import('./push-commands')).promoteCommand,
  media: async () => (await import('./media-command')).mediaCommand,
  preview: async () => (await import('./preview-command')).previewCommand,
  serve: async () => (await import('./serve-command')).serveCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(packageJson.version + '\n');
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`porter: unknown command '${name}'. Commands: ${Object.keys(commands).join(', ')}. See 'porter --help'.\n`);
    return 2;
  }
  return (await load())(rest);
}

// The AWS SDK warns on every run under Node 20 that its 2027 releases will need Node 22. Porter supports Node 20
// (package.json engines), so that notice is for Porter's maintainers, not its users; every other warning prints.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!`${warning.name} ${warning.message}`.includes('NodeVersionSupportWarning')) process.stderr.write(`porter: ${warning.name}: ${warning.message}\n`);
});

// `porter … | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`porter: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
