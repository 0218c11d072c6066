import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../electron/core/collect/hashed-storage';
import { collectFailure, collectTree } from '../support/temp-project';

const h = (content: string | Buffer) => md5Hex(content).slice(0, 12);
const PNG = 'png-bytes';
const hashedCss = (content: string) => h(content);

/** Collects `css/app.css` next to `img/a.png` and friends and returns the rewritten CSS. */
async function rewriteCss(css: string, version: '3.2' | '4.2' | '5.2' = '5.2', extra: Record<string, string> = {}) {
  const run = await collectTree({ 'css/app.css': css, 'img/a.png': PNG, 'css/a.png': PNG, 'css/other.css': 'b{}', 'fonts/f.eot': 'eot', 'css/a b.png': PNG, ...extra }, version);
  return run.read(run.manifest().paths['css/app.css']!);
}

describe('CSS url() and @import (django-staticfiles.md §2.3, §2.4)', () => {
  const png = h(PNG);

  it('rewrites relative urls to lowercase url("…") with double quotes', async () => {
    expect(await rewriteCss('a{background:URL(a.png)}')).toBe(`a{background:url("a.${png}.png")}`);
    expect(await rewriteCss("a{background:url('../img/a.png')}")).toBe(`a{background:url("../img/a.${png}.png")}`);
    expect(await rewriteCss('a{background:url( a.png )}')).toBe(`a{background:url("a.${png}.png")}`);
  });

  it('rewrites @import "x" to @import url("x")', async () => {
    expect(await rewriteCss('@import "other.css";')).toBe(`@import url("other.${h('b{}')}.css");`);
    expect(await rewriteCss('@import url(other.css);')).toBe(`@import url("other.${h('b{}')}.css");`);
  });

  it('rewrites inside comments too (no lexer)', async () => {
    expect(await rewriteCss('/* url(a.png) */')).toBe(`/* url("a.${png}.png") */`);
  });

  it('keeps scheme, protocol-relative and foreign absolute urls', async () => {
    const css = 'a{b:url(data:image/png;base64,AAAA);c:url(http://x/y.png);d:url(//cdn/x.png);e:url(/other/x.png)}';
    expect(await rewriteCss(css)).toBe(css);
  });

  it('resolves absolute urls under STATIC_URL', async () => {
    expect(await rewriteCss('a{b:url(/static/img/a.png)}')).toBe(`a{b:url("/static/img/a.${png}.png")}`);
  });

  it('changes only the last segment and keeps query and fragment', async () => {
    expect(await rewriteCss('a{b:url(../img/./a.png)}')).toBe(`a{b:url("../img/./a.${png}.png")}`);
    expect(await rewriteCss('a{b:url(../img/a.png?v=1#frag)}')).toBe(`a{b:url("../img/a.${png}.png?v=1#frag")}`);
    expect(await rewriteCss('a{b:url(../fonts/f.eot?#iefix)}')).toBe(`a{b:url("../fonts/f.${h('eot')}.eot?#iefix")}`);
  });

  it('writes the output percent-decoded', async () => {
    expect(await rewriteCss('a{b:url(a%20b.png)}')).toBe(`a{b:url("a b.${png}.png")}`);
  });

  it('keeps url(#x) and url() in 4.2/5.2 but rewrites them in 3.2', async () => {
    expect(await rewriteCss('a{b:url(#default#VML);c:url()}', '5.2')).toBe('a{b:url(#default#VML);c:url()}');
    expect(await rewriteCss('a{b:url(#default#VML);c:url()}', '4.2')).toBe('a{b:url(#default#VML);c:url()}');
    expect(await rewriteCss('a{b:url(#default#VML);c:url()}', '3.2')).toBe('a{b:url("#default#VML");c:url("")}');
  });

  it('keeps //cdn urls in 4.2 too (they do not start with STATIC_URL)', async () => {
    expect(await rewriteCss('a{d:url(//cdn/x.png)}', '4.2')).toBe('a{d:url(//cdn/x.png)}');
  });

  it('treats an uppercase scheme as a relative path, so it is broken', async () => {
    const error = await collectFailure({ 'css/app.css': 'a{b:url(HTTPS://example.com/y.png)}' });
    expect(error.brokenReferences).toEqual([
      expect.objectContaining({ line: 1, reference: 'HTTPS://example.com/y.png', resolvedTo: 'css/HTTPS:/example.com/y.png' }),
    ]);
  });

  it('captures the quotes when a space comes before them, as Django does', async () => {
    const error = await collectFailure({ 'css/app.css': 'a{}\n\na{b:url( "../img/a.png" )}', 'img/a.png': PNG });
    expect(error.brokenReferences).toEqual([expect.objectContaining({ line: 3, resolvedTo: 'css/"../img/a.png"' })]);
  });

  it('lists every broken reference with its line, and writes nothing', async () => {
    const error = await collectFailure({
      'css/app.css': 'a{b:url(missing.png)}\n@import "gone.css";\n',
      'css/b.css': '\n\nx{y:url(../../outside.png)}',
    });
    expect(error.brokenReferences.map((r) => [r.line, r.reference, r.resolvedTo])).toEqual(
      expect.arrayContaining([
        [1, 'missing.png', 'css/missing.png'],
        [2, 'gone.css', 'css/gone.css'],
        [3, '../../outside.png', '../outside.png'],
      ]),
    );
    expect(error.brokenReferences).toHaveLength(3);
  });
});

