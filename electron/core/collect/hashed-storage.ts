// A model of ManifestStaticFilesStorage.post_process: hashed names, rewritten CSS/JS references
// and the manifest table, computed in memory so nothing is written until the whole result is known.
// The destination is modelled as Django sees it during a run on an empty STATIC_ROOT: the
// originals copied first, then hashed files saved and deleted pass by pass.
import { createHash } from 'node:crypto';
import { djangoAtLeast, type BrokenReference, type DjangoVersion } from '../../contract/porter';
import { matchesPatterns } from './py-fnmatch';
import { compareCodePoints } from './py-json';
import { referencePatterns, substitute, type ReferenceMatch, type ReferencePattern } from './reference-patterns';
import {
  dirname,
  normpath,
  pathJoin,
  pathSplit,
  pyStrip,
  quote,
  splitext,
  unquote,
  urldefrag,
  urljoin,
  urlsplit,
  urlunsplit,
} from './py-url';

const MAX_POST_PROCESS_PASSES = 5;

export interface PostProcessFile {
  /** Destination path (prefixed). */
  name: string;
  /** Path inside its source folder: Django matches `*.css`/`*.js` against it. */
  relPath: string;
  /** Absolute source path. */
  sourcePath: string;
  size: number;
  /** Full md5 hex of the file's bytes. */
  md5: string;
  /** The bytes, read for adjustable (CSS/JS) files only. */
  content?: Buffer;
}

export interface StoredFile {
  size: number;
  md5: string;
  /** An absolute source path to copy, or bytes to write. */
  data: string | Buffer;
}

export interface PostProcessResult {
  /** The destination as it stands after post-processing: every original plus the hashed files. */
  destination: Map<string, StoredFile>;
  /** `hashed_files`, in Django's insertion order (the manifest's `paths`). */
  hashedFiles: Map<string, string>;
  /** Every reference that does not resolve, each left as it is in the rewritten text. */
  brokenReferences: BrokenReference[];
  /** Missing maps whose `sourceMappingURL` comment was removed instead (`dropMissingSourceMaps`). */
  droppedSourceMaps: BrokenReference[];
  problems: string[];
  /** How often Django yields adjustable files as processed: once each from 4.0, once per pass in 3.2. */
  adjustableYields: number;
  /** Hashed copies of other files; Django counts those absent from the output before the run as post-processed. */
  hashedCopies: string[];
}

/** What `collectstatic` prints as post-processed, given what the output folder held before the run. */
export function postProcessedCount(result: Pick<PostProcessResult, 'adjustableYields' | 'hashedCopies'>, existedBefore: (name: string) => boolean): number {
  return result.adjustableYields + result.hashedCopies.filter((name) => !existedBefore(name)).length;
}

export function md5Hex(content: Buffer | string): string {
  return createHash('md5').update(content).digest('hex');
}

