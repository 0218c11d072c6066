// The release workflow builds each OS's installers once per architecture, on its own runner (native modules are
// installed for the machine npm runs on). Each job writes its own electron-updater feed file (latest.yml for
// Windows, latest-mac.yml; Linux already has latest-linux.yml and latest-linux-arm64.yml), listing only its
// installer. This merges the files of the same name into one that lists every architecture's installer:
// electron-updater picks the entry whose file name holds the running architecture.
//
//   node build/merge-update-info.mjs <downloaded-artifacts-folder> <output-folder>
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, dump, load } from 'js-yaml';

/**
 * One feed from several jobs' feeds of the same release: every file once, the newest release date, the rest
 * (version, legacy path/sha512) from the first.
 * @param {Array<{ version: string, files: Array<{ url: string, sha512: string }>, releaseDate?: string }>} feeds
 */
export function mergeUpdateInfo(feeds) {
  if (feeds.length === 0) throw new Error('No update feeds to merge.');
  const [first] = feeds;
  const files = new Map();
  for (const feed of feeds) {
    if (feed.version !== first.version) {
      throw new Error(`The jobs built different versions (${first.version} and ${feed.version}); build one tag at a time.`);
    }
    for (const file of feed.files ?? []) {
      const known = files.get(file.url);
      if (known && known.sha512 !== file.sha512) throw new Error(`Two jobs built different files named ${file.url}.`);
      files.set(file.url, file);
    }
  }
  const dates = feeds.map((feed) => feed.releaseDate).filter(Boolean).sort();
  return { ...first, files: [...files.values()], ...(dates.length > 0 ? { releaseDate: dates.at(-1) } : {}) };
}

/** electron-builder's feed files: latest.yml, latest-mac.yml, latest-linux.yml, latest-linux-arm64.yml, … */
const isFeed = (name) => /^latest(-[\w-]+)?\.yml$/.test(name);

/** Merges every feed under `from` (any depth) by file name into `to`; returns the names written. */
export function mergeUpdateInfoFiles(from, to) {
  const byName = new Map();
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !isFeed(entry.name)) continue;
    const feeds = byName.get(entry.name) ?? [];
    // The core schema keeps releaseDate a string (the default one would turn a timestamp into a Date).
    feeds.push(load(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'), { schema: CORE_SCHEMA }));
    byName.set(entry.name, feeds);
  }
  if (byName.size === 0) throw new Error(`No latest*.yml under ${from}: did the installer jobs upload their release/ folders?`);
  mkdirSync(to, { recursive: true });
  for (const [name, feeds] of byName) writeFileSync(path.join(to, name), dump(mergeUpdateInfo(feeds), { lineWidth: -1 }));
  return [...byName.keys()].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [from, to] = process.argv.slice(2);
  if (!from || !to) {
    console.error('Usage: node build/merge-update-info.mjs <downloaded-artifacts-folder> <output-folder>');
    process.exit(2);
  }
  try {
    console.log(`Update feeds merged into ${to}: ${mergeUpdateInfoFiles(from, to).join(', ')}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
