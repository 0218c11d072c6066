// `porter check`: the templates against the collected files, for CI. Exits 1 when a `{% static %}` literal names a
// file collect would not write, the error Django only shows when the page renders in production.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openProject } from '../core/project/open-project';
import { checkProjectTemplates } from '../core/templates/index';
import { missingLines, templateSummaryLine } from './template-check-lines';

export const checkUsage = `Usage: porter check [--project DIR] [--source DIR[=PREFIX]]... [--ignore PATTERN]...
                    [--no-default-ignore] [--json] [--verbose] [--allow-python | --no-python]

Reads every template Django's loaders would load (TEMPLATES DIRS, then each app's templates/ in
INSTALLED_APPS order; an earlier app's template hides a later one of the same name) and checks each
{% static 'path' %} against the files collect would gather. Exits 1 when one names no collected
file; lists the collected files no template, CSS or JS names (candidates to remove, never removed).

  --project DIR          the project folder (default: the current folder)
  --source DIR[=PREFIX]  a source folder, in finder order (default: porter.json, else Django's)
  --ignore PATTERN       files collect skips (repeatable), as for porter collect
  --no-default-ignore    don't skip 'CVS', '.*' and '*~'
  --json                 print the whole result as JSON
  --verbose, -v          list every file nothing names and every tag with a variable
  --allow-python         run the project's Python to ask Django for its folders (this executes
                         the project's settings); remembered for this project
  --no-python            never run the project's Python; read settings.py as text`;

/** Beyond this many, files nothing names are counted, not listed, unless --verbose. */
const SHOWN_UNREFERENCED = 20;

export async function checkCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        project: { type: 'string' },
        source: { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        'no-default-ignore': { type: 'boolean' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        'allow-python': { type: 'boolean' },
        'no-python': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
    if (values['allow-python'] && values['no-python']) throw new Error('Use either --allow-python or --no-python, not both.');
  } catch (error) {
    process.stderr.write(`porter check: ${(error as Error).message}\n\n${checkUsage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(checkUsage + '\n');
    return 0;
  }
  let check;
  try {
    const project = await openProject({
      root: path.resolve(values.project ?? '.'),
      sourceFlags: values.source,
      pythonConsent: values['allow-python'] ? 'allow' : values['no-python'] ? 'deny' : 'ask',
    });
    check = checkProjectTemplates(project, { ignorePatterns: values.ignore, useDefaultIgnore: !values['no-default-ignore'] });
  } catch (error) {
    process.stderr.write(`porter check: ${(error as Error).message}\n`);
    return 2;
  }
  const failed = check.missing.length > 0;
  if (values.json) {
    process.stdout.write(JSON.stringify({ ok: !failed, ...check }, null, 2) + '\n');
    return failed ? 1 : 0;
  }
  const out = (line: string) => process.stdout.write(line + '\n');
  if (failed) {
    out('{% static %} paths that name no collected file (template:line):');
    missingLines(check).forEach(out);
  }
  if (check.unreferenced.length) {
    out('Collected files no template, CSS or JS names (candidates to remove; Porter removes nothing):');
    const shown = values.verbose ? check.unreferenced : check.unreferenced.slice(0, SHOWN_UNREFERENCED);
    for (const file of shown) out(`  ${file.name}  (${file.bytes} bytes, ${file.source})`);
    if (shown.length < check.unreferenced.length) out(`  … and ${check.unreferenced.length - shown.length} more (--verbose lists them all).`);
  }
  if (values.verbose) for (const tag of check.unknown) out(`  not checked: ${tag.file}:${tag.line}: ${tag.tag}`);
  for (const note of check.notes) process.stderr.write(`note: ${note}\n`);
  out(templateSummaryLine(check));
  return failed ? 1 : 0;
}
