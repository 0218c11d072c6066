// `porter collect`: the CLI face of electron/core/collect, for people and for CI.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import type { BrokenReference, CollectReport, DjangoVersion, Project, TemplateCheck } from '../contract/porter';
import { DJANGO_VERSIONS, DjangoVersionSchema } from '../contract/porter';
import { CollectError, loadCollectConfig, projectSourceRoots, runCollect, type CollectConfig } from '../core/collect/index';
import { openProject, rememberPythonConsent } from '../core/project/open-project';
import type { OptimizeBudget } from '../core/optimize/budget';
import { loadOptimizeBudget } from '../core/optimize/load-budget';
import { loadRecipes, type RecipeRule } from '../core/recipes/index';
import { checkProjectTemplates } from '../core/templates/index';
import { videoToolsOptions } from '../core/video/ffmpeg-setting';
import { collectUsage } from './collect-usage';
import { templateSummaryLine } from './template-check-lines';

interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

const console_: Output = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

class UsageError extends Error {}

/** Beyond this many, duplicate notices are counted, not listed: a long list hides the summary. */
const SHOWN_DUPLICATES = 10;

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      project: { type: 'string' },
      source: { type: 'string', multiple: true },
      out: { type: 'string' },
      'django-version': { type: 'string' },
      'no-hash': { type: 'boolean' },
      ignore: { type: 'string', multiple: true },
      'no-default-ignore': { type: 'boolean' },
      'no-recipes': { type: 'boolean' },
      compress: { type: 'boolean' },
      'no-compress': { type: 'boolean' },
      'keep-broken-references': { type: 'boolean' },
      'drop-missing-source-maps': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      'allow-python': { type: 'boolean' },
      'no-python': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length) throw new UsageError(`Unexpected argument '${positionals[0]}'. Folders are given with --project, --source or --out.`);
  if (values.compress && values['no-compress']) throw new UsageError('Use either --compress or --no-compress, not both.');
  if (values['allow-python'] && values['no-python']) throw new UsageError('Use either --allow-python or --no-python, not both.');
  const version = values['django-version'];
  if (version !== undefined && !DjangoVersionSchema.safeParse(version).success) {
    throw new UsageError(`--django-version must be ${DJANGO_VERSIONS.slice(0, -1).join(', ')} or ${DJANGO_VERSIONS.at(-1)} (got '${version}').`);
  }
  return values;
}

async function askPythonConsent(python: string): Promise<boolean> {
  const readline = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await readline.question(
      `Porter found a Python that can import Django: ${python}\n` +
        "Asking Django for its static sources gives the exact list, but it runs your project's settings module.\n" +
        'Allow Porter to run it for this project? [y/N] ',
    );
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    readline.close();
  }
}

async function loadProject(values: ReturnType<typeof parse>, output: Output): Promise<Project> {
  const root = path.resolve(values.project ?? '.');
  const consent = values['allow-python'] ? 'allow' : values['no-python'] ? 'deny' : 'ask';
  let project = await openProject({ root, sourceFlags: values.source, pythonConsent: consent });
  const pending = project.detection.pythonConsentNeeded;
  if (pending && process.stdin.isTTY && !values.json) {
    const allow = await askPythonConsent(pending.python);
    await rememberPythonConsent(undefined, project.root, pending.python, allow);
    project = await openProject({ root, sourceFlags: values.source, pythonConsent: allow ? 'allow' : 'deny' });
  } else if (pending && !values.json) {
    output.err(`Note: ${pending.python} can ask Django for the exact sources; pass --allow-python to let Porter run it (it executes your settings).`);
  }
  return project;
}

function describeSources(project: Project, output: Output): void {
  if (project.detection.certainty === 'exact' && project.detection.method !== 'django') return;
  const how = { flags: '--source flags', 'porter.json': 'porter.json', django: "Django's own finders", 'settings-text': 'reading settings.py', none: 'nothing' }[project.detection.method];
  output.err(`Sources (${project.detection.certainty}, from ${how}):`);
  for (const source of project.sources) {
    output.err(`  ${source.dir}${source.prefix ? ` => ${source.prefix}/` : ''}${source.exists ? '' : '  (does not exist)'}`);
  }
  for (const note of project.detection.notes) output.err(`  note: ${note}`);
  if (project.detection.certainty === 'unsure') {
    output.err('  If this order is right, save it with `porter sources --save` (or list the sources in porter.json) so collect no longer guesses.');
  }
}

/** The templates against what was just collected; only for a Django project, whose settings say where templates are. */
function collectedTemplateCheck(project: Project, report: CollectReport): TemplateCheck | undefined {
  if (!project.detection.templateFolders) return undefined;
  return checkProjectTemplates(project, { collected: report.files.map((file) => ({ name: file.name, absPath: file.source, size: file.bytes })) });
}

function printBroken(references: BrokenReference[], output: Output): void {
  for (const reference of references) {
    output.err(`  ${reference.file}:${reference.line}: '${reference.reference}' -> '${reference.resolvedTo}': ${reference.reason}`);
  }
}

