// Checks a recipe against the project's files before it is saved or applied: a pattern that is not valid, which
// files it matches, and which treatments and formats can change any of them. Pure: the caller passes the public
// paths, so the UI's live feedback, porter.json writes and collect all judge a rule the same way.
import picomatch from 'picomatch';
import type { RecipeCheck, RecipeRule } from '../../contract/porter';
import { FORMAT_LABEL, formatFromName, type RasterFormat } from '../optimize/images/sniff-format';
import { isFontName } from '../optimize/fonts/sfnt';
import { isMinifiableName } from '../optimize/text/text-extensions';

type Mode = RecipeRule['mode'];
type Kind = 'image' | 'text' | 'font' | 'video' | 'other';
type TargetFormat = 'webp' | 'avif';

const MODES: readonly Mode[] = ['auto', 'lossy', 'lossless', 'minify', 'none'];
const TARGET_FORMATS: readonly TargetFormat[] = ['webp', 'avif'];

export const MODE_LABEL: Record<Mode, string> = {
  auto: 'Lossy, auto quality',
  lossy: 'Lossy',
  lossless: 'Lossless',
  minify: 'Minify',
  none: 'Leave as is',
};

/** Which kind of file each treatment changes; "none" fits every file. */
const FITS: Record<Mode, readonly Kind[]> = {
  auto: ['image'],
  // A video's lossy treatment is its smaller variant and a poster frame, added beside it.
  lossy: ['image', 'video'],
  // A font's lossless treatment is its WOFF2 copy, added beside it.
  lossless: ['image', 'font'],
  minify: ['text'],
  none: ['image', 'text', 'font', 'video', 'other'],
};

// The same words for every image treatment, so a list of reasons can show one line for all three.
const FOR_IMAGES = 'Lossless and lossy are for PNG, JPEG, GIF, WebP and AVIF images';
const FOR_TEXT = 'Minify is for CSS, JS, HTML, SVG and JSON files';

// The containers a site serves video in; sound files have no video recipe.
const VIDEO_NAME = /\.(mp4|webm|mov|m4v)$/i;

const isGlob = (match: string): boolean => picomatch.scan(match).isGlob;

/** Why the pattern is not a valid recipe match, in words for the person typing it; null when it is fine. */
export function patternError(match: string): string | null {
  if (!match.trim()) return 'Type a path or a glob, like **/photos/** or app/img/hero.png.';
  if (match !== match.trim()) return 'Remove the spaces at the start or end of the pattern.';
  if (match.startsWith('/') || /^[A-Za-z]:/.test(match) || match.split('/').includes('..')) {
    return `Use a public path like app/img/hero.png or a glob like **/photos/**; a pattern cannot start with / or a drive, or go up with "..".`;
  }
  // Outside a bracket a backslash escapes the next character; `img\hero.png` is a Windows path, not an escape.
  if (/\\[A-Za-z0-9]/.test(match)) return 'Use / between folders, not \\.';
  try {
    picomatch.makeRe(match, { strictBrackets: true });
  } catch (error) {
    const missing = /Missing (closing|opening): "(.)"/.exec((error as Error).message);
    if (!missing) return `This pattern is not valid: ${(error as Error).message}.`;
    const bracket = missing[2]!;
    const other = ({ ']': '[', '}': '{', ')': '(', '[': ']', '{': '}', '(': ')' } as Record<string, string>)[bracket] ?? bracket;
    return missing[1] === 'closing'
      ? `Unclosed ${other} in pattern: add ${bracket}, or write \\${other} to match a ${other} in a file name.`
      : `Unmatched ${other} in pattern: add ${bracket} before it, or write \\${other} to match a ${other} in a file name.`;
  }
  return null;
}

/** The files a rule's pattern matches (exact path, or glob over public paths the way collect matches them). */
export function matchingPaths(match: string, publicPaths: readonly string[]): string[] {
  if (!isGlob(match)) return publicPaths.filter((publicPath) => publicPath === match);
  const matches = picomatch(match, { dot: true });
  return publicPaths.filter((publicPath) => matches(publicPath));
}

export function fileKind(publicPath: string): Kind {
  if (isMinifiableName(publicPath)) return 'text';
  if (isFontName(publicPath)) return 'font';
  if (VIDEO_NAME.test(publicPath)) return 'video';
  return formatFromName(publicPath) ? 'image' : 'other';
}

function typeLabel(publicPath: string): string {
  const image = formatFromName(publicPath);
  if (image && !isMinifiableName(publicPath)) return FORMAT_LABEL[image];
  const slash = publicPath.lastIndexOf('/');
  const dot = publicPath.lastIndexOf('.');
  if (dot <= slash + 1) return 'without extension';
  const extension = publicPath.slice(dot + 1).toLowerCase();
  return ({ mjs: 'JS', cjs: 'JS', htm: 'HTML' } as Record<string, string>)[extension] ?? extension.toUpperCase();
}

/** "10 PNG, 2 JPEG" */
export function describeTypes(types: RecipeCheck['types']): string {
  return types.map((type) => `${type.count.toLocaleString('en')} ${type.label}`).join(', ');
}

