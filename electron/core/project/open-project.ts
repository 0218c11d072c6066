// Opens a project folder: where its static sources are, in Django's finder order, and which
// Django's output to reproduce. Sources come from --source flags, else porter.json, else the
// Django project itself (Django's own answer when the user lets Porter run Python, else the
// settings read as text).

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { NEWEST_DJANGO_VERSION, type Detection, type DjangoVersion, type Project, type Source } from '../../contract/porter';
import type { DjangoFindings } from './django-findings';
import { runDjangoProbe } from './django-probe';
import { supportedDjangoVersion } from './django-version';
import { locateDjangoProject, type DjangoProjectLocation } from './manage-py';
import { readPorterJson, writePorterJsonSources, type PorterJson } from './porter-json';
import { isPathInside } from '../path-inside';
import { isDirectory } from './fs-checks';
import { findingsFromProbe } from './probe-findings';
import { resolveConfigDir, storedConsent, storeConsent } from './python-consent';
import { findPythonEnvironment, type EnvironmentSearch } from './python-environment';
import { parseSourceSpec, validatePrefix } from './source-spec';
import { findingsFromSettingsText } from './text-findings';

export interface OpenProjectOptions {
  /** Project folder, absolute or relative to the working folder. */
  root: string;
  /** `--source` values: `DIR` or `DIR=PREFIX`, DIR absolute or relative to root. */
  sourceFlags?: string[];
  /** 'ask' (default): use the remembered answer, else report `pythonConsentNeeded` and read the settings as text. */
  pythonConsent?: 'allow' | 'deny' | 'ask';
  /** Where the consent store lives; default $PORTER_CONFIG_DIR, else $XDG_CONFIG_HOME/porter, else ~/.config/porter. */
  configDir?: string;
  /** Default process.env (VIRTUAL_ENV, PATH, DJANGO_SETTINGS_MODULE…). */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_DJANGO_VERSION: DjangoVersion = NEWEST_DJANGO_VERSION;
const DEFAULT_STATIC_URL = '/static/';

export async function openProject(options: OpenProjectOptions): Promise<Project> {
  const env = options.env ?? process.env;
  const root = await projectFolder(options.root);
  const porterJson = await readPorterJson(root);
  const explicit = options.sourceFlags?.length
    ? { method: 'flags' as const, sources: flagSources(root, options.sourceFlags) }
    : porterJson?.sources
      ? { method: 'porter.json' as const, sources: porterJsonSources(root, porterJson.sources) }
      : undefined;
  const django = await locateDjangoProject(root, env);
  // Without a Django project there is no project Python to ask: a Django installed elsewhere on the machine says
  // nothing about this project, so the version falls back to porter.json or the default.
  const search = django ? await findPythonEnvironment([...new Set([django.base, root])], env) : undefined;

  if (explicit) {
    const findings = django?.settingsModule && search ? textFindings(root, django, search, env) : undefined;
    return project(root, {
      method: explicit.method,
      certainty: 'exact',
      sources: explicit.sources,
      notes: findings?.notes ?? [],
      findings,
      search,
      porterJson,
    });
  }

  if (!django || !search) {
    return project(root, {
      method: 'none',
      certainty: 'unsure',
      sources: [],
      notes: [
        `Porter found no manage.py${porterJson ? ' and no "sources" in porter.json' : ' or porter.json'} in ${root}, ` +
          'so it does not know yet which folders hold the static files. List them as the project’s sources; Porter keeps them in porter.json.',
      ],
      porterJson,
    });
  }

  if (!django.settingsModule) {
    return project(root, {
      method: 'none',
      certainty: 'unsure',
      sources: [],
      notes: [...django.notes, 'List the folders that hold the static files as the project’s sources; Porter keeps them in porter.json.'],
      search,
      porterJson,
    });
  }

  const notes = [...django.notes, ...search.notes];
  let findings: DjangoFindings | undefined;
  let pythonConsentNeeded: Detection['pythonConsentNeeded'];
  const python = search.environment?.django ? search.environment.python : undefined;
  if (python) {
    const consent = await consentFor(options, env, root, python);
    if (consent === 'allow') {
      const probe = await runDjangoProbe({ python, cwd: django.base, settingsModule: django.settingsModule, env });
      if (probe.ok) findings = findingsFromProbe(probe.report);
      else notes.push(`Porter ran Django with ${python}, but it failed, so it read the settings as text instead. Python said: ${probe.error}`);
    } else if (consent === 'deny') {
      notes.push(`Running ${python} was declined, so Porter read the settings as text.`);
    } else {
      pythonConsentNeeded = { python };
      notes.push(`Porter can ask Django itself for the exact order by running ${python}, which executes the project's settings; until allowed, it reads the settings as text.`);
    }
  }
  findings ??= textFindings(root, django, search, env);
  return project(root, {
    method: findings.method,
    certainty: findings.doubts.length > 0 ? 'unsure' : findings.method === 'django' ? 'exact' : 'likely',
    sources: findings.sources,
    notes: [...notes, ...findings.doubts, ...findings.notes],
    findings,
    search,
    porterJson,
    pythonConsentNeeded,
  });
}

/** Remembers whether Porter may run `python` for the project at `root`; `configDir` as in openProject. */
export async function rememberPythonConsent(configDir: string | undefined, root: string, python: string, allow: boolean): Promise<void> {
  await storeConsent(resolveConfigDir(configDir, process.env), path.resolve(root), python, allow);
}

/** Writes sources, in order, to porter.json (other keys kept): the ones given, else the project's own; returns its path. */
export async function saveSources(project: Project, sources: Array<{ dir: string; prefix: string }> = project.sources): Promise<string> {
  return writePorterJsonSources(project.root, sources);
}

async function projectFolder(folder: string): Promise<string> {
  const root = path.resolve(folder);
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new Error(`The project folder ${root} does not exist. Check the path and open the folder that holds manage.py or porter.json.`);
  }
  if (!info.isDirectory()) throw new Error(`${root} is a file. Open the folder that holds manage.py or porter.json instead.`);
  return root;
}

