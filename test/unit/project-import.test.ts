import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { planImport, runImport } from '../../electron/core/project/import-assets';
import { contentProblem, incomingContent } from '../../electron/core/project/import-content';
import { openProject } from '../../electron/core/project/open-project';
import { makeTempDir, writeTree, type Tree } from '../support/temp-project';

const png = (colour: string) => sharp({ create: { width: 8, height: 8, channels: 3, background: colour } }).png().toBuffer();
const jpeg = (colour: string) => sharp({ create: { width: 8, height: 8, channels: 3, background: colour } }).jpeg().toBuffer();
const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>');

async function projectWith(tree: Tree) {
  const root = writeTree(makeTempDir('porter-import-'), { 'porter.json': JSON.stringify({ sources: ['assets'] }), ...tree });
  const project = await openProject({ root, pythonConsent: 'deny' });
  return { project, assets: path.join(root, 'assets'), target: { sourceIndex: 0, folder: 'img' } };
}

describe('import clashes', () => {
  it('calls a byte-identical file already there: no clash, nothing to decide, nothing written', async () => {
    const logo = await png('#c00');
    const { project, assets, target } = await projectWith({ 'assets/img/logo.png': logo });
    const [entry] = await planImport(project, target, [{ relativePath: 'logo.png', incoming: incomingContent(logo) }]);
    expect(entry).toMatchObject({ alreadyThere: true, keepBoth: null, problem: null });

    const result = await runImport(project, target, [{ relativePath: 'logo.png', bytes: logo }]);
    expect(result).toEqual({ written: [], unchanged: ['logo.png'], skipped: [], problems: [] });
    expect(readdirSync(path.join(assets, 'img'))).toEqual(['logo.png']);
  });

  it('offers a real clash undecided, and writes nothing for it until the user decides', async () => {
    const { project, assets, target } = await projectWith({ 'assets/img/logo.png': await png('#c00') });
    const incoming = await png('#00c');
    const [entry] = await planImport(project, target, [{ relativePath: 'logo.png', incoming: incomingContent(incoming) }]);
    expect(entry).toMatchObject({ alreadyThere: false, existing: { width: 8, height: 8 } });

    const undecided = await runImport(project, target, [{ relativePath: 'logo.png', bytes: incoming }]);
    expect(undecided.written).toEqual([]);
    expect(undecided.problems[0]!.message).toContain('choose replace, keep both or skip');
    expect(readFileSync(path.join(assets, 'img/logo.png'))).toEqual(await png('#c00'));
  });

  it('names "keep both" copies URL-safe with the next free number, shown in the plan before anything is written', async () => {
    const { project, assets, target } = await projectWith({
      'assets/img/hero.jpg': await jpeg('#111'),
      'assets/img/hero-2.jpg': await jpeg('#222'),
      'assets/img/my hero (1).jpg': await jpeg('#333'),
    });
    const files = { 'hero.jpg': await jpeg('#a00'), 'hero-2.jpg': await jpeg('#0a0'), 'my hero (1).jpg': await jpeg('#00a') };
    const plan = await planImport(
      project,
      target,
      Object.entries(files).map(([relativePath, bytes]) => ({ relativePath, incoming: incomingContent(bytes) })),
    );
    // hero.jpg skips the taken hero-2; hero-2.jpg counts on from its own number without taking hero-3 twice;
    // "my hero (1)" loses its space and brackets and counts on from its 1.
    expect(plan.map((entry) => entry.keepBoth?.publicPath)).toEqual(['img/hero-3.jpg', 'img/hero-4.jpg', 'img/my-hero-2.jpg']);
    expect(existsSync(path.join(assets, 'img/hero-3.jpg'))).toBe(false);

    const decisions = { 'hero.jpg': 'keep-both', 'hero-2.jpg': 'keep-both', 'my hero (1).jpg': 'keep-both' } as const;
    const result = await runImport(project, target, Object.entries(files).map(([relativePath, bytes]) => ({ relativePath, bytes })), decisions);
    expect(result.written.map((file) => file.publicPath)).toEqual(['img/hero-3.jpg', 'img/hero-4.jpg', 'img/my-hero-2.jpg']);
    expect(readFileSync(path.join(assets, 'img/hero-3.jpg'))).toEqual(files['hero.jpg']);
    expect(readFileSync(path.join(assets, 'img/hero.jpg'))).toEqual(await jpeg('#111'));
    // The one name with brackets is the file that was there.
    expect(readdirSync(path.join(assets, 'img')).filter((name) => name.includes('('))).toEqual(['my hero (1).jpg']);
  });

  it('refuses a file whose content is not what its extension says, with the reason, and writes nothing', async () => {
    const { project, assets, target } = await projectWith({ 'assets/img/.keep': '' });
    const [entry] = await planImport(project, target, [{ relativePath: 'logo.png', incoming: incomingContent(svg) }]);
    expect(entry!.problem).toBe('it is really an SVG image, not a PNG image: rename it to logo.svg and add it again.');

    const result = await runImport(project, target, [{ relativePath: 'logo.png', bytes: svg }]);
    expect(result.problems).toEqual([{ relativePath: 'logo.png', message: 'logo.png: it is really an SVG image, not a PNG image: rename it to logo.svg and add it again.' }]);
    expect(existsSync(path.join(assets, 'img/logo.png'))).toBe(false);
  });
});

describe('content against extension', () => {
  it('accepts what its name says, in any spelling of the extension', async () => {
    expect(await contentProblem('photo.JPEG', await jpeg('#000'))).toBeNull();
    expect(await contentProblem('logo.png', await png('#000'))).toBeNull();
    expect(await contentProblem('logo.svg', svg)).toBeNull();
    expect(await contentProblem('site.css', Buffer.from('body { color: red }'))).toBeNull();
    // Names that claim no format Porter knows are not second-guessed.
    expect(await contentProblem('notes.txt~', await png('#000'))).toBeNull();
    expect(await contentProblem('README', Buffer.from('hello'))).toBeNull();
  });

  it('names what the bytes really are and what to rename the file to', async () => {
    expect(await contentProblem('photo.gif', await jpeg('#000'))).toBe('it is really a JPEG image, not a GIF image: rename it to photo.jpg and add it again.');
    expect(await contentProblem('icon.svg', await png('#000'))).toBe('it is really a PNG image, not an SVG image: rename it to icon.png and add it again.');
    expect(await contentProblem('app.js', await png('#000'))).toBe('it is really a PNG image, not a .js file: rename it to app.png and add it again.');
  });

  it('refuses an image name whose content is no format at all', async () => {
    expect(await contentProblem('broken.png', Buffer.from('not an image'))).toBe('it is not a PNG image: its content is no format Porter recognises.');
    expect(await contentProblem('empty.webp', Buffer.alloc(0))).toBe('it is not a WebP image: its content is no format Porter recognises.');
  });
});
