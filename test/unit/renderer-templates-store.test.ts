// The Templates panel's store: checked when a project opens, again when its sources change, and only the latest
// answer kept when checks overlap.
import { describe, expect, it } from 'vitest';
import type { TemplateCheck } from '../../electron/contract/porter';
import { createAppStores } from '../../renderer/src/create-app-stores';
import { fakeBridge, memoryRecent } from '../support/fake-bridge';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const check = (missing: number): TemplateCheck => ({
  templateFolders: [{ dir: '/work/site/templates', origin: 'dirs' }],
  templates: 1,
  overridden: 0,
  literalTags: missing,
  missing: Array.from({ length: missing }, (_, index) => ({ template: 'base.html', file: '/work/site/templates/base.html', line: index + 1, tag: `{% static 'x${index}.css' %}`, name: `x${index}.css` })),
  unknown: [],
  unreferenced: [],
  collectedFiles: 0,
  notes: [],
});

describe('templates store', () => {
  it('checks the templates when a project opens and again when its sources change on disk', async () => {
    let missing = 2;
    const { bridge, spies, emit } = fakeBridge({ checkTemplates: async () => ({ ok: true, value: check(missing) }) });
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    await flush();
    expect(spies.checkTemplates).toHaveBeenCalledWith({ root: '/work/site' });
    expect(stores.templates.getState()).toMatchObject({ root: '/work/site', checking: false });
    expect(stores.templates.getState().check?.missing).toHaveLength(2);

    missing = 0;
    emit({ type: 'project-changed', root: '/work/site', changed: ['/work/site/assets/x0.css'] });
    await flush();
    expect(stores.templates.getState().check?.missing).toHaveLength(0);
    emit({ type: 'project-changed', root: '/elsewhere', changed: [] });
    expect(spies.checkTemplates).toHaveBeenCalledTimes(2);
  });

  it('keeps only the latest answer and shows the host’s error', async () => {
    const answers: Array<(value: TemplateCheck) => void> = [];
    const { bridge } = fakeBridge({ checkTemplates: () => new Promise((resolve) => answers.push((value) => resolve({ ok: true, value }))) });
    const stores = createAppStores(bridge, memoryRecent());
    const first = stores.templates.getState().load('/work/site');
    const second = stores.templates.getState().load('/work/site');
    answers[1]!(check(1));
    answers[0]!(check(5));
    await Promise.all([first, second]);
    expect(stores.templates.getState().check?.missing).toHaveLength(1);

    const failing = fakeBridge({ checkTemplates: async () => ({ ok: false, error: { kind: 'not-found', message: 'Open the project again.' } }) });
    const other = createAppStores(failing.bridge, memoryRecent());
    await other.templates.getState().load('/work/site');
    expect(other.templates.getState()).toMatchObject({ checking: false, error: { message: 'Open the project again.' } });
  });
});
