// The templates Django's loaders would load: every file under the template folders, by name, the first folder in
// loader order winning (an app listed earlier in INSTALLED_APPS overrides a later one's template of the same name).

import fs from 'node:fs';
import path from 'node:path';
import type { TemplateFolder } from '../../contract/porter';

export interface TemplateFile {
  /** The name loaders know it by, '/'-separated (`shop/cart.html`). */
  name: string;
  file: string;
}

export interface TemplateListing {
  winners: TemplateFile[];
  /** Files hidden by a template of the same name in an earlier folder. */
  overridden: TemplateFile[];
  problems: string[];
}

export function listTemplates(folders: readonly TemplateFolder[]): TemplateListing {
  const winners = new Map<string, TemplateFile>();
  const overridden: TemplateFile[] = [];
  const problems: string[] = [];
  for (const folder of folders) {
    for (const found of walk(folder.dir, problems)) {
      if (winners.has(found.name)) overridden.push(found);
      else winners.set(found.name, found);
    }
  }
  return { winners: [...winners.values()], overridden, problems };
}

/** Files under `root` (symlinks followed, each real folder once, hidden entries skipped as no template name has them). */
function walk(root: string, problems: string[]): TemplateFile[] {
  const files: TemplateFile[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, prefix: string) => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      if (seen.has(real)) return;
      seen.add(real);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (dir !== root || (error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`Porter could not read the template folder ${dir}: ${(error as Error).message}.`);
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue;
      const absolute = path.join(dir, entry.name);
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      const kind = entry.isSymbolicLink() ? statKind(absolute) : entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined;
      if (kind === 'dir') visit(absolute, name);
      else if (kind === 'file') files.push({ name, file: absolute });
    }
  };
  visit(root, '');
  return files;
}

function statKind(file: string): 'dir' | 'file' | undefined {
  try {
    const info = fs.statSync(file);
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}