const article = (label: string): string => (/^[AEIOU]/.test(label) ? 'An' : 'A');

const files = (count: number): string => `${count.toLocaleString('en')} file${count === 1 ? '' : 's'}`;

export function checkRecipeRule(rule: RecipeRule, publicPaths: readonly string[]): RecipeCheck {
  const base = { match: rule.match, glob: isGlob(rule.match) };
  const error = patternError(rule.match);
  if (error) return { ...base, patternError: error, matched: 0, types: [], modes: [], formats: [], problems: [error], notes: [] };

  const matched = matchingPaths(rule.match, publicPaths);
  const byLabel = new Map<string, RecipeCheck['types'][number]>();
  const kinds: Record<Kind, number> = { image: 0, text: 0, font: 0, video: 0, other: 0 };
  const images = new Map<RasterFormat, number>();
  for (const publicPath of matched) {
    const kind = fileKind(publicPath);
    kinds[kind] += 1;
    if (kind === 'image') images.set(formatFromName(publicPath)!, (images.get(formatFromName(publicPath)!) ?? 0) + 1);
    const label = typeLabel(publicPath);
    const type = byLabel.get(label) ?? { label, kind, count: 0 };
    type.count += 1;
    byLabel.set(label, type);
  }
  const types = [...byLabel.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const what =
    matched.length === 1
      ? `the matched file is ${types[0]!.label}`
      : `the ${matched.length.toLocaleString('en')} matched files are ${types.length === 1 ? `all ${types[0]!.label}` : describeTypes(types)}`;

  const modes = MODES.map((mode) => {
    const fits = FITS[mode].reduce((sum, kind) => sum + kinds[kind], 0);
    let reason: string | null = null;
    if (matched.length > 0 && fits === 0) {
      const instead =
        kinds.image > 0 ? 'Use Lossless or Lossy.' : kinds.video > 0 ? 'Use Lossy: it adds a smaller copy and a poster frame beside each video.' : kinds.font > 0 ? 'Use Lossless: it adds a WOFF2 copy beside each font.' : kinds.text > 0 ? 'Use Minify.' : 'Porter has no optimiser for them: leave them as is.';
      reason = `${mode === 'minify' ? FOR_TEXT : FOR_IMAGES}; ${what}. ${instead}`;
    }
    return { mode, fits, reason };
  });

  const formats = TARGET_FORMATS.map((format) => {
    const label = FORMAT_LABEL[format];
    const fits = kinds.image - (images.get(format) ?? 0);
    let reason: string | null = null;
    if (matched.length > 0 && fits === 0) {
      reason = kinds.image > 0 ? `No ${label} copy to make: the matched images are already ${label}.` : `WebP and AVIF copies are made of images only; ${what}.`;
    }
    return { format, fits, reason };
  });

  const problems: string[] = [];
  const notes: string[] = [];
  const mode = modes.find((each) => each.mode === rule.mode)!;
  if (mode.reason) problems.push(`${MODE_LABEL[rule.mode]} cannot change any of these files. ${mode.reason}`);
  if (rule.quality !== undefined && rule.mode !== 'lossy') {
    problems.push(`Quality applies to "Lossy" only (${MODE_LABEL.auto} finds its own): remove the quality or choose Lossy.`);
  }
  if (rule.video !== undefined && rule.mode !== 'lossy') {
    problems.push('Video settings apply to "Lossy" only: remove them or choose Lossy.');
  }
  if (rule.effort !== undefined && rule.mode !== 'lossless') {
    problems.push('Effort applies to "Lossless" only: remove the effort or choose Lossless.');
  }
  const format = rule.format && rule.format !== 'keep' ? formats.find((each) => each.format === rule.format)! : undefined;
  if (format) {
    if (rule.mode === 'minify' || rule.mode === 'none') {
      problems.push(`${article(FORMAT_LABEL[format.format])} ${FORMAT_LABEL[format.format]} copy needs an image treatment (Lossless or Lossy); ${MODE_LABEL[rule.mode]} makes none.`);
    } else if (format.reason) problems.push(format.reason);
  }

  if (matched.length === 0) notes.push(base.glob ? 'No file matches this pattern yet; collect applies it to files added later.' : 'No file has this path yet.');
  else if (problems.length === 0 && mode.fits < matched.length) {
    const left = matched.length - mode.fits;
    const leftTypes = describeTypes(types.filter((type) => !FITS[rule.mode].includes(type.kind)));
    notes.push(`${MODE_LABEL[rule.mode]} changes ${files(mode.fits)}; ${left === 1 ? `the other file (${leftTypes}) is collected as it is` : `the other ${files(left)} (${leftTypes}) are collected as they are`}.`);
  }
  if (format && problems.length === 0 && format.fits < kinds.image) {
    const already = kinds.image - format.fits;
    notes.push(`${already === 1 ? '1 image is' : `${already.toLocaleString('en')} images are`} already ${FORMAT_LABEL[format.format]}, so no copy is made of ${already === 1 ? 'it' : 'them'}.`);
  }
  return { ...base, patternError: null, matched: matched.length, types, modes, formats, problems, notes };
}
