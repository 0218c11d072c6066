import { describe, expect, it } from 'vitest';
import { hashedName, md5Hex } from '../../electron/core/collect/hashed-storage';
import { manifestBytes } from '../../electron/core/collect/index';
import { compareCodePoints, pyJsonDumps, pyObject } from '../../electron/core/collect/py-json';
import { collectTree } from '../support/temp-project';

const h = (content: string) => md5Hex(content).slice(0, 12);

describe('hashed names (django-staticfiles.md §2.2)', () => {
  it('hashes md5 of the bytes, first 12 hex digits', () => {
    expect(h('1')).toBe('c4ca4238a0b9');
  });

  it.each([
    ['css/app.css', 'c141ad3f586c', 'css/app.c141ad3f586c.css'],
    ['archive.tar.gz', 'db5570bf6146', 'archive.tar.db5570bf6146.gz'],
    ['css/app.css.map', '99914b932bd3', 'css/app.css.99914b932bd3.map'],
    ['jquery.min.js', 'd8bd79cc1319', 'jquery.min.d8bd79cc1319.js'],
    ['LICENSE', 'a1c292b1fd40', 'LICENSE.a1c292b1fd40'],
    ['.eslintrc', '1679091c5a88', '.eslintrc.1679091c5a88'],
    ['trail.', '8f14e45fceea', 'trail.8f14e45fceea.'],
    ['a%20b.png', 'c4ca4238a0b9', 'a b.c4ca4238a0b9.png'],
    ['x#y.txt', 'c81e728d9d4c', 'x.c81e728d9d4c#y.txt'],
    ['q?x.txt', 'eccbc87e4b5c', 'q.eccbc87e4b5c?x.txt'],
    ['ünï.txt', 'a87ff679a2f3', 'ünï.a87ff679a2f3.txt'],
    ['f.eot?#iefix', '27f6c62112fe', 'f.27f6c62112fe.eot?#iefix'],
    ['...hidden', 'abcdefabcdef', '...hidden.abcdefabcdef'],
  ])('%s -> %s', (name, hash, expected) => {
    expect(hashedName(name, hash)).toBe(expected);
  });

  it('keeps originals and writes hashed copies with the same bytes', async () => {
    const run = await collectTree({ 'LICENSE': '1', 'img/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    expect(run.files()).toEqual(['LICENSE', 'LICENSE.c4ca4238a0b9', 'img/logo.png', `img/logo.${md5Hex(Buffer.from([0x89, 0x50, 0x4e, 0x47])).slice(0, 12)}.png`, 'staticfiles.json'].sort());
  });

  it('names files with special characters as Django does, and writes them with ensure_ascii JSON', async () => {
    const run = await collectTree({ 'a%20b.png': '1', 'ünï.txt': '4', 'x#y.txt': '2' });
    expect(run.files()).toContain('a b.c4ca4238a0b9.png');
    expect(run.files()).toContain('ünï.a87ff679a2f3.txt');
    expect(run.files()).toContain('x.c81e728d9d4c#y.txt');
    expect(run.read('staticfiles.json')).toContain('"\\u00fcn\\u00ef.txt": "\\u00fcn\\u00ef.a87ff679a2f3.txt"');
  });
});

describe('staticfiles.json (§2.6)', () => {
  const table = new Map([
    ['img/a.png', 'img/a.0b75926ab9a9.png'],
    ['1.txt', '1.c4ca4238a0b9.txt'],
    ['😀.txt', '😀.c4ca4238a0b9.txt'],
    ['\uffff.txt', '\uffff.c4ca4238a0b9.txt'],
  ]);

  it('3.2 writes version 1.0 and no hash, in processing order, integer-like keys not reordered', () => {
    expect(manifestBytes(table, '3.2').toString()).toBe(
      '{"paths": {"img/a.png": "img/a.0b75926ab9a9.png", "1.txt": "1.c4ca4238a0b9.txt", "\\ud83d\\ude00.txt": "\\ud83d\\ude00.c4ca4238a0b9.txt", "\\uffff.txt": "\\uffff.c4ca4238a0b9.txt"}, "version": "1.0"}',
    );
  });

  it('4.2 and 5.2 add version 1.1 and the hash of the code-point-sorted pairs', () => {
    const text = manifestBytes(table, '5.2').toString();
    const sorted = '[["1.txt", "1.c4ca4238a0b9.txt"], ["img/a.png", "img/a.0b75926ab9a9.png"], ["\\uffff.txt", "\\uffff.c4ca4238a0b9.txt"], ["\\ud83d\\ude00.txt", "\\ud83d\\ude00.c4ca4238a0b9.txt"]]';
    expect(text.endsWith(`"version": "1.1", "hash": "${h(sorted)}"}`)).toBe(true);
    expect(manifestBytes(table, '4.2').equals(manifestBytes(table, '5.2'))).toBe(true);
  });

  it('sorts by code point, not UTF-16 unit', () => {
    expect(['😀', '\uffff', 'a'].sort(compareCodePoints)).toEqual(['a', '\uffff', '😀']);
  });

  it('dumps like Python json.dumps', () => {
    expect(pyJsonDumps(pyObject([['a"b', ['\n', '\x7f', '/']]]))).toBe('{"a\\"b": ["\\n", "\\u007f", "/"]}');
  });
});
