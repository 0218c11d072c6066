// Django 6.0 and 6.1's changes to ManifestStaticFilesStorage (docs/django-6-staticfiles.md).
import { describe, expect, it } from 'vitest';
import type { DjangoVersion } from '../../electron/contract/porter';
import { manifestBytes } from '../../electron/core/collect';
import { md5Hex } from '../../electron/core/collect/hashed-storage';
import { collectFailure, collectTree } from '../support/temp-project';

const h = (content: string) => md5Hex(content).slice(0, 12);
const PNG = 'png-bytes';
const png = h(PNG);
const MAP = '{}';

/** Collects `css/app.css` next to `css/a.png` and `img/a.png` and returns the rewritten CSS. */
async function rewriteCss(css: string, version: DjangoVersion) {
  const run = await collectTree({ 'css/app.css': css, 'css/a.png': PNG, 'img/a.png': PNG, 'css/app.css.map': MAP }, version);
  return run.read(run.manifest().paths['css/app.css']!);
}

async function rewriteJs(js: string, version: DjangoVersion) {
  const run = await collectTree({ 'app.js': js, 'app.js.map': MAP }, version);
  return run.read(run.manifest().paths['app.js']!);
}

describe('6.0: staticfiles.json paths sorted by name (ticket #35846)', () => {
  const table = new Map([
    ['img/a.png', 'img/a.0b75926ab9a9.png'],
    ['1.txt', '1.c4ca4238a0b9.txt'],
    ['😀.txt', '😀.c4ca4238a0b9.txt'],
    ['\uffff.txt', '\uffff.c4ca4238a0b9.txt'],
  ]);

  it('writes the pairs in code-point order; version and hash as in 5.2', () => {
    const sorted = '{"1.txt": "1.c4ca4238a0b9.txt", "img/a.png": "img/a.0b75926ab9a9.png", "\\uffff.txt": "\\uffff.c4ca4238a0b9.txt", "\\ud83d\\ude00.txt": "\\ud83d\\ude00.c4ca4238a0b9.txt"}';
    const five = manifestBytes(table, '5.2').toString();
    for (const version of ['6.0', '6.1'] as const) {
      const text = manifestBytes(table, version).toString();
      expect(text.startsWith(`{"paths": ${sorted}, "version": "1.1", "hash": "`)).toBe(true);
      expect(text.slice(text.indexOf('"version"'))).toBe(five.slice(five.indexOf('"version"')));
    }
    expect(five.startsWith('{"paths": {"img/a.png"')).toBe(true);
  });

  it('sorts a collected tree that 5.2 writes deepest first', async () => {
    const tree = { 'z.txt': '1', 'a/b/c.txt': '2', 'a/d.txt': '3', 'B.txt': '4' };
    expect(Object.keys((await collectTree(tree, '5.2')).manifest().paths)).toEqual(['a/b/c.txt', 'a/d.txt', 'z.txt', 'B.txt']);
    expect(Object.keys((await collectTree(tree, '6.0')).manifest().paths)).toEqual(['B.txt', 'a/b/c.txt', 'a/d.txt', 'z.txt']);
  });
});

describe('6.0: url() needs the closing quote to match the opening one (ticket #36348)', () => {
  // Django's own fixture, tests/staticfiles_tests/project/documents/cached/data_uri_with_nested_url.css.
  const nested = '#example {\n    background-image: url("data:image/svg+xml,url(%23b) url(%23c)");\n}\n';

  it('keeps a data: URI holding url()s whole', async () => {
    expect(await rewriteCss(nested, '6.0')).toBe(nested);
    expect(await rewriteCss(nested, '6.1')).toBe(nested);
  });

  it('5.2 ends the data: URI at its first ")" and rewrites the next url() inside it (as Django 3.2 does here)', async () => {
    expect(await rewriteCss(nested, '5.2')).toBe(nested.replace('url(%23c)', 'url("#c#c")'));
  });

  it('still rewrites quoted and unquoted references the same way', async () => {
    for (const version of ['5.2', '6.0'] as const) {
      expect(await rewriteCss(`a{b:url("a.png");c:url('../img/a.png');d:URL( a.png )}`, version)).toBe(
        `a{b:url("a.${png}.png");c:url("../img/a.${png}.png");d:url("a.${png}.png")}`,
      );
    }
  });

  it('reads a quote that is never closed as part of the url, as Python backtracks', async () => {
    // `"` opens, no `")` follows: the quote group gives up its `"` and the url runs to the first `)`.
    const error = await collectFailure({ 'css/app.css': 'a{b:url("a.png)}' }, '6.0');
    expect(error.brokenReferences.map((reference) => reference.reference)).toEqual(['"a.png']);
  });

  it('keeps protocol-relative urls, as 5.2 does', async () => {
    expect(await rewriteCss('a{d:url(//cdn/x.png)}', '6.0')).toBe('a{d:url(//cdn/x.png)}');
  });
});

