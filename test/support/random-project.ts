// Seeded generator of Django-shaped static trees: STATICFILES_DIRS entries (one with a prefix) and apps, CSS that
// references other files in every form Django 3.2 rewrites or skips, JS and CSS with source maps, binaries,
// duplicates, default-ignored files and awkward names. Used by the differential test and the collect benchmark.
// Every reference resolves (Django aborts otherwise) unless `brokenReference` asks for exactly one that does not.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: tiny, fast, and the same sequence on every platform for a given seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Inclusive bounds. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Sizes of real assets spread over orders of magnitude, so sample the exponent. */
  logUniform(min: number, max: number): number {
    return Math.round(Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min))));
  }

  bytes(length: number): Buffer {
    const words = new Uint32Array(Math.ceil(length / 4));
    for (let i = 0; i < words.length; i++) words[i] = this.uint32();
    return Buffer.from(words.buffer, 0, length);
  }
}

export interface ProjectSource {
  /** Absolute folder. */
  dir: string;
  /** Public-path prefix ('' for none). */
  prefix: string;
  /** App package name for `<app>/static` folders. */
  app?: string;
}

export interface BrokenReference {
  /** Public path of the CSS file. */
  file: string;
  /** Absolute source file. */
  sourceFile: string;
  /** 1-based. */
  line: number;
  reference: string;
  /** Public path the reference resolves to (which does not exist). */
  resolvedTo: string;
}

export interface GeneratedProject {
  root: string;
  /** In Django finder order: STATICFILES_DIRS entries, then apps. */
  sources: ProjectSource[];
  /** Files written under the sources, ignored ones included. */
  fileCount: number;
  broken?: BrokenReference;
}

export interface ProjectShape {
  apps: number;
  /** Roughly how many static files to write. */
  files: number;
  minBytes: number;
  maxBytes: number;
  /** Add awkward names Django hashes oddly (`LICENSE`, `trail.`, `x#y.txt`, `a%20b.bin`, `LEGACY.CSS`, …). */
  quirks: boolean;
  /** Add a symlinked folder and a symlinked file (Django follows both). */
  symlinks: boolean;
  /** Share of CSS rules with a url() (to a file, or one Django leaves alone). Real stylesheets have far fewer. */
  referenceRate: number;
  brokenReference: boolean;
}

const defaultShape: ProjectShape = {
  apps: 4,
  files: 60,
  minBytes: 200,
  maxBytes: 4096,
  quirks: true,
  symlinks: true,
  referenceRate: 0.5,
  brokenReference: false,
};

type Kind = 'asset' | 'css' | 'js';

interface SourcePlan {
  source: ProjectSource;
  /** Folders (relative to the source) that files go into. */
  dirs: string[];
  /** Folders under the `shared` namespace several sources write into. */
  sharedDirs: string[];
}

interface PlannedFile {
  plan: SourcePlan;
  rel: string;
  publicPath: string;
  kind: Kind;
  /** CSS only: imports only reach lower levels, which keeps @import chains acyclic and short enough for 5 passes. */
  level: number;
  /** Relative path (to the source) of the file's .map, if it has one. */
  map?: string;
  /** false for the awkward names: a reference to them would test URL quoting, not collect. */
  referable: boolean;
}

const subdirs = ['css', 'css/pages', 'css/themes/dark', 'img', 'img/icons', 'fonts', 'js', 'js/vendor', 'media/x', 'my files', 'ünï', 'data.v2'];
const stems = ['logo', 'hero', 'icon', 'bg', 'sprite', 'main', 'x-y_z', 'a.b', 'jquery.min', 'my file', 'café', 'über', 'ñandú', 'straße', 'жук', 'smile😀', 'base_theme', 'print-v2'];
const assetExts = ['png', 'jpg', 'gif', 'ico', 'woff', 'woff2', 'eot', 'ttf', 'svg', 'webp', 'txt', 'json', 'tar.gz', 'bin'];

const publicPathOf = (source: ProjectSource, rel: string): string => (source.prefix ? `${source.prefix}/${rel}` : rel);
const join = (...parts: string[]): string => parts.filter(Boolean).join('/');

function planSources(rng: Rng, root: string, apps: number): SourcePlan[] {
  const folders = (namespace: string): string[] => [
    namespace,
    ...subdirs.filter((dir) => ['css', 'img'].includes(dir) || rng.chance(0.4)).map((dir) => join(namespace, dir)),
  ];
  const shared = ['shared', 'shared/img'];
  const plans: SourcePlan[] = [
    { source: { dir: path.join(root, 'assets'), prefix: '' }, dirs: folders('site'), sharedDirs: shared },
    { source: { dir: path.join(root, 'vendor_src'), prefix: 'vendor' }, dirs: folders(''), sharedDirs: [] },
  ];
  for (let i = 0; i < apps; i++) {
    const app = `app${i}`;
    plans.push({
      source: { dir: path.join(root, app, 'static'), prefix: '', app },
      dirs: folders(app),
      sharedDirs: i % 3 === 1 ? shared : [],
    });
  }
  return plans;
}