/** A reference that cannot be resolved; Django raises ValueError (or SuspiciousFileOperation). */
class UnresolvedReference extends Error {
  constructor(
    readonly resolvedTo: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** `HashedFilesMixin.hashed_name` for known content. */
export function hashedName(name: string, fileHash: string | null): string {
  const parsed = urlsplit(unquote(name));
  const clean = pyStrip(parsed.path);
  const [dir, filename] = pathSplit(clean);
  const [root, ext] = splitext(filename);
  const suffix = fileHash ? `.${fileHash}` : '';
  let path = pathJoin(dir, `${root}${suffix}${ext}`);
  if (name.includes('?#') && !parsed.query) path += '?';
  return urlunsplit({ ...parsed, path });
}

const cleanName = (name: string) => name.replaceAll('\\', '/');
const lineOf = (text: string, offset: number) => {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

interface RewriteMemo {
  lookups: ReadonlyArray<readonly [string, string]>;
  output: { content: Buffer; md5: string };
}

/** A name as `_stored_name` takes it apart; `md5` and `hashed` keep the last answer made from the destination. */
interface NameParts {
  normalized: string;
  /** The `hashed_files` key. */
  key: string;
  /** The path `exists` checks, as Django strips it from the URL. */
  filename: string;
  /** `filename` normalised; null when it leaves the static root. */
  relative: string | null;
  md5: string;
  hashed: string;
}

/** The converter's view of a name: what it looks up, and the last segment made from the last answer. */
interface LastSegment {
  /** The name without its fragment; null for a directory-like path, which is used as it is. */
  lookup: string | null;
  fragment: string;
  hashed: string | null;
  last: string;
}

/** A lookup answer no real name can equal: the reference did not resolve. */
const UNRESOLVED = '\0unresolved';

export class HashedStorageModel {
  private readonly destination = new Map<string, StoredFile>();
  private readonly directories = new Set<string>(['']);
  private readonly hashedFiles = new Map<string, string>();
  private readonly broken = new Map<string, BrokenReference>();
  private readonly dropped = new Map<string, BrokenReference>();
  private readonly problems: string[] = [];
  private readonly patterns;
  private readonly adjustableKeys: string[];
  /** Each adjustable file's last rewrite and the name lookups it depended on. */
  private readonly memos = new Map<string, RewriteMemo>();
  private readonly decoded = new Map<string, string>();
  private recording: Array<readonly [string, string]> | null = null;
  /** What `_stored_name` and the converter work out from a name alone, once per name: every pass asks again. */
  private readonly names = new Map<string, NameParts>();
  private readonly lastSegments = new Map<string, LastSegment>();

  private readonly hashedCopies: string[] = [];

  constructor(
    private readonly version: DjangoVersion,
    private readonly staticUrl: string,
    private readonly options: { dropMissingSourceMaps?: boolean } = {},
  ) {
    this.patterns = referencePatterns(version);
    this.adjustableKeys = this.patterns.map(([key]) => key);
  }

  run(files: readonly PostProcessFile[]): PostProcessResult {
    for (const file of files) this.save(file.name, { size: file.size, md5: file.md5, data: file.sourcePath });

    const adjustable = new Set(files.filter((file) => matchesPatterns(file.name, this.adjustableKeys)).map((file) => file.name));
    // The first pass takes every file; the later ones only the adjustable files.
    Array.from(this.pass(files, adjustable));
    const adjustableFiles = files.filter((file) => adjustable.has(file.name));
    let substitutions = false;
    let unresolved: string[] = [];
    let passes = 1;
    for (let i = 0; i < MAX_POST_PROCESS_PASSES; i++) {
      substitutions = false;
      unresolved = [];
      passes++;
      for (const result of this.pass(adjustableFiles, adjustable)) {
        if (result.substitutions) unresolved.push(result.name);
        substitutions ||= result.substitutions;
      }
      if (!substitutions) break;
    }
    if (substitutions) {
      const names = [...unresolved].sort(compareCodePoints).join(', ');
      this.problems.push(
        `These files still changed after ${MAX_POST_PROCESS_PASSES} passes, so their references form a cycle or a chain too long for Django: ${names}. Break the @import/url() cycle.`,
      );
    }
    return {
      destination: this.destination,
      hashedFiles: this.hashedFiles,
      brokenReferences: [...this.broken.values()],
      droppedSourceMaps: [...this.dropped.values()],
      problems: this.problems,
      // 4.0+ yields adjustable files once, at the end; 3.2 once per pass.
      adjustableYields: adjustableFiles.length * (this.version === '3.2' ? passes : 1),
      hashedCopies: this.hashedCopies,
    };
  }

  /** `_post_process`: deepest paths first, ties in found order (Python's stable sort). */
  private *pass(files: readonly PostProcessFile[], adjustable: ReadonlySet<string>) {
    const ordered = files
      .map((file, index) => ({ file, index, depth: file.name.split('/').length }))
      .sort((a, b) => b.depth - a.depth || a.index - b.index);
    for (const { file } of ordered) {
      let substitutions = true;
      const hashKey = cleanName(file.name);
      let hashed = this.hashedFiles.get(hashKey) ?? hashedName(file.name, file.md5.slice(0, 12));
      const hashedExists = this.destination.has(hashed);
      if (adjustable.has(file.name)) {
        const previous = hashed;
        const { content, md5 } = this.rewritten(file);
        if (hashedExists) this.delete(hashed);
        hashed = hashedName(file.name, md5.slice(0, 12));
        this.delete(hashed);
        this.save(hashed, { size: content.length, md5, data: content });
        hashed = cleanName(hashed);
        if (previous === hashed) substitutions = false;
      } else if (!hashedExists) {
        this.save(hashed, { size: file.size, md5: file.md5, data: file.sourcePath });
        this.hashedCopies.push(hashed);
        hashed = cleanName(hashed);
      }
      this.hashedFiles.set(hashKey, hashed);
      yield { name: file.name, substitutions };
    }
  }

  /**
   * Django rewrites every adjustable file from its original text in every pass. The result depends only on what the
   * file's references resolve to, so when every lookup of the last rewrite still gives the same answer, so does the
   * rewrite: reuse it.
   */
  private rewritten(file: PostProcessFile): { content: Buffer; md5: string } {
    const memo = this.memos.get(file.name);
    if (memo && memo.lookups.every(([name, answer]) => this.lookup(name) === answer)) return memo.output;
    const lookups: Array<readonly [string, string]> = [];
    this.recording = lookups;
    let text: string;
    try {
      text = this.rewrite(file);
    } finally {
      this.recording = null;
    }
    const content = Buffer.from(text, 'utf8');
    const output = { content, md5: md5Hex(content) };
    this.memos.set(file.name, { lookups, output });
    return output;
  }

  private lookup(name: string): string {
    try {
      return this.storedName(name);
    } catch (error) {
      if (error instanceof UnresolvedReference) return UNRESOLVED;
      throw error;
    }
  }

  private rewrite(file: PostProcessFile): string {
    let content = this.decoded.get(file.name);
    if (content === undefined) {
      try {
        content = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(file.content);
      } catch {
        this.problem(`${file.sourcePath} is not valid UTF-8, so its references cannot be rewritten. Save it as UTF-8.`);
        content = '';
      }
      this.decoded.set(file.name, content);
    }
    for (const [key, patterns] of this.patterns) {
      if (!matchesPatterns(file.relPath, [key])) continue;
      for (const pattern of patterns) {
        const before = content;
        content = substitute(content, pattern, (match, offset) => this.convert(file, match, before, offset, pattern));
      }
    }
    return content;
  }

  private problem(message: string): void {
    if (!this.problems.includes(message)) this.problems.push(message);
  }

  /** `url_converter`'s converter. */
  private convert(file: PostProcessFile, match: ReferenceMatch, text: string, offset: number, pattern: ReferencePattern): string {
    const { matched, url } = match;
    if (/^[a-z]+:/.test(url)) return matched;
    if (djangoAtLeast(this.version, '5.2') && url.startsWith('//')) return matched;
    if (url.startsWith('/') && !url.startsWith(this.staticUrl)) return matched;
    const [urlPath, fragment] = urldefrag(url);
    if (this.version !== '3.2' && !urlPath) return matched;
    const target = urlPath.startsWith('/') ? urlPath.slice(this.staticUrl.length) : pathJoin(dirname(file.name), urlPath);
    let hashedLast: string;
    try {
      hashedLast = this.hashedLastSegment(unquote(target));
    } catch (error) {
      if (!(error instanceof UnresolvedReference)) throw error;
      const line = lineOf(text, offset);
      const sourceMap = pattern.sourceMap === true;
      const drop = sourceMap && this.options.dropMissingSourceMaps === true;
      (drop ? this.dropped : this.broken).set(`${file.name}\0${line}\0${url}`, {
        file: file.sourcePath,
        name: file.name,
        line,
        reference: url,
        resolvedTo: error.resolvedTo,
        reason: error.reason,
        sourceMap,
      });
      // Django stops here; a run that goes on anyway keeps the reference exactly as the source has it.
      return drop ? '' : match.whole;
    }
    let transformed = [...urlPath.split('/').slice(0, -1), hashedLast].join('/');
    if (fragment) transformed += (url.includes('?#') ? '?#' : '#') + fragment;
    return pattern.template(unquote(transformed));
  }

  /** The last path segment of `_url(self._stored_name, name, force=True, hashed_files=...)`: all the converter uses. */
  private hashedLastSegment(name: string): string {
    let segment = this.lastSegments.get(name);
    if (!segment) {
      const [clean, fragment] = urldefrag(name);
      segment = { lookup: urlsplit(clean).path.endsWith('/') ? null : clean, fragment, hashed: null, last: '' };
      this.lastSegments.set(name, segment);
    }
    const hashed = segment.lookup === null ? name : this.storedName(segment.lookup);
    if (segment.hashed !== hashed) {
      segment.hashed = hashed;
      segment.last = this.lastSegmentOf(name, hashed, segment.fragment);
    }
    return segment.last;
  }

  private lastSegmentOf(name: string, hashed: string, fragment: string): string {
    const relative = quote(hashed.replaceAll('\\', '/'), "/~!*()'").replace(/^\/+/, '');
    const queryFragment = name.includes('?#');
    if (!fragment && !queryFragment) {
      // unquote(urljoin(STATIC_URL, quote(x))) gives back x with its dot segments resolved; only the last one matters.
      const last = relative.slice(relative.lastIndexOf('/') + 1);
      return last === '.' || last === '..' ? '' : unquote(last);
    }
    let finalUrl = urljoin(this.staticUrl, relative);
    const parts = urlsplit(finalUrl);
    if (fragment && !parts.fragment) parts.fragment = fragment;
    if (queryFragment && !parts.query) parts.path += '?';
    finalUrl = urlunsplit(parts);
    return unquote(finalUrl).split('/').pop()!;
  }

  /** `_stored_name`, recording each answer while a rewrite is being recorded. */
  private storedName(name: string): string {
    if (!this.recording) return this.resolveStoredName(name);
    let answer = UNRESOLVED;
    try {
      answer = this.resolveStoredName(name);
      return answer;
    } finally {
      this.recording.push([name, answer]);
    }
  }

  /** `_stored_name`: the table first, else the hash of what the destination holds under that name (`safe_join` + `exists`). */
  private resolveStoredName(name: string): string {
    const parts = this.nameParts(name);
    const cached = this.hashedFiles.get(parts.key);
    if (cached !== undefined) return cached;
    const { relative, filename } = parts;
    if (relative === null) throw new UnresolvedReference(filename, 'it points outside the static root');
    if (relative === '.' || this.directories.has(relative)) return parts.key;
    const stored = this.destination.get(relative);
    if (!stored) throw new UnresolvedReference(filename, 'no collected file has this path');
    if (parts.md5 !== stored.md5) {
      parts.md5 = stored.md5;
      parts.hashed = cleanName(hashedName(parts.normalized, stored.md5.slice(0, 12)));
    }
    return parts.hashed;
  }

  private nameParts(name: string): NameParts {
    let parts = this.names.get(name);
    if (!parts) {
      const normalized = normpath(name);
      const filename = pyStrip(urlsplit(unquote(normalized)).path);
      const relative = normpath(filename);
      const outside = filename.startsWith('/') || relative === '..' || relative.startsWith('../');
      parts = { normalized, key: cleanName(normalized), filename, relative: outside ? null : relative, md5: '', hashed: '' };
      this.names.set(name, parts);
    }
    return parts;
  }

  private save(name: string, file: StoredFile): void {
    this.destination.set(name, file);
    for (let dir = dirname(name); dir && !this.directories.has(dir); dir = dirname(dir)) this.directories.add(dir);
  }

  private delete(name: string): void {
    this.destination.delete(name);
  }
}
