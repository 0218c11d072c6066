// Before a push: every `{% static 'literal' %}` that names no collected file (ManifestStaticFilesStorage raises
// ValueError for it when the page renders, in production only), and the collected files nothing names.

import fs from 'node:fs';
import path from 'node:path';
import type { StaticTag, TemplateCheck, TemplateFolder } from '../../contract/porter';
import { findStaticTags, manifestKey } from './static-tags';
import { listTemplates } from './template-files';

export interface CollectedFile {
  /** The name under STATIC_URL. */
  name: string;
  /** Its source file. */
  absPath: string;
  size: number;
}

export interface TemplateCheckInput {
  templateFolders: readonly TemplateFolder[];
  /** What makes the folders uncertain (from reading the settings). */
  templateNotes?: readonly string[];
  collected: readonly CollectedFile[];
}

/** Collected files whose text may name other files: what the "not referenced" search reads besides templates. */
const NAMING_TYPES = new Set(['.css', '.js', '.mjs', '.cjs', '.map', '.html', '.htm', '.json', '.webmanifest', '.svg', '.xml']);
/** Larger text is a bundle or data, read only up to here. */
const MAX_TEXT_BYTES = 8 * 1024 * 1024;
// What ends a file name inside CSS, JS, HTML or a URL: quotes, brackets, separators, query and fragment marks.
const NAME_DELIMITERS = /[\s"'`()<>[\]{}\\/|,;:=?#&*!^$]+/u;

export function checkTemplates(input: TemplateCheckInput): TemplateCheck {
  const notes = [...(input.templateNotes ?? [])];
  const listing = listTemplates(input.templateFolders);
  notes.push(...listing.problems);
  const collectedNames = new Set(input.collected.map((file) => file.name));
  const missing: StaticTag[] = [];
  const unknown: StaticTag[] = [];
  const namedByTags = new Set<string>();
  const mentions = new Mentions();
  let literalTags = 0;

  for (const template of listing.winners) {
    const source = readText(template.file, notes);
    if (source === undefined) continue;
    mentions.add(template.file, source);
    const found = findStaticTags(source);
    for (const old of found.oldLoads) {
      notes.push(`${template.name} line ${old.line}: ${old.tag} loads a tag library Django 3.0 removed, so this template fails to load; write {% load static %} instead.`);
    }
    for (const tag of found.tags) {
      const at = { template: template.name, file: template.file, line: tag.line, tag: tag.tag };
      if (tag.literal === undefined) {
        unknown.push({ ...at, name: tag.argument });
        continue;
      }
      literalTags++;
      const key = manifestKey(tag.literal);
      if (key === undefined) continue;
      namedByTags.add(key);
      if (!collectedNames.has(key)) missing.push({ ...at, name: key });
    }
  }

  // With no template read, nearly every file would look unused: say nothing rather than list them all.
  const candidates = listing.winners.length === 0 ? [] : input.collected;
  for (const file of candidates) {
    if (!NAMING_TYPES.has(path.extname(file.name).toLowerCase())) continue;
    const text = readText(file.absPath, notes);
    if (text !== undefined) mentions.add(file.absPath, text);
  }
  const unreferenced = candidates
    .filter((file) => !namedByTags.has(file.name) && !mentions.namedOutside(path.posix.basename(file.name), file.absPath))
    .map((file) => ({ name: file.name, source: file.absPath, bytes: file.size }))
    // By name, so the list reads like a folder listing whatever order the disk returns files in.
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  if (input.templateFolders.length === 0) {
    notes.push('Porter found no template folders: the settings name no TEMPLATES DIRS and no app templates/ folder, so no template was checked and no file is listed as unused.');
  }
  if (unknown.length && unreferenced.length) {
    notes.push(`${unknown.length} {% static %} tag${unknown.length === 1 ? ' names its file' : 's name their files'} with a variable, so some files listed as not referenced may still be used.`);
  }
  return {
    templateFolders: [...input.templateFolders],
    templates: listing.winners.length,
    overridden: listing.overridden.length,
    literalTags,
    missing,
    unknown,
    unreferenced,
    collectedFiles: input.collected.length,
    notes,
  };
}

/** Which file names appear as a whole word in which texts (delimited as a path part or a quoted string is). */
class Mentions {
  /** A name, and the one file that holds it, or null once two files do. */
  private readonly owners = new Map<string, string | null>();

  add(file: string, text: string): void {
    for (const word of new Set(text.split(NAME_DELIMITERS))) {
      const owner = this.owners.get(word);
      if (owner === undefined) this.owners.set(word, file);
      else if (owner !== file) this.owners.set(word, null);
    }
  }

  /** A file naming only itself (its own source map comment, a banner) does not keep it. */
  namedOutside(basename: string, file: string): boolean {
    const owner = this.owners.get(basename);
    return owner === null || (owner !== undefined && owner !== file);
  }
}

function readText(file: string, notes: string[]): string | undefined {
  let bytes: Buffer;
  try {
    const handle = fs.openSync(file, 'r');
    try {
      const size = Math.min(fs.fstatSync(handle).size, MAX_TEXT_BYTES);
      bytes = Buffer.alloc(size);
      fs.readSync(handle, bytes, 0, size, 0);
    } finally {
      fs.closeSync(handle);
    }
  } catch (error) {
    notes.push(`Porter could not read ${file}: ${(error as Error).message}.`);
    return undefined;
  }
  // Binary files (an image kept among the templates) name nothing.
  if (bytes.includes(0)) return undefined;
  return bytes.toString('utf8');
}