function kindFor(rng: Rng, dir: string): Kind {
  const roll = rng.next();
  if (/(^|\/)css(\/|$)/.test(dir)) return roll < 0.75 ? 'css' : 'asset';
  if (/(^|\/)js(\/|$)/.test(dir)) return roll < 0.8 ? 'js' : 'asset';
  return roll < 0.8 ? 'asset' : roll < 0.9 ? 'css' : 'js';
}

function planFiles(rng: Rng, plans: SourcePlan[], shape: ProjectShape): PlannedFile[] {
  const files: PlannedFile[] = [];
  let counter = 0;
  const add = (plan: SourcePlan, dir: string, kind: Kind, name?: string): PlannedFile => {
    const ext = kind === 'asset' ? rng.pick(assetExts) : kind;
    const rel = join(dir, name ?? `${rng.pick(stems)}${counter++}.${ext}`);
    const level = kind === 'css' ? rng.pick([0, 0, 0, 1, 1, 2, 3]) : 0;
    const file: PlannedFile = { plan, rel, publicPath: publicPathOf(plan.source, rel), kind, level, referable: name === undefined };
    if ((kind === 'css' && rng.chance(0.4)) || (kind === 'js' && rng.chance(0.5))) file.map = `${rel}.map`;
    files.push(file);
    return file;
  };
  // Apps hold most files in real projects.
  const weighted = plans.flatMap((plan) => (plan.source.app ? [plan, plan] : [plan]));
  for (let i = 0; i < shape.files; i++) {
    // Django 3.2 crashes on a missing STATICFILES_DIRS folder: give every source at least one file.
    const plan = plans[i] ?? rng.pick(weighted);
    const dir = rng.pick(plan.dirs);
    add(plan, dir, kindFor(rng, dir));
  }
  // Duplicates: the same public path from two sources; the first in finder order wins.
  const sharing = plans.filter((plan) => plan.sharedDirs.length > 0);
  for (let i = 0; i < Math.max(2, Math.round(shape.files / 40)) && sharing.length > 1; i++) {
    const first = rng.pick(sharing);
    const second = rng.pick(sharing.filter((plan) => plan !== first));
    const kind: Kind = rng.chance(0.3) ? 'css' : 'asset';
    const original = add(first, rng.pick(first.sharedDirs), kind);
    const clone: PlannedFile = { ...original, plan: second, publicPath: publicPathOf(second.source, original.rel) };
    files.push(clone);
  }
  // An app folder named like a STATICFILES_DIRS prefix collides with that entry's files (which come first).
  const vendor = plans[1]!;
  const vendorAssets = files.filter((file) => file.plan === vendor && file.kind === 'asset');
  const apps = plans.filter((plan) => plan.source.app);
  if (vendorAssets.length > 0 && apps.length > 0) {
    const original = rng.pick(vendorAssets);
    files.push({ ...original, plan: rng.pick(apps), rel: `${vendor.source.prefix}/${original.rel}` });
  }
  if (shape.quirks) {
    for (const name of ['LICENSE', 'trail.', 'archive.tar.gz', 'a%20b.bin', 'x#y.txt', 'q?x.txt', 'empty.txt']) {
      if (rng.chance(0.5)) {
        const plan = rng.pick(plans);
        add(plan, rng.pick(plan.dirs), 'asset', name);
      }
    }
  }
  return files;
}

/** The files a finder run keeps: the first per public path, in source order. */
function winners(plans: SourcePlan[], files: PlannedFile[]): PlannedFile[] {
  const byPath = new Map<string, PlannedFile>();
  for (const plan of plans) {
    for (const file of files) if (file.plan === plan && !byPath.has(file.publicPath)) byPath.set(file.publicPath, file);
  }
  return [...byPath.values()];
}

function referencePath(rng: Rng, from: string, to: string): string {
  const relative = path.posix.relative(path.posix.dirname(from), to);
  switch (rng.pick(['relative', 'relative', 'relative', 'dot', 'static', 'encoded'])) {
    case 'dot':
      return `./${relative}`;
    case 'static':
      return `/static/${to}`;
    case 'encoded':
      return relative.split('/').map(encodeURIComponent).join('/');
    default:
      return relative;
  }
}

