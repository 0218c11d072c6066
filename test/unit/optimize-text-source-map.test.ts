import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { minifyText } from '../../electron/core/optimize/text/index';
import { decodeMappings, encodeMappings } from '../../electron/core/optimize/text/source-map-codec';
import { dataUrlContent } from '../../electron/core/optimize/text/source-map';

// An original source compiled by a build step (esbuild, as a bundler would), then minified by Porter: positions in the
// minified file must still lead to the original lines.
const original = [
  'interface Greeting { text: string }', // 1
  '', // 2
  'export function greet(name: string): Greeting {', // 3
  '  const text = "marker-hello " + name;', // 4
  '  return { text };', // 5
  '}', // 6
  '', // 7
  'export function farewell(name: string): string {', // 8
  '  return "marker-bye " + name;', // 9
  '}', // 10
].join('\n');

function compiled(sourcemap: 'external' | 'inline'): { code: string; map: string } {
  const result = transformSync(original, { loader: 'ts', format: 'esm', sourcefile: 'src/greet.ts', sourcemap });
  return { code: result.code, map: result.map };
}

/** The original line (1-based) of the first occurrence of `needle` in `code`. */
function originalLineOf(code: string, map: TraceMap, needle: string): { source: string | null; line: number | null } {
  const index = code.indexOf(needle);
  expect(index).toBeGreaterThanOrEqual(0);
  const before = code.slice(0, index).split('\n');
  const position = originalPositionFor(map, { line: before.length, column: (before.at(-1) ?? '').length });
  return { source: position.source, line: position.line };
}

describe('source maps through minification', () => {
  it('composes a linked map: the output still points at the original lines, under the same URL', async () => {
    const input = compiled('external');
    const withComment = `${input.code}//# sourceMappingURL=greet.js.map\n`;
    const result = await minifyText(Buffer.from(withComment), 'greet.mjs', { sourceMap: Buffer.from(input.map) });
    const out = result.bytes.toString();
    expect(out.length).toBeLessThan(withComment.length);
    expect(out.endsWith('\n//# sourceMappingURL=greet.js.map\n')).toBe(true);
    expect(result.sourceMap).toBeDefined();
    const map = JSON.parse(String(result.sourceMap));
    expect(map.sources).toEqual(['src/greet.ts']);
    expect(map.sourcesContent).toEqual([original]);
    expect(map.file).toBe('greet.mjs');
    const traced = new TraceMap(map);
    expect(originalLineOf(out, traced, 'marker-hello')).toEqual({ source: 'src/greet.ts', line: 4 });
    expect(originalLineOf(out, traced, 'marker-bye')).toEqual({ source: 'src/greet.ts', line: 9 });
  });

  it('rewrites an inline map inline', async () => {
    const input = compiled('inline');
    expect(input.code).toContain('sourceMappingURL=data:');
    const result = await minifyText(Buffer.from(input.code), 'greet.mjs');
    const out = result.bytes.toString();
    const url = /\/\/# sourceMappingURL=(data:\S+)\n$/.exec(out)?.[1];
    expect(url).toBeDefined();
    const map = JSON.parse(dataUrlContent(url ?? '').toString());
    expect(JSON.parse(String(result.sourceMap))).toEqual(map);
    expect(originalLineOf(out, new TraceMap(map), 'marker-bye')).toEqual({ source: 'src/greet.ts', line: 9 });
  });

  it('composes CSS maps too', async () => {
    const source = '/* theme */\n\n.header {\n  color: #ff0000;\n}\n\n\n.marker-footer {\n  margin: 0px;\n}\n';
    const input = transformSync(source, { loader: 'css', sourcefile: 'scss/site.scss', sourcemap: 'external' });
    const css = `${input.code}/*# sourceMappingURL=site.css.map */\n`;
    const result = await minifyText(Buffer.from(css), 'site.css', { sourceMap: Buffer.from(input.map) });
    const out = result.bytes.toString();
    expect(out).toBe('.header{color:red}.marker-footer{margin:0}\n/*# sourceMappingURL=site.css.map */\n');
    const traced = new TraceMap(JSON.parse(String(result.sourceMap)));
    expect(originalLineOf(out, traced, '.marker-footer')).toEqual({ source: 'scss/site.scss', line: 8 });
  });

  it('drops a link to a map it was not given, which would no longer match', async () => {
    const input = compiled('external');
    const result = await minifyText(Buffer.from(`${input.code}//# sourceMappingURL=greet.js.map\n`), 'greet.mjs');
    expect(result.bytes.toString()).not.toContain('sourceMappingURL');
    expect(result.sourceMap).toBeUndefined();
    expect(result.report.notes.join(' ')).toMatch(/sourceMappingURL comment \(greet\.js\.map\) was removed/);
  });

  it('rejects a source map that is not one', async () => {
    await expect(minifyText(Buffer.from('var a = 1;'), 'a.js', { sourceMap: Buffer.from('{"version": 2}') })).rejects.toThrow(
      /not a version 3 map/,
    );
  });

  it('decodes and re-encodes mappings without change', () => {
    const { map } = compiled('external');
    const mappings = JSON.parse(map).mappings as string;
    expect(encodeMappings(decodeMappings(mappings))).toBe(mappings);
    expect(decodeMappings('AAAA,SAAS;;EAAE')).toEqual([[[0, 0, 0, 0], [9, 0, 0, 9]], [], [[2, 0, 0, 11]]]);
  });
});