describe('6.0 still rewrites inside comments and strings; 6.1 does not (tickets #21080, #36969, #35371)', () => {
  it('6.0 rewrites a url() in a comment and stops on a missing one', async () => {
    expect(await rewriteCss('/* url(a.png) */', '6.0')).toBe(`/* url("a.${png}.png") */`);
    const error = await collectFailure({ 'css/app.css': '/* @import url("gone.css") */' }, '6.0');
    expect(error.brokenReferences).toHaveLength(1);
  });

  it("6.1 leaves the references of Django's ignored.css fixture alone", async () => {
    const css = [
      '/* @import url("non_exist.css") */',
      '/*\n\n@import url("non_exist.css")\n\nurl("non_exist.png")\n\n@import url(other.css)\n\n*/',
      'body { background: #d3d6d8 /*url("does.not.exist.png")*/ url(a.png); }',
      'body { background: #d3d6d8 /* url("x.png") */ url(a.png) /*url("does.not.exist.either.png")*/; }',
      `body { content: "url(non_exist.png)"; content: 'url(non_exist.png)'; }`,
    ].join('\n');
    const expected = css.replaceAll(' url(a.png)', ` url("a.${png}.png")`);
    expect(await rewriteCss(css, '6.1')).toBe(expected);
  });

  it('6.1 skips a CSS escape, so an escaped quote does not open a string', async () => {
    const css = ".tw\\:bg-\\[url\\(\\'non_exist.png\\'\\)\\] { background: url(a.png); }\nbody { font-family: 'sans-serif'; }";
    expect(await rewriteCss(css, '6.1')).toBe(css.replace('url(a.png)', `url("a.${png}.png")`));
  });

  it('6.1 skips @import inside a string but not an @import of a string', async () => {
    const css = `@import "a.css";\na{content:"@import 'gone.css'"}`;
    const run = await collectTree({ 'app.css': css, 'a.css': 'a{}' }, '6.1');
    expect(run.read(run.manifest().paths['app.css']!)).toBe(`@import url("a.${h('a{}')}.css");\na{content:"@import 'gone.css'"}`);
  });

  it('6.1 still rewrites the source-map comment, which starts where its block starts', async () => {
    const css = 'a{}\n/*# sourceMappingURL=app.css.map */';
    expect(await rewriteCss(css, '6.1')).toBe(`a{}\n/*# sourceMappingURL=app.css.${h(MAP)}.map */`);
    expect(await rewriteJs('x;\n//# sourceMappingURL=app.js.map\n', '6.1')).toBe(`x;\n//# sourceMappingURL=app.js.${h(MAP)}.map\n`);
  });

  it('6.1 leaves a source-map line that lies inside a CSS comment that began earlier', async () => {
    const css = '/* vendor banner\n/*# sourceMappingURL=gone.css.map */';
    expect(await rewriteCss(css, '6.1')).toBe(css);
    expect((await collectFailure({ 'css/app.css': css }, '6.0')).brokenReferences).toHaveLength(1);
  });

  it('6.1 leaves JS source-map lines inside template literals, strings and block comments', async () => {
    const js = [
      'const banner = `',
      '//# sourceMappingURL=gone.js.map',
      '`;',
      '/*',
      '//# sourceMappingURL=gone.js.map',
      '*/',
      'const text = "\\',
      '//# sourceMappingURL=gone.js.map";',
      '//# sourceMappingURL=app.js.map',
    ].join('\n');
    expect(await rewriteJs(js, '6.1')).toBe(js.replace(/app\.js\.map$/, `app.js.${h(MAP)}.map`));
    expect((await collectFailure({ 'app.js': js, 'app.js.map': MAP }, '6.0')).brokenReferences).toHaveLength(3);
  });
});