describe('source maps (§2.3)', () => {
  const map = '{}';
  const mapHash = h(map);

  it('rewrites CSS and JS sourceMappingURL comments in 4.2/5.2, not in 3.2', async () => {
    const tree = { 'app.css': 'a{}\n/*# sourceMappingURL=app.css.map */', 'app.css.map': map, 'app.js': 'x;\n//# sourceMappingURL=app.js.map\n', 'app.js.map': map };
    const modern = await collectTree(tree, '5.2');
    expect(modern.read(modern.manifest().paths['app.css']!)).toBe(`a{}\n/*# sourceMappingURL=app.css.${mapHash}.map */`);
    expect(modern.read(modern.manifest().paths['app.js']!)).toBe(`x;\n//# sourceMappingURL=app.js.${mapHash}.map\n`);
    const old = await collectTree(tree, '3.2');
    expect(old.manifest().paths['app.js']).toBe(`app.${h(tree['app.js'])}.js`);
    expect(old.read(old.manifest().paths['app.css']!)).toBe(tree['app.css']);
  });

  it('needs the comment at column 0, exactly "//# ", and a case-sensitive sourceMappingURL', async () => {
    const js = ' //# sourceMappingURL=a.map\n//@ sourceMappingURL=a.map\n//# sourcemappingurl=a.map\n';
    const run = await collectTree({ 'app.js': js });
    expect(run.read(run.manifest().paths['app.js']!)).toBe(js);
  });

  it('drops the \\r of a CRLF JS source-map line', async () => {
    const run = await collectTree({ 'app.js': 'x;\r\n//# sourceMappingURL=app.js.map\r\n', 'app.js.map': map });
    expect(run.read(run.manifest().paths['app.js']!)).toBe(`x;\r\n//# sourceMappingURL=app.js.${mapHash}.map\n`);
  });

  it('keeps a data: source map in 5.2 but erases it in 4.2 (the empty matched group)', async () => {
    const css = 'a{}\n/*# sourceMappingURL=data:application/json;base64,e30= */\n';
    const modern = await collectTree({ 'datamap.css': css }, '5.2');
    expect(modern.read(modern.manifest().paths['datamap.css']!)).toBe(css);
    const four = await collectTree({ 'datamap.css': css }, '4.2');
    expect(four.read(four.manifest().paths['datamap.css']!)).toBe('a{}\n\n');
    expect(four.manifest().paths['datamap.css']).toBe(`datamap.${hashedCss('a{}\n\n')}.css`);
  });
});

describe('passes (§2.5)', () => {
  it('resolves @import chains whatever the depth order', async () => {
    const tree = { 'a.css': '@import "deep/b.css";', 'deep/b.css': '@import "../c.css";', 'c.css': 'c{}' };
    const run = await collectTree(tree);
    const c = `c.${h('c{}')}.css`;
    const b = `@import url("../${c}");`;
    expect(run.read(run.manifest().paths['deep/b.css']!)).toBe(b);
    expect(run.read(run.manifest().paths['a.css']!)).toBe(`@import url("deep/b.${h(b)}.css");`);
  });

  it('orders the manifest deepest first, ties in found order', async () => {
    const run = await collectTree({ 'z.txt': '1', 'a/b/c.txt': '2', 'a/d.txt': '3' });
    expect(Object.keys(run.manifest().paths)).toEqual(['a/b/c.txt', 'a/d.txt', 'z.txt']);
  });

  it('reports a circular @import as a post-processing failure naming the files', async () => {
    const error = await collectFailure({ 'circ/a.css': '@import "b.css";', 'circ/b.css': '@import "a.css";' });
    expect(error.problems.join('\n')).toContain('circ/a.css, circ/b.css');
  });

  it('counts post-processed files per pass in 3.2 and per file from 4.0, like Django', async () => {
    const tree = { 'a.css': '@import "b.css";', 'b.css': 'b{}', 'c.txt': 'c' };
    const old = await collectTree(tree, '3.2');
    expect(old.report.summary).toBe(`3 static files copied to '${old.out}', 5 post-processed.`);
    const modern = await collectTree(tree, '5.2');
    expect(modern.report.summary).toBe(`3 static files copied to '${modern.out}', 3 post-processed.`);
    // Measured with Django 3.2: a second run copies nothing and no longer counts the existing hashed c.txt.
    const again = await collectTree(tree, '3.2', { out: old.out });
    expect(again.report.summary).toBe(`0 static files copied to '${old.out}', 3 unmodified, 4 post-processed.`);
    expect(again.report.written).toBe(0);
  });
});
