import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../electron/main/menu-template';
import { parseRecent, withRecent } from '../../electron/main/recent-projects';
import { parseWindowState, placeWindow } from '../../electron/main/window-state';

describe('window placement', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1080 };
  const options = { workAreas: [screen], defaultSize: { width: 1200, height: 800 }, minimumSize: { width: 800, height: 560 } };
  it('puts the window back where it was, and onto a display when its monitor is gone', () => {
    const saved = { bounds: { x: 100, y: 80, width: 1300, height: 900 }, maximized: true };
    expect(placeWindow(saved, options)).toEqual(saved);
    expect(placeWindow({ bounds: { x: 2500, y: 100, width: 1200, height: 800 }, maximized: false }, options).bounds).toEqual({ x: 360, y: 140, width: 1200, height: 800 });
    expect(parseWindowState('garbage')).toBeNull();
    expect(placeWindow(null, options).bounds).toEqual({ x: 360, y: 140, width: 1200, height: 800 });
  });
});

describe('recent projects', () => {
  it('keeps the newest first, once each, ten at most', () => {
    let list: string[] = [];
    for (let index = 0; index < 12; index += 1) list = withRecent(list, `/p/${index}`);
    list = withRecent(list, '/p/5');
    expect(list[0]).toBe('/p/5');
    expect(list).toHaveLength(10);
    expect(new Set(list).size).toBe(10);
    expect(parseRecent(['/a', 3, '', '/b'])).toEqual(['/a', '/b']);
    expect(parseRecent({})).toEqual([]);
  });
});

describe('the menu', () => {
  const actions = { openProject: vi.fn(), openRecent: vi.fn(), revealProject: vi.fn(), checkForUpdates: vi.fn(), openWebsite: vi.fn() };
  const items = (template: MenuItemConstructorOptions[], label: string) => (template.find((item) => item.label === label)?.submenu ?? []) as MenuItemConstructorOptions[];

  it('has Open (Ctrl/Cmd+O), recent projects, reveal, and updates; dev tools only in development', () => {
    const template = menuTemplate({ platform: 'linux', isDev: false, recent: ['/work/site', '/work/old'], appName: 'Porter' }, actions);
    const file = items(template, '&File');
    expect(file[0]).toMatchObject({ label: 'Open Project…', accelerator: 'CmdOrCtrl+O' });
    const recent = file[1]!.submenu as MenuItemConstructorOptions[];
    recent[1]!.click!({} as never, undefined, {} as never);
    expect(actions.openRecent).toHaveBeenCalledWith('/work/old');
    file[2]!.click!({} as never, undefined, {} as never);
    expect(actions.revealProject).toHaveBeenCalledWith('/work/site');
    expect(JSON.stringify(items(template, '&View'))).not.toContain('toggleDevTools');
    expect(JSON.stringify(items(menuTemplate({ platform: 'linux', isDev: true, recent: [], appName: 'Porter' }, actions), '&View'))).toContain('toggleDevTools');
    const mac = menuTemplate({ platform: 'darwin', isDev: false, recent: [], appName: 'Porter' }, actions);
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(items(mac, '&File')[2]).toMatchObject({ label: 'Reveal Project in Finder', enabled: false });
    // Close Window everywhere; Quit in the File menu only where there is no app menu.
    const roles = (template: MenuItemConstructorOptions[]) => items(template, '&File').map((item) => item.role).filter(Boolean);
    expect(roles(template)).toEqual(['close', 'quit']);
    expect(roles(mac)).toEqual(['close']);
  });
});
