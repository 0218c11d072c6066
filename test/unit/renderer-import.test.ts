import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ImportPlanEntry } from '../../electron/contract/porter';
import { createImportStore, isUndecided, toCopy } from '../../renderer/src/features/import/import-store';
import { fakeBridge, project } from '../support/fake-bridge';

const entry = (relativePath: string, change: Partial<ImportPlanEntry> = {}): ImportPlanEntry => ({
  relativePath,
  publicPath: relativePath,
  destination: `/work/site/assets/${relativePath}`,
  snippet: `{% static '${relativePath}' %}`,
  ignoredBy: null,
  problem: null,
  existing: null,
  alreadyThere: false,
  keepBoth: null,
  ...change,
});

const clash = (relativePath: string) => entry(relativePath, { existing: { bytes: 3, width: null, height: null }, keepBoth: { destination: '', publicPath: relativePath.replace('.', '-2.') } });

describe('import store', () => {
  it('tells the plan each dropped file’s size, SHA-256 and first bytes, worked out once per drop', async () => {
    const bytes = Buffer.alloc(5000, 7);
    const { bridge, spies } = fakeBridge({ planImport: async () => ({ ok: true, value: { entries: [entry('big.bin')] } }) });
    const store = createImportStore(bridge, () => {});
    store.getState().adoptProject(project());
    await store.getState().receive([{ file: new File([bytes], 'big.bin'), relativePath: 'big.bin' }]);
    await store.getState().setTarget({ folder: 'img' });

    expect(spies.planImport).toHaveBeenCalledTimes(2);
    const [file] = spies.planImport.mock.calls[1]![0].files;
    expect(file).toEqual({ relativePath: 'big.bin', bytes: 5000, sha256: createHash('sha256').update(bytes).digest('hex'), headBase64: bytes.subarray(0, 4100).toString('base64') });
    expect(spies.planImport.mock.calls[1]![0].folder).toBe('img');
  });

  it('sends the desktop app’s path instead of the bytes', async () => {
    const { bridge, spies } = fakeBridge({ planImport: async () => ({ ok: true, value: { entries: [entry('a.png')] } }) });
    const store = createImportStore({ ...bridge, pathForFile: () => '/Users/me/a.png' }, () => {});
    store.getState().adoptProject(project());
    await store.getState().receive([{ file: new File(['x'], 'a.png'), relativePath: 'a.png' }]);
    expect(spies.planImport.mock.calls[0]![0].files).toEqual([{ relativePath: 'a.png', path: '/Users/me/a.png' }]);
  });

  it('counts what is still to decide and what would be copied; nothing already there or skipped is copied', () => {
    const entries = [clash('logo.png'), clash('hero.jpg'), entry('same.png', { existing: { bytes: 3, width: null, height: null }, alreadyThere: true }), entry('bad.png', { problem: 'no' }), entry('new.css')];
    expect(entries.filter((item) => isUndecided(item, {})).map((item) => item.relativePath)).toEqual(['logo.png', 'hero.jpg']);
    expect(entries.filter((item) => isUndecided(item, { 'logo.png': 'skip' })).map((item) => item.relativePath)).toEqual(['hero.jpg']);
    expect(toCopy(entries, { 'logo.png': 'skip', 'hero.jpg': 'keep-both' })).toBe(2);
  });

  it('does not import while a clash is undecided', async () => {
    const { bridge, spies } = fakeBridge({ planImport: async () => ({ ok: true, value: { entries: [clash('logo.png')] } }) });
    const store = createImportStore(bridge, () => {});
    store.getState().adoptProject(project());
    await store.getState().receive([{ file: new File(['new'], 'logo.png'), relativePath: 'logo.png' }]);
    await store.getState().confirm();
    expect(spies.importFiles).not.toHaveBeenCalled();
  });
});

describe('import store targets', () => {
  it('forgets the choices made for one folder when the target changes', async () => {
    const { bridge } = fakeBridge({ planImport: async () => ({ ok: true, value: { entries: [clash('logo.png')] } }) });
    const store = createImportStore(bridge, () => {});
    store.getState().adoptProject(project());
    await store.getState().receive([{ file: new File(['new'], 'logo.png'), relativePath: 'logo.png' }]);
    store.getState().decide('logo.png', 'replace');
    await store.getState().setTarget({ folder: 'img' });
    expect(store.getState().decisions).toEqual({});
  });
});
