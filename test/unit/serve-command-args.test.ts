import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../electron/cli/serve-command';

describe('porter serve flags', () => {
  it('defaults to a free port, no project, and opening the browser', () => {
    expect(parseServeArgs([])).toEqual({ port: 0, project: undefined, open: true });
  });

  it('reads --port, --project and --no-open in either spelling', () => {
    expect(parseServeArgs(['--port', '8123', '--project', '/p', '--no-open'])).toEqual({ port: 8123, project: '/p', open: false });
    expect(parseServeArgs(['--port=0', '--project=/p'])).toEqual({ port: 0, project: '/p', open: true });
  });

  it('explains a bad port or an unknown flag', () => {
    expect(parseServeArgs(['--port', 'http'])).toEqual({ error: expect.stringContaining('--port') });
    expect(parseServeArgs(['--port', '70000'])).toEqual({ error: expect.stringContaining('65535') });
    expect(parseServeArgs(['--port', '1.5'])).toEqual({ error: expect.stringContaining('whole number') });
    expect(parseServeArgs(['--open-sesame'])).toEqual({ error: expect.stringContaining('--open-sesame') });
  });

  it('asks for help', () => {
    expect(parseServeArgs(['--help'])).toEqual({ help: true });
  });
});
