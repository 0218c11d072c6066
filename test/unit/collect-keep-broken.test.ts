import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../electron/core/collect/hashed-storage';
import { loadCollectConfig, rememberKeptReferences } from '../../electron/core/collect/index';
import { collectFailure, collectTree, makeTempDir, writeTree } from '../support/temp-project';

const h = (content: string) => md5Hex(content).slice(0, 12);
const PNG = 'png-bytes';
const vendorCss = 'a{b:url(missing.png)}\nc{d:url(../img/a.png)}\n';
const tree = { 'vendor/lib.css': vendorCss, 'img/a.png': PNG, 'css/app.css': '@import "../vendor/lib.css";\n' };

describe('broken references (issue 15 §2)', () => {
  it('by default lists every broken reference and writes nothing, as Django refuses', async () => {
    const base = makeTempDir();
    const out = path.join(base, 'out');
    const error = await collectFailure({ ...tree, 'css/other.css': 'x{y:url(gone.woff)}' }, '5.2', { out });
    expect(error.message).toBe('Nothing was collected: 2 broken references (the previous output is untouched).');
    const listed = error.brokenReferences.map((r) => [r.name, r.line, r.reference, r.sourceMap]);
    expect(listed.sort()).toEqual([
      ['css/other.css', 1, 'gone.woff', false],
      ['vendor/lib.css', 1, 'missing.png', false],
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('keeps them unrewritten when asked, and everything else is what Django writes', async () => {
    const run = await collectTree(tree, '5.2', { keepBroken: { keepAll: true } });
    const lib = `a{b:url(missing.png)}\nc{d:url("../img/a.${h(PNG)}.png")}\n`;
    expect(run.read(`vendor/lib.${h(lib)}.css`)).toBe(lib);
    expect(run.manifest().paths['css/app.css']).toBe(`css/app.${h(`@import url("../vendor/lib.${h(lib)}.css");\n`)}.css`);
    expect(run.report.keptReferences).toEqual([expect.objectContaining({ name: 'vendor/lib.css', line: 1, reference: 'missing.png', resolvedTo: 'vendor/missing.png' })]);
    expect(run.report.summary).toMatch(/ Kept 1 broken reference as it is\.$/);
  });

  it('keeps only what the rules name: a file glob, or a file and its reference; the rest still stops the collect', async () => {
    const both = { ...tree, 'vendor/lib.css': `${vendorCss}e{f:url(other.gif)}\n`, 'css/site.css': 'g{h:url(nope.png)}' };
    const globbed = await collectFailure(both, '5.2', { keepBroken: { rules: [{ file: 'vendor/*' }] } });
    expect(globbed.brokenReferences.map((r) => r.reference)).toEqual(['nope.png']);
    expect(globbed.message).toContain('1 broken reference; 2 others are kept by your rules');

    const exact = await collectFailure(both, '5.2', { keepBroken: { rules: [{ file: 'vendor/lib.css', reference: 'missing.png' }, { file: 'css/site.css' }] } });
    expect(exact.brokenReferences.map((r) => r.reference)).toEqual(['other.gif']);
  });

  it('reports a rule that matches no broken reference as stale, without failing', async () => {
    const stale = { file: 'vendor/lib.css', reference: 'was-fixed.png' };
    const run = await collectTree(tree, '5.2', { keepBroken: { rules: [{ file: 'vendor/lib.css', reference: 'missing.png' }, stale], once: [{ file: 'never/*' }] } });
    expect(run.report.staleKeepRules).toEqual([stale]);
    expect(run.report.warnings).toEqual([expect.stringContaining("the rule keeping 'was-fixed.png' in \"vendor/lib.css\" matched no broken reference")]);
  });

  it('keeps a missing source map comment whole, even where Django 4.2 would erase a skipped one', async () => {
    for (const version of ['4.2', '5.2', '6.1'] as const) {
      const css = 'a{}\n/*# sourceMappingURL=app.css.map */';
      const run = await collectTree({ 'css/app.css': css }, version, { keepBroken: { keepAll: true } });
      expect(run.read(run.manifest().paths['css/app.css']!), version).toBe(css);
      expect(run.report.keptReferences[0]).toMatchObject({ resolvedTo: 'css/app.css.map', sourceMap: true });
    }
    // The blank before `*/` is not part of the name Django looks up, so a rule need not spell it.
    const ruled = await collectTree({ 'css/app.css': 'a{}\n/*# sourceMappingURL=app.css.map */' }, '5.2', { keepBroken: { rules: [{ file: 'css/*', reference: 'app.css.map' }] } });
    expect(ruled.report.staleKeepRules).toEqual([]);
  });

  it('drops a sourceMappingURL comment whose map is missing, in both comment forms, and still rewrites one that exists', async () => {
    const files = {
      'css/app.css': 'a{}\n/*# sourceMappingURL=app.css.map */',
      'js/app.js': 'f();\n//# sourceMappingURL=app.js.map',
      'js/ok.js': 'g();\n//# sourceMappingURL=ok.js.map',
      'js/ok.js.map': '{}',
    };
    for (const version of ['4.2', '5.2', '6.0', '6.1'] as const) {
      const run = await collectTree(files, version, { dropMissingSourceMaps: true });
      const paths = run.manifest().paths;
      expect(run.read(paths['css/app.css']!), version).toBe('a{}\n');
      expect(run.read(paths['js/app.js']!), version).toBe('f();\n');
      expect(run.read(paths['js/ok.js']!), version).toBe(`g();\n//# sourceMappingURL=ok.js.${h('{}')}.map`);
      expect(run.report.droppedSourceMaps.map((r) => r.name).sort()).toEqual(['css/app.css', 'js/app.js']);
      expect(run.report.keptReferences).toEqual([]);
      expect(run.report.summary).toMatch(/Dropped 2 sourceMappingURL comments whose map is missing\.$/);
    }
    // Only source maps: a missing url() still stops the collect.
    const error = await collectFailure({ ...files, 'css/x.css': 'a{b:url(no.png)}' }, '5.2', { dropMissingSourceMaps: true });
    expect(error.brokenReferences.map((r) => r.reference)).toEqual(['no.png']);
  });

  it('decides again on every run, even when the remembered plan is reused', async () => {
    const base = makeTempDir();
    const sources = [{ dir: writeTree(path.join(base, 'src'), tree), prefix: '' }];
    const out = path.join(base, 'out');
    const kept = await collectTree({}, '5.2', { sources, out, keepBroken: { keepAll: true } });
    expect(kept.report.keptReferences).toHaveLength(1);
    const again = await collectTree({}, '5.2', { sources, out, keepBroken: { keepAll: true } });
    expect(again.report.written).toBe(0);
    expect(again.report.keptReferences).toHaveLength(1);
    const refused = await collectFailure({}, '5.2', { sources, out });
    expect(refused.brokenReferences.map((r) => r.reference)).toEqual(['missing.png']);
  });
});

describe('porter.json collect.keepBrokenReferences', () => {
  it('remembers rules once each, keeps the other keys, and says what is wrong with a bad rule', async () => {
    const root = makeTempDir();
    fs.writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], collect: { compress: true } }));
    await rememberKeptReferences(root, [{ file: 'vendor/lib.css', reference: 'missing.png' }]);
    await rememberKeptReferences(root, [{ file: 'vendor/lib.css', reference: 'missing.png' }, { file: 'admin/*' }], true);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'porter.json'), 'utf8'))).toEqual({
      sources: ['assets'],
      collect: { compress: true, keepBrokenReferences: [{ file: 'vendor/lib.css', reference: 'missing.png' }, { file: 'admin/*' }], dropMissingSourceMaps: true },
    });
    expect(await loadCollectConfig(root)).toEqual({
      compress: true,
      keepBrokenReferences: [{ file: 'vendor/lib.css', reference: 'missing.png' }, { file: 'admin/*' }],
      dropMissingSourceMaps: true,
    });
    fs.writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ collect: { keepBrokenReferences: [{ reference: 'x.png' }] } }));
    await expect(loadCollectConfig(root)).rejects.toThrow(/^porter\.json: collect\.keepBrokenReferences\.0\.file /);
    fs.writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ collect: { keepBrokenReferences: 'vendor/*' } }));
    await expect(loadCollectConfig(root)).rejects.toThrow('collect.keepBrokenReferences must be a list like');
  });
});