function urlCall(rng: Rng, reference: string, suffix = rng.pick(['', '', '', '?v=3', '#frag', '?v=1#top'])): string {
  const fn = rng.pick(['url', 'url', 'url', 'URL', 'Url']);
  const quote = rng.pick(['"', "'", '']);
  // Django skips whitespace (Python's \s, which has NEL) only between `url(` and an unquoted URL, and the lazy `.*?`
  // keeps trailing blanks (and, after a query, writes them back): `url( "x" )` would be a broken reference.
  const padded = quote === '' && rng.chance(0.25);
  const lead = padded ? rng.pick([' ', ' ', '  ', '\t', '\n  ', '\u0085']) : '';
  const trail = padded ? rng.pick(['', ' ', '\t']) : '';
  return `${fn}(${lead}${quote}${reference}${suffix}${quote}${trail})`;
}

function importLine(rng: Rng, reference: string): string {
  return rng.pick([
    `@import "${reference}";`,
    `@import '${reference}';`,
    `@import url(${reference});`,
    `@import url("${reference}") screen;`,
    `@IMPORT "${reference}";`,
    // A query makes Django hash the unprocessed copy instead of using the processed file's name.
    `@import url(${reference}?v=2);`,
  ]);
}

interface ContentContext {
  rng: Rng;
  assets: PlannedFile[];
  fonts: PlannedFile[];
  css: PlannedFile[];
  shape: ProjectShape;
}

function cssRule(ctx: ContentContext, file: PlannedFile, n: number): string {
  const { rng } = ctx;
  const ref = (target: PlannedFile): string => referencePath(rng, file.publicPath, target.publicPath);
  switch (rng.chance(ctx.shape.referenceRate) ? rng.int(0, 4) : rng.int(5, 9)) {
    case 0:
    case 1:
    case 2:
      return `.c${n} { background: ${urlCall(rng, ref(rng.pick(ctx.assets)))} no-repeat; }`;
    case 3: {
      const font = rng.pick(ctx.fonts.length > 0 ? ctx.fonts : ctx.assets);
      return `@font-face { font-family: "f${n}"; src: ${urlCall(rng, ref(font), '?#iefix')} format("embedded-opentype"), ${urlCall(rng, ref(rng.pick(ctx.assets)))}; }`;
    }
    case 4:
      return `.e${n} { background: ${rng.pick([
        'url("https://example.com/x.png")',
        'url(http://example.com/y.png?a=1)',
        "url('//cdn.example.com/z.png')",
        'url(data:image/png;base64,iVBORw0KGgo=)',
        'url("data:image/svg+xml;charset=utf8,%3Csvg%3E%3C/svg%3E")',
        'url(/media/uploads/user.png)',
        'url(#default#VML)',
        'url(mailto:someone@example.com)',
        'url()',
        'url(../)',
      ])}; }`;
    case 5:
      return `.u${n}::after { content: "→ café ✓ ${n}"; }`;
    default:
      return `.p${n} { color: #${rng.uint32().toString(16).padStart(8, '0').slice(0, 6)}; margin: ${n % 17}px ${n % 5}em; }`;
  }
}

function cssText(ctx: ContentContext, file: PlannedFile, broken: { file: PlannedFile; reference: string } | undefined): { text: string; brokenLine?: number } {
  const { rng } = ctx;
  const lines = [`/* ${path.posix.basename(file.publicPath)}: thème généré ✓ */`];
  const lower = ctx.css.filter((css) => css.level < file.level);
  for (let i = rng.int(1, 2); i > 0 && lower.length > 0; i--) {
    lines.push(importLine(rng, referencePath(rng, file.publicPath, rng.pick(lower).publicPath)));
  }
  const target = rng.logUniform(ctx.shape.minBytes, ctx.shape.maxBytes / 2);
  let size = 0;
  let brokenLine: number | undefined;
  for (let n = 0; size < target || n < 3; n++) {
    const rule = cssRule(ctx, file, n);
    lines.push(rule);
    size += rule.length;
    if (broken?.file === file && n === 1) {
      lines.push(`.broken { background: url("${broken.reference}"); }`);
      brokenLine = lines.length;
    }
  }
  if (file.map) lines.push(`/*# sourceMappingURL=${path.posix.basename(file.map)} */`);
  const eol = rng.chance(0.15) ? '\r\n' : '\n';
  // Python keeps a BOM through decode/encode; a TextDecoder would silently drop it.
  const bom = rng.chance(0.1) ? '\ufeff' : '';
  return { text: bom + lines.join(eol) + eol, brokenLine };
}

