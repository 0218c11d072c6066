// Expected values were printed by CPython 3.11 (urllib.parse, posixpath), the Python Django runs on here.
import { describe, expect, it } from 'vitest';
import { normpath, quote, splitext, unquote, urldefrag, urljoin, urlsplit } from '../../electron/core/collect/py-url';

describe('py-url matches CPython', () => {
  it.each([["css/a.png", ["", "", "css/a.png", "", ""]], ["c:d.png", ["c", "", "d.png", "", ""]], ["HTTP://x/y", ["http", "x", "/y", "", ""]], ["//cdn/x.png?a#b", ["", "cdn", "/x.png", "a", "b"]], ["a.png?#iefix", ["", "", "a.png", "", "iefix"]], [" \u0001x.png", ["", "", "x.png", "", ""]], ["a\tb\n.png", ["", "", "ab.png", "", ""]], ["mailto:x@y", ["mailto", "", "x@y", "", ""]], ["1a:b", ["", "", "1a:b", "", ""]]] as Array<[string, string[]]>)('urlsplit(%j)', (input, expected) => {
    const parts = urlsplit(input);
    expect([parts.scheme, parts.netloc, parts.path, parts.query, parts.fragment]).toEqual(expected);
  });

  it.each([["a.png#x", ["a.png", "x"]], ["f.eot?#iefix", ["f.eot", "iefix"]], ["a;p#f", ["a;p", "f"]], ["a;#f", ["a", "f"]], ["x", ["x", ""]], ["#default#VML", ["", "default#VML"]], ["//h/p#f", ["//h/p", "f"]]] as Array<[string, string[]]>)('urldefrag(%j)', (input, expected) => {
    expect(urldefrag(input)).toEqual(expected);
  });

  it.each([["a%20b", "a b"], ["%E2%82", "�"], ["%zz%41", "%zzA"], ["ü%C3%BC", "üü"], ["%", "%"], ["100%", "100%"]] as Array<[string, string]>)('unquote(%j)', (input, expected) => {
    expect(unquote(input)).toBe(expected);
  });

  it.each([[["/static/", "a/b.png"], "/static/a/b.png"], [["/static/", "a/../b.png"], "/static/b.png"], [["/static/", "a/."], "/static/a/"], [["/static/", ""], "/static/"], [["https://cdn.example.com/static/", "x/y.png"], "https://cdn.example.com/static/x/y.png"], [["/static/", ".."], "/"]] as Array<[[string, string], string]>)('urljoin(%j)', ([base, relative], expected) => {
    expect(urljoin(base, relative)).toBe(expected);
  });

  it.each([["a.b.c", ["a.b", ".c"]], [".x", [".x", ""]], ["..x.y", ["..x", ".y"]], ["a/b", ["a/b", ""]], ["a.", ["a", "."]], ["a/.b", ["a/.b", ""]]] as Array<[string, string[]]>)('splitext(%j)', (input, expected) => {
    expect(splitext(input)).toEqual(expected);
  });

  it.each([["a/b", "a/b"], ["a//b", "a/b"], ["a/./b", "a/b"], ["a/../b", "b"], ["./a", "a"], ["../a", "../a"], ["a/", "a"], ["a/.", "a"], ["a/..", "."], [".", "."], ["..", ".."], ["", "."], ["/a", "/a"], ["//a", "//a"], ["///a", "/a"], ["a/.b", "a/.b"], ["a/..b", "a/..b"], ["a/b..", "a/b.."], [".a", ".a"], ["..a", "..a"], ["a/...", "a/..."], ["x\n/../y", "y"]] as Array<[string, string]>)('normpath(%j)', (input, expected) => {
    expect(normpath(input)).toBe(expected);
  });

  it('quote keeps the safe characters and encodes the rest as UTF-8', () => {
    expect(['a/b c.png', "x~!*()'/y", 'ü/%', 'a?b#c;d:e', 'plain/name.css'].map((text) => quote(text, "/~!*()'"))).toEqual([
      'a/b%20c.png', "x~!*()'/y", '%C3%BC/%25', 'a%3Fb%23c%3Bd%3Ae', 'plain/name.css',
    ]);
  });
});
