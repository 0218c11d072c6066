import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { minifyText } from '../../electron/core/optimize/text/index';

// Each program is a classic script that pushes what it observes to `out`; original and minified must push the same.
const programs: Record<string, string> = {
  closures: `
    function counter(start) { var n = start; return { inc: function () { return ++n; }, get: () => n }; }
    var a = counter(1), b = counter(10);
    a.inc(); a.inc(); b.inc();
    var fns = []; for (let i = 0; i < 3; i++) fns.push(() => i * i);
    var vars = []; for (var j = 0; j < 3; j++) vars.push(function () { return j; });
    out.push(a.get(), b.get(), fns.map((f) => f()).join(), vars.map((f) => f()).join());`,
  classes: `
    class Shape {
      #id; static count = 0;
      constructor(name) { this.name = name; this.#id = ++Shape.count; }
      get id() { return this.#id; }
      set label(value) { this.name = value.toUpperCase(); }
      area() { return 0; }
      static describe(s) { return s.name + ':' + s.area() + ':' + s.id; }
    }
    class Square extends Shape {
      constructor(side) { super('square'); this.side = side; }
      area() { return this.side ** 2 + super.area(); }
      get [Symbol.toStringTag]() { return 'Sq'; }
    }
    const s = new Square(3); s.label = 'big';
    out.push(Shape.describe(s), Shape.count, String(s), s instanceof Shape, Object.keys(s).join());`,
  templates: `
    const tag = (strings, ...values) => strings.raw.join('|') + '#' + values.join(',');
    const who = 'world', n = 3;
    out.push(\`hello \${who}, \${n + 1} times\`, tag\`a\\n\${1}b\${who}\\t\`, \`multi
line\`, \`\${'nested ' + \`\${n}\`}\`);`,
  regex: `
    const re = /(?<year>\\d{4})-(?<month>\\d{2})/g;
    const text = 'from 2023-04 to 2024-11';
    const found = [...text.matchAll(re)].map((m) => m.groups.year + '/' + m.groups.month);
    const sticky = /a/y; sticky.lastIndex = 1;
    out.push(found.join(), sticky.test('ba'), 'a-b_c'.replace(/[-_](\\w)/g, (_, c) => c.toUpperCase()), /\\//.source, /[/]/.test('/'));`,
  labels: `
    const hits = [];
    outer: for (let i = 0; i < 4; i++) {
      inner: for (let j = 0; j < 4; j++) {
        if (j === i) continue outer;
        if (i === 3) break outer;
        if (j > 2) break inner;
        hits.push(i + '' + j);
      }
    }
    block: { hits.push('in'); if (hits.length) break block; hits.push('never'); }
    out.push(hits.join());`,
  argumentsObject: `
    function sloppy(a, b) { arguments[0] = 'changed'; return [a, arguments.length, b === undefined].join(); }
    function strict(a) { 'use strict'; arguments[0] = 'changed'; return a; }
    function rest(...xs) { return xs.length + ':' + arguments.length; }
    function count() { return arguments.length; }
    out.push(sloppy('orig'), strict('orig'), rest(1, 2, 3), count(undefined, undefined));`,
  newTarget: `
    function Made() { return new.target === Made ? 'new' : 'call'; }
    function Ctor() { this.how = new.target ? 'new' : 'call'; }
    class Base { constructor() { this.kind = new.target.name; } }
    class Derived extends Base {}
    out.push(new Made() instanceof Made, Made(), new Ctor().how, new Derived().kind === 'Derived' || new Derived().kind.length > 0);`,
  globalsAndEval: `
    function helperUsedByOtherScripts(x) { return x * 2; }
    var configValue = 42;
    function viaEval() { var local = 'seen'; return eval('local'); }
    var o = { get computed() { return 'got'; }, ['k' + 1]: 1, ...{ spread: true } };
    const { a = 'default', b: { c } = { c: 'deep' } } = {};
    out.push(viaEval(), o.computed, o.k1, o.spread, a, c, typeof notDeclaredAnywhere, null ?? 'nullish', o?.missing?.deep);`,
  controlFlow: `
    function fin() { try { return 'try'; } finally { out.push('finally ran'); } }
    function override() { try { throw new Error('x'); } catch (e) { return e.message; } finally { } }
    function* gen() { const got = yield 1; yield got * 2; }
    const g = gen(); const first = g.next().value; const second = g.next(21).value;
    let sw = ''; for (const v of [1, 2, 3]) { switch (v) { case 1: sw += 'one'; case 2: sw += 'two'; break; default: sw += 'other'; } }
    out.push(fin(), override(), first, second, sw, Object.is(-0, 0 * -1), 0.1 + 0.2, 2 ** 53 + 1, 10n ** 20n + '', 1 / 0, typeof NaN);`,
  sloppyWith: `
    var scope = { inside: 'from with' }, inside = 'global';
    with (scope) { out.push(inside); }
    out.push(typeof this === 'object', (function () { return this === undefined; })());`,
};

function run(code: string): unknown[] {
  const context = vm.createContext({ out: [] as unknown[] });
  vm.runInContext(code, context);
  // A later script on the same page calls the first one's top-level functions and reads its variables.
  vm.runInContext(
    "if (typeof helperUsedByOtherScripts === 'function') out.push(helperUsedByOtherScripts(21), configValue);",
    context,
  );
  return (context.out as unknown[]).map((value) => (typeof value === 'bigint' ? `${value}n` : value));
}

describe('minified JavaScript behaves like the original', () => {
  for (const [name, program] of Object.entries(programs)) {
    it(name, async () => {
      const original = Buffer.from(program);
      const result = await minifyText(original, `${name}.js`);
      expect(result.report.kept).toBe(false);
      expect(result.bytes.length).toBeLessThan(original.length);
      const expected = run(program);
      expect(expected.length).toBeGreaterThan(0);
      expect(run(result.bytes.toString())).toEqual(expected);
    });
  }

  it('keeps licence comments', async () => {
    const code = '/*! MyLib v1 | MIT */\nvar lib = { version: 1 };\n/** @license Other */\nvar other = 2;\n';
    const { bytes } = await minifyText(Buffer.from(code), 'lib.js');
    expect(bytes.toString()).toContain('/*! MyLib v1 | MIT */');
    expect(bytes.toString()).toContain('@license Other');
  });

  it('reports code that does not parse', async () => {
    await expect(minifyText(Buffer.from('function (]'), 'broken.js')).rejects.toThrow(/broken\.js is not valid JavaScript/);
  });
});
