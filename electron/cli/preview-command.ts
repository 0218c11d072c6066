// `porter preview --env local`: the folder environment served the way production would serve it.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openProject } from '../core/project/open-project';
import { startPreview } from '../core/preview/preview-server';
import { loadEnvironment } from '../core/push/environments';

export const previewUsage = `Usage: porter preview --env NAME [--project DIR] [--port N]

Serves a folder environment (after 'porter push --env NAME') on 127.0.0.1 with the headers production
sends: Content-Type, Cache-Control (a year for hashed names), ETag, and the .br/.gz siblings when the
browser accepts them. Stop it with Ctrl+C.`;

export async function previewCommand(argv: string[]): Promise<number> {
  let values: { env?: string; project?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { env: { type: 'string' }, project: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${previewUsage}\n`);
    return 2;
  }
  if (values.help) return (process.stdout.write(previewUsage + '\n'), 0);
  if (!values.env) return (process.stderr.write(`porter preview: --env NAME is required.\n\n${previewUsage}\n`), 2);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return (process.stderr.write('porter preview: --port must be a port number (0-65535).\n'), 2);
  const root = path.resolve(values.project ?? '.');
  try {
    const environment = await loadEnvironment(root, values.env);
    if (environment.type !== 'folder') {
      process.stderr.write(`porter preview: ${values.env} is an S3 environment; preview serves folder environments. Its files are at ${environment.publicUrl ?? `s3://${environment.bucket}/${environment.prefix}`}.\n`);
      return 2;
    }
    const project = await openProject({ root });
    const staticUrl = project.detection.staticUrl.startsWith('/') ? project.detection.staticUrl : '/static/';
    const server = await startPreview({ root: environment.root, urlPrefix: staticUrl, port, rules: { unhashed: environment.cacheControl?.unhashed, rules: environment.cacheControl?.rules } });
    process.stdout.write(`Previewing ${environment.root} at ${server.url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return 0;
  } catch (error) {
    process.stderr.write(`porter preview: ${(error as Error).message}\n`);
    return 1;
  }
}
