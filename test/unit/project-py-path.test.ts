// Python's os.path / pathlib string rules that settings files lean on (POSIX).
import { describe, expect, it } from 'vitest';
import { osPathDirname, osPathJoin, osPathNormpath, pathlibJoin, pathlibNormalize, pathlibParent } from '../../electron/core/project/py-path';

describe.skipIf(process.platform === 'win32')('Python path rules', () => {
  it('os.path.join restarts at an absolute part and does not normalise', () => {
    expect(osPathJoin('/srv/app', 'static')).toBe('/srv/app/static');
    expect(osPathJoin('/srv/app/', '../x', 'y/')).toBe('/srv/app/../x/y/');
    expect(osPathJoin('/srv/app', '/abs', 'z')).toBe('/abs/z');
  });

  it('os.path.dirname keeps everything before the last slash', () => {
    expect(osPathDirname('/srv/app/settings.py')).toBe('/srv/app');
    expect(osPathDirname('/srv/app/')).toBe('/srv/app');
    expect(osPathDirname('/settings.py')).toBe('/');
    expect(osPathDirname('settings.py')).toBe('');
    expect(osPathNormpath('/srv//app/./x/')).toBe('/srv/app/x');
  });

  it('pathlib collapses separators and `.`, keeps `..`, and `.parent` stops at the root', () => {
    expect(pathlibNormalize('/srv//app/./x/')).toBe('/srv/app/x');
    expect(pathlibNormalize('a/../b')).toBe('a/../b');
    expect(pathlibNormalize('')).toBe('.');
    expect(pathlibJoin('/srv/app', 'frontend/dist/')).toBe('/srv/app/frontend/dist');
    expect(pathlibJoin('/srv/app', '/abs')).toBe('/abs');
    expect(pathlibParent('/srv/app')).toBe('/srv');
    expect(pathlibParent('/srv')).toBe('/');
    expect(pathlibParent('/')).toBe('/');
    expect(pathlibParent('app')).toBe('.');
  });
});
