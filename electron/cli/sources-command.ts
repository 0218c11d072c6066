// `porter sources`: shows where collect will read from, in finder order, and can pin that order in porter.json.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openProject, saveSources } from '../core/project/open-project';

export const sourcesUsage = `Usage: porter sources [--project DIR] [--allow-python | --no-python] [--save] [--json]

Lists the project's static sources in Django's finder order and says how they were found.
  --save    write this order to porter.json, so collect no longer depends on detection
  --json    print the project as JSON`;

export async function sourcesCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        project: { type: 'string' },
        save: { type: 'boolean' },
        json: { type: 'boolean' },
        'allow-python': { type: 'boolean' },
        'no-python': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`porter sources: ${(error as Error).message}\n\n${sourcesUsage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(sourcesUsage + '\n');
    return 0;
  }
  try {
    const project = await openProject({
      root: path.resolve(values.project ?? '.'),
      pythonConsent: values['allow-python'] ? 'allow' : values['no-python'] ? 'deny' : 'ask',
    });
    if (values.json) {
      process.stdout.write(JSON.stringify(project, null, 2) + '\n');
    } else {
      process.stdout.write(`${project.name}: ${project.sources.length} sources (${project.detection.certainty}, method: ${project.detection.method})\n`);
      project.sources.forEach((source, index) => {
        const label = source.app ? ` [${source.app}]` : '';
        process.stdout.write(`  ${index + 1}. ${source.dir}${source.prefix ? ` => ${source.prefix}/` : ''}${label}${source.exists ? '' : '  (does not exist)'}\n`);
      });
      for (const note of project.detection.notes) process.stdout.write(`  note: ${note}\n`);
      if (project.sources.length === 0) process.stdout.write('  Add sources with porter collect --source DIR (or DIR=PREFIX), or list them in porter.json.\n');
    }
    if (values.save) {
      const file = await saveSources(project);
      process.stderr.write(`Saved this order to ${file}.\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`porter sources: ${(error as Error).message}\n`);
    return 2;
  }
}