function flagSources(root: string, flags: string[]): Source[] {
  return flags.map((flag) => {
    const { dir, prefix } = parseSourceSpec(flag);
    if (!dir) throw new Error(`--source ${flag} names no folder. Use --source DIR or --source DIR=PREFIX.`);
    const problem = validatePrefix(prefix);
    if (problem) throw new Error(`--source ${flag} ${problem}.`);
    return explicitSource(root, dir, prefix, 'flag');
  });
}

function porterJsonSources(root: string, sources: NonNullable<PorterJson['sources']>): Source[] {
  return sources.map(({ dir, prefix }) => explicitSource(root, dir, prefix, 'porter.json'));
}

function explicitSource(root: string, dir: string, prefix: string, origin: 'flag' | 'porter.json'): Source {
  const absolute = path.resolve(root, dir);
  const source: Source = { dir: absolute, prefix, origin, exists: isDirectory(absolute) };
  // porter.json is shared, so a folder outside the project is usually a path from someone else's machine or a stray "..".
  if (origin === 'porter.json' && !isPathInside(root, absolute)) {
    source.warning = `This folder is outside the project (${root}): porter.json names it as "${dir}". That is usually a mistake; check the folder, or move the files into the project.`;
  }
  return source;
}

async function consentFor(options: OpenProjectOptions, env: NodeJS.ProcessEnv, root: string, python: string): Promise<'allow' | 'deny' | 'unknown'> {
  const asked = options.pythonConsent ?? 'ask';
  if (asked !== 'ask') return asked;
  const stored = await storedConsent(resolveConfigDir(options.configDir, env), root, python);
  return stored === undefined ? 'unknown' : stored ? 'allow' : 'deny';
}

function textFindings(root: string, django: DjangoProjectLocation, search: EnvironmentSearch, env: NodeJS.ProcessEnv): DjangoFindings {
  const pythonPath = (env.PYTHONPATH ?? '').split(path.delimiter).filter(Boolean).map((entry) => path.resolve(django.base, entry));
  return findingsFromSettingsText({
    projectRoot: root,
    base: django.base,
    settingsModule: django.settingsModule!,
    sitePaths: [...pythonPath, ...(search.environment?.sitePaths ?? search.fallbackSitePaths)],
    djangoVersion: search.environment?.django?.version,
  });
}

interface ProjectParts {
  method: Detection['method'];
  certainty: Detection['certainty'];
  sources: Source[];
  notes: string[];
  findings?: DjangoFindings;
  search?: EnvironmentSearch;
  porterJson: PorterJson | undefined;
  pythonConsentNeeded?: Detection['pythonConsentNeeded'];
}

function project(root: string, parts: ProjectParts): Project {
  const notes = [...parts.notes];
  const installed = parts.findings?.djangoVersion ?? parts.search?.environment?.django?.version;
  const djangoVersion = chooseDjangoVersion(installed, parts.porterJson?.djangoVersion, parts.method, notes);
  const staticRoot = parts.findings?.staticRoot;
  if (parts.findings && parts.findings.staticUrl === undefined) {
    notes.push(`STATIC_URL is not set (Django requires it for collectstatic); Porter uses ${DEFAULT_STATIC_URL}.`);
  }
  if (staticRoot && parts.sources.some((source) => source.dir === staticRoot)) {
    notes.push('STATIC_ROOT is also a source folder; Django refuses this (staticfiles.E002).');
  }
  return {
    root,
    name: path.basename(root),
    sources: parts.sources,
    detection: {
      method: parts.method,
      certainty: parts.certainty,
      notes: [...new Set(notes)],
      ...(parts.pythonConsentNeeded ? { pythonConsentNeeded: parts.pythonConsentNeeded } : {}),
      ...(installed ? { djangoVersion: installed } : {}),
      staticUrl: parts.findings?.staticUrl ?? DEFAULT_STATIC_URL,
      ...(staticRoot ? { staticRoot } : {}),
      ...(parts.findings ? { templateFolders: parts.findings.templateFolders, templateNotes: parts.findings.templateNotes } : {}),
    },
    djangoVersion,
    outDir: staticRoot ?? path.join(root, 'staticfiles'),
  };
}

function chooseDjangoVersion(installed: string | undefined, pinned: DjangoVersion | undefined, method: Detection['method'], notes: string[]): DjangoVersion {
  if (installed) {
    const supported = supportedDjangoVersion(installed);
    if (supported.note) notes.push(supported.note);
    if (pinned && pinned !== supported.version) {
      notes.push(`porter.json pins Django ${pinned}, but Django ${installed} is installed; Porter follows the installed Django.`);
    }
    return supported.version;
  }
  if (pinned) return pinned;
  if (method !== 'none') notes.push(`Porter found no installed Django, so it reproduces Django ${DEFAULT_DJANGO_VERSION}; set "django": {"version": "…"} in porter.json to choose another.`);
  return DEFAULT_DJANGO_VERSION;
}