function jsText(ctx: ContentContext, file: PlannedFile): string {
  const { rng } = ctx;
  const lines = [`/* ${path.posix.basename(file.publicPath)} */`, "'use strict';", '(function () {'];
  // CSS patterns must not touch JS: this url() points nowhere.
  lines.push(`  var style = "background:url(nowhere-${rng.int(0, 999)}.png)";`);
  const target = rng.logUniform(ctx.shape.minBytes, ctx.shape.maxBytes / 2);
  for (let n = 0, size = 0; size < target; n++) {
    const line = `  var v${n} = ${rng.uint32()} ^ ${rng.uint32()}; // ${rng.pick(stems)}`;
    lines.push(line);
    size += line.length;
  }
  lines.push('})();');
  if (file.map) lines.push(`//# sourceMappingURL=${path.posix.basename(file.map)}`);
  return `${lines.join('\n')}\n`;
}

function mapText(file: PlannedFile): string {
  const name = path.posix.basename(file.rel);
  return JSON.stringify({ version: 3, file: name, sources: [`src/${name}`], names: [], mappings: 'AAAA;AACA' });
}

export function generateProject(root: string, seed: number, shapeOverrides: Partial<ProjectShape> = {}): GeneratedProject {
  const shape = { ...defaultShape, ...shapeOverrides };
  const rng = new Rng(seed);
  const plans = planSources(rng, root, shape.apps);
  const files = planFiles(rng, plans, shape);
  const kept = winners(plans, files);
  const ctx: ContentContext = {
    rng,
    shape,
    assets: kept.filter((file) => file.kind === 'asset' && file.referable),
    fonts: kept.filter((file) => /\.(eot|woff2?|ttf)$/.test(file.rel)),
    css: kept.filter((file) => file.kind === 'css'),
  };
  if (ctx.assets.length === 0) throw new Error(`seed ${seed}: no asset for CSS to reference; raise shape.files`);

  let broken: BrokenReference | undefined;
  const brokenFile = shape.brokenReference ? rng.pick(ctx.css) : undefined;
  const brokenSpec = brokenFile && { file: brokenFile, reference: `../img/missing-${seed}.png` };

  let fileCount = 0;
  const write = (file: string, content: string | Buffer): void => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    fileCount++;
  };
  for (const file of files) {
    const absolute = path.join(file.plan.source.dir, file.rel);
    if (file.kind === 'css') {
      const { text, brokenLine } = cssText(ctx, file, brokenSpec);
      write(absolute, text);
      if (brokenSpec && brokenLine !== undefined) {
        broken = {
          file: file.publicPath,
          sourceFile: absolute,
          line: brokenLine,
          reference: brokenSpec.reference,
          resolvedTo: path.posix.normalize(path.posix.join(path.posix.dirname(file.publicPath), brokenSpec.reference)),
        };
      }
    } else if (file.kind === 'js') {
      write(absolute, jsText(ctx, file));
    } else {
      write(absolute, path.posix.basename(file.rel) === 'empty.txt' ? Buffer.alloc(0) : rng.bytes(rng.logUniform(shape.minBytes, shape.maxBytes)));
    }
    if (file.map) write(path.join(file.plan.source.dir, file.map), mapText(file));
  }
  if (shape.quirks) {
    const plan = rng.pick(plans);
    // Not adjustable (the `*.css` pattern is case-sensitive), so its dead reference must not matter.
    write(path.join(plan.source.dir, rng.pick(plan.dirs), 'LEGACY.CSS'), '.x { background: url(not-there.png); }\n');
    write(path.join(plan.source.dir, rng.pick(plan.dirs), 'empty.css'), '');
  }
  if (shape.symlinks) {
    // Django's listing follows links to folders and files. A link next to its target keeps relative references valid.
    const linked = rng.pick(files.filter((file) => file.plan.source.app));
    const dir = path.posix.dirname(linked.rel);
    symlinkSync(path.posix.basename(dir), path.join(linked.plan.source.dir, `${dir}-link`));
    symlinkSync(path.posix.basename(linked.rel), path.join(linked.plan.source.dir, dir, `alias-${path.posix.basename(linked.rel)}`));
  }
  // Ignored by default (CVS, .*, *~): each would be a broken reference if Porter collected it.
  const dead = '.x { background: url(does-not-exist.png); }\n';
  const site = path.join(plans[0]!.source.dir, 'site');
  write(path.join(site, '.hidden.css'), dead);
  write(path.join(site, 'backup.css~'), dead);
  write(path.join(site, 'CVS', 'Entries.css'), dead);
  write(path.join(site, '.cache', 'cached.css'), dead);
  for (const plan of plans) {
    if (plan.source.app) writeFileSync(path.join(root, plan.source.app, '__init__.py'), '');
  }
  if (shape.brokenReference && !broken) throw new Error(`seed ${seed}: no CSS file to break`);
  return { root, sources: plans.map((plan) => plan.source), fileCount, broken };
}
