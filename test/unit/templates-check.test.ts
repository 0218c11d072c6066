// Issue 15 §3: `{% static %}` literals against the collected files, on the templates-project fixture (every case the
// issue lists) and on small cases for the tag grammar.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProject } from '../../electron/core/project/open-project';
import { checkProjectTemplates, checkTemplates } from '../../electron/core/templates/index';
import { findStaticTags, manifestKey } from '../../electron/core/templates/static-tags';

const fixture = path.resolve(import.meta.dirname, '../fixtures/templates-project');
/** No PATH and no HOME outside the fixture: the settings are read as text, whatever Python the machine has. */
const open = () => openProject({ root: fixture, pythonConsent: 'deny', env: { HOME: '/nonexistent' } });

describe('template folders', () => {
  it('lists TEMPLATES DIRS, then each app with a templates/ folder in INSTALLED_APPS order', async () => {
    const project = await open();
    expect(project.detection.templateFolders).toEqual([
      { dir: path.join(fixture, 'templates'), origin: 'dirs' },
      { dir: path.join(fixture, 'shop/templates'), origin: 'app', app: 'shop' },
      { dir: path.join(fixture, 'blog/templates'), origin: 'app', app: 'blog' },
    ]);
    expect(project.detection.templateNotes).toEqual([]);
  });
});

describe('checkProjectTemplates on the fixture', () => {
  it('reports each literal that names no collected file, with its template and line', async () => {
    const check = checkProjectTemplates(await open());
    expect(check.missing.map(({ template, line, name }) => `${template}:${line} ${name}`)).toEqual([
      'base.html:7 css/missing.css',
      'legacy.html:3 css/gone.css',
      'pages/about/team.html:4 img/team/photo.jpg',
    ]);
    expect(check.missing[0]).toMatchObject({ file: path.join(fixture, 'templates/base.html'), tag: "{% static 'css/missing.css' %}" });
  });

  it('reads single and double quotes, `as var`, a query and a fragment, and skips comments and verbatim', async () => {
    const check = checkProjectTemplates(await open());
    // base.html: site.css twice, app.js, logo.png, missing.css; team.html: photo.jpg, logo.png; legacy: 2; shop: 2; blog: 1.
    expect(check.literalTags).toBe(12);
    const names = check.missing.map((tag) => tag.name).join(' ');
    for (const never of ['in-a-comment', 'commented-out', 'verbatim']) expect(names).not.toContain(never);
  });

  it('counts variables as unknown instead of checking them', async () => {
    const check = checkProjectTemplates(await open());
    expect(check.unknown).toEqual([{ template: 'base.html', file: path.join(fixture, 'templates/base.html'), line: 6, tag: '{% static hero.image %}', name: 'hero.image' }]);
  });

  it('checks only the winning template of each name: DIRS before apps, apps in INSTALLED_APPS order', async () => {
    const check = checkProjectTemplates(await open());
    expect(check.overridden).toBe(2);
    expect(check.templates).toBe(6);
    const names = check.missing.map((tag) => tag.name);
    expect(names).not.toContain('shop/list-from-app.css');
    expect(names).not.toContain('shop/blog-override.css');
  });

  it('says the old {% load static from staticfiles %} no longer loads, and still checks its tags', async () => {
    const check = checkProjectTemplates(await open());
    expect(check.notes).toContain(
      'legacy.html line 1: {% load static from staticfiles %} loads a tag library Django 3.0 removed, so this template fails to load; write {% load static %} instead.',
    );
    expect(check.missing.some((tag) => tag.template === 'legacy.html' && tag.name === 'css/gone.css')).toBe(true);
  });

  it('lists the collected files no template, CSS or JS names, and says variables make that uncertain', async () => {
    const check = checkProjectTemplates(await open());
    // bg.png is named by site.css, icon.svg by app.js, the others by templates.
    expect(check.unreferenced.map((file) => file.name).sort()).toEqual(['fonts/orphan.woff2', 'img/unused.png']);
    expect(check.collectedFiles).toBe(11);
    expect(check.notes).toContain('1 {% static %} tag names its file with a variable, so some files listed as not referenced may still be used.');
  });
});

describe('findStaticTags', () => {
  it('finds tags as Django lexes them', () => {
    const { tags } = findStaticTags(`{% static 'a b.css' %}\n{% static "x\\"y.css" as v %}\n{% static 'multi\nline.css' %}\n{% static 'f.css'|lower %}`);
    expect(tags.map((tag) => [tag.line, tag.literal, tag.argument])).toEqual([
      [1, 'a b.css', "'a b.css'"],
      [2, 'x"y.css', '"x\\"y.css"'],
      // The tag spanning lines 3-4 is text; a filtered literal is an expression, not checked.
      [5, undefined, "'f.css'|lower"],
    ]);
  });

  it('ends a named verbatim block only at its own endverbatim', () => {
    const { tags } = findStaticTags("{% verbatim a %}{% endverbatim %}{% static 'in.css' %}{% endverbatim a %}{% static 'out.css' %}");
    expect(tags.map((tag) => tag.literal)).toEqual(['out.css']);
  });

  it('notes {% load staticfiles %} and admin_static as removed libraries', () => {
    expect(findStaticTags('{% load staticfiles %}\n{% load i18n admin_static %}\n{% load static %}').oldLoads.map((load) => load.line)).toEqual([1, 2]);
  });
});

describe('manifestKey', () => {
  it('looks names up as ManifestStaticFilesStorage.stored_name does', () => {
    expect(manifestKey('css/a.css?v=1#x')).toBe('css/a.css');
    expect(manifestKey('img/a%20b.png')).toBe('img/a b.png');
    expect(manifestKey(' css/a.css ')).toBe('css/a.css');
    // A folder is never looked up, so never missing.
    expect(manifestKey('fonts/')).toBeUndefined();
  });
});

describe('checkTemplates without templates', () => {
  it('lists no file as unused when no template folder exists, and says why', () => {
    const check = checkTemplates({ templateFolders: [], collected: [{ name: 'a.css', absPath: '/nowhere/a.css', size: 1 }] });
    expect(check).toMatchObject({ templates: 0, missing: [], unreferenced: [], collectedFiles: 1 });
    expect(check.notes).toEqual([
      'Porter found no template folders: the settings name no TEMPLATES DIRS and no app templates/ folder, so no template was checked and no file is listed as unused.',
    ]);
  });
});