export async function collectCommand(argv: string[], output: Output = console_): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    output.err(`porter collect: ${(error as Error).message}\n\n${collectUsage}`);
    return 2;
  }
  if (values.help) {
    output.out(collectUsage);
    return 0;
  }

  let project: Project;
  let recipes: RecipeRule[];
  let optimizeBudget: OptimizeBudget;
  let config: CollectConfig;
  try {
    project = await loadProject(values, output);
    recipes = values['no-recipes'] ? [] : await loadRecipes(project.root);
    optimizeBudget = await loadOptimizeBudget(project.root);
    config = await loadCollectConfig(project.root);
  } catch (error) {
    output.err(`porter collect: ${(error as Error).message}`);
    return 2;
  }
  // Without --out, collect goes where collectstatic would: the settings' STATIC_ROOT.
  const target = values.out ?? project.detection.staticRoot;
  if (!target) {
    output.err(
      `porter collect: the project's settings set no STATIC_ROOT, so there is no folder to collect into. Give --out DIR (for this project usually --out ${project.outDir}), or set STATIC_ROOT in the settings.`,
    );
    return 2;
  }
  const outDir = path.resolve(target);
  if (!values.out && !values.json) output.err(`Collecting into STATIC_ROOT: ${outDir}`);
  if (project.sources.length === 0) {
    output.err(
      `porter collect: no static sources found in ${project.root}. ${project.detection.notes.join(' ')} ` +
        'Add sources with --source DIR (or DIR=PREFIX), or list them in porter.json: {"sources": [{"dir": "assets"}, {"dir": "vendor_src", "prefix": "vendor"}]}.',
    );
    return 2;
  }
  if (!values.json) describeSources(project, output);
  for (const source of project.sources) if (source.warning) output.err(`warning: ${source.dir}: ${source.warning}`);

  const sources = projectSourceRoots(project);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  const showProgress = !values.json && process.stderr.isTTY;
  try {
    const report = await runCollect({
      sources,
      outDir,
      djangoVersion: (values['django-version'] as DjangoVersion | undefined) ?? project.djangoVersion,
      hashing: !values['no-hash'],
      ignorePatterns: values.ignore ?? [],
      useDefaultIgnore: !values['no-default-ignore'],
      dryRun: Boolean(values['dry-run']),
      staticUrl: project.detection.staticUrl,
      recipes,
      video: await videoToolsOptions(project.root),
      optimizeBudget,
      compress: values.compress ? true : values['no-compress'] ? false : config.compress,
      keepBroken: { keepAll: values['keep-broken-references'], rules: config.keepBrokenReferences },
      dropMissingSourceMaps: values['drop-missing-source-maps'] || config.dropMissingSourceMaps,
      signal: controller.signal,
      onProgress: showProgress
        ? (progress) => process.stderr.write(`\r${progress.phase} ${progress.done}/${progress.total} files, ${(progress.bytes / 1e6).toFixed(1)} MB   `)
        : undefined,
    });
    if (showProgress) process.stderr.write('\r\x1b[K');
    const templates = collectedTemplateCheck(project, report);
    if (values.json) {
      output.out(JSON.stringify({ ok: true, ...report, ...(templates ? { templates } : {}) }, null, 2));
      return 0;
    }
    for (const warning of report.warnings) output.err(`warning: ${warning}`);
    if (report.followedSymlinks.length > 1) {
      if (values.verbose) for (const link of report.followedSymlinks) output.err(`  ${link.link} -> ${link.target}`);
      else output.err('  (--verbose lists them)');
    }
    for (const duplicate of report.duplicates.slice(0, SHOWN_DUPLICATES)) {
      output.err(
        `Found another file with the destination path '${duplicate.name}'. It will be ignored since only the first encountered file is collected.\n  kept:    ${duplicate.kept}\n  ignored: ${duplicate.ignored}`,
      );
    }
    const hidden = report.duplicates.length - SHOWN_DUPLICATES;
    if (hidden > 0) output.err(`… and ${hidden} more files whose destination path was already taken (--json lists them all).`);
    if (report.keptReferences.length) {
      output.err('Kept as they are (broken references, file:line: reference -> resolved path):');
      printBroken(report.keptReferences, output);
    }
    if (report.droppedSourceMaps.length) {
      output.err('Dropped (sourceMappingURL comments whose map is missing):');
      printBroken(report.droppedSourceMaps, output);
    }
    output.out(report.summary);
    if (templates) output.out(templateSummaryLine(templates) + (templates.missing.length ? ' porter check lists them.' : ''));
    if (report.written === 0 && !report.dryRun) output.out(`Nothing changed: ${report.outDir} is already up to date.`);
    else if (report.dryRun) output.out('Dry run: nothing was written.');
    return 0;
  } catch (error) {
    if (showProgress) process.stderr.write('\r\x1b[K');
    if (error instanceof CollectError) {
      if (values.json) {
        output.out(JSON.stringify({ ok: false, error: error.message, brokenReferences: error.brokenReferences, problems: error.problems }, null, 2));
      } else {
        output.err(error.message);
        if (error.brokenReferences.length) {
          output.err('Broken references (file:line: reference -> resolved path):');
          printBroken(error.brokenReferences, output);
          output.err(
            'To collect anyway with these left as they are, pass --keep-broken-references, or accept them in porter.json: ' +
              '"collect": {"keepBrokenReferences": [{"file": "vendor/*.css"}, {"file": "app/x.css", "reference": "x.png"}]}.',
          );
          if (error.brokenReferences.some((reference) => reference.sourceMap)) {
            output.err('For a missing .map, --drop-missing-source-maps (porter.json "dropMissingSourceMaps": true) removes its sourceMappingURL comment instead.');
          }
        }
        for (const problem of error.problems) output.err(`  ${problem}`);
      }
      return 1;
    }
    if ((error as Error).name === 'AbortError') {
      output.err('Collect was cancelled. Files already written are complete; staticfiles.json still names the previous files.');
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
  }
}
