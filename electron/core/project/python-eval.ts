// Evaluates settings expressions without running Python. Values that depend on the environment
// or on code Porter does not run become `unknown` with a reason, or keep a best guess (an
// environment variable's default) and record a doubt.

import { parseExpression, type Expr } from './python-expr';
import { BUILTINS, knownAttribute } from './python-known-modules';
import * as py from './py-path';
import { logicalLines } from './python-tokens';
import { asText, NONE, quote, str, truthy, unknown, type Binding, type PyValue } from './python-values';

export interface EvalScope {
  lookup(name: string): Binding | undefined;
  /** An attribute of a project module (`import config.base` then `config.base.X`). */
  moduleAttribute(module: string, attr: string): PyValue;
  /** Where the statement is, for notes: `mysite/settings.py line 12`. */
  where: string;
  /** The folder manage.py runs in: relative paths and `os.getcwd()` resolve against it. */
  cwd: string;
}

type Call = Extract<Expr, { type: 'call' }>;

/** Env lookups by function, with the position of their `default` argument when it has one. */
const ENV_FUNCTIONS: Record<string, number | undefined> = {
  'os.getenv': 1,
  'os.environ.get': 1,
  'os.environ.setdefault': 1,
  'decouple.config': 1,
};
const ENV_READER_CLASSES = new Set(['environ.Env', 'environs.Env']);
// django-environ's `list`/`tuple`/`dict`/`json` take `cast` second; its other readers and environs' take `default`.
const ENV_METHODS_WITHOUT_POSITIONAL_DEFAULT = new Set(['list', 'tuple', 'dict', 'json']);

export class Evaluator {
  /** Doubts met while evaluating: the value is a best guess. */
  readonly doubts: string[] = [];

  constructor(private readonly scope: EvalScope) {}

  evaluate(expr: Expr): PyValue {
    switch (expr.type) {
      case 'const':
        if (expr.value === null) return NONE;
        if (typeof expr.value === 'string') return str(expr.value);
        if (typeof expr.value === 'number') return { kind: 'num', value: expr.value };
        return { kind: 'bool', value: expr.value };
      case 'name':
        return this.name(expr.name, expr.text);
      case 'fstring':
        return this.fstring(expr.body, expr.text);
      case 'list':
      case 'tuple':
        return { kind: expr.type, items: this.items(expr.items) };
      case 'set':
        return this.opaque(expr.text, 'a set, whose order Python does not fix');
      case 'starred':
        return this.opaque(expr.text, 'a `*` expansion');
      case 'dict':
        return this.dict(expr);
      case 'attr':
        return this.attribute(this.evaluate(expr.object), expr.name, expr.text);
      case 'subscript':
        return this.subscript(this.evaluate(expr.object), this.evaluate(expr.index), expr.text);
      case 'call':
        return this.call(expr);
      case 'binop':
        return this.binop(expr.op, this.evaluate(expr.left), this.evaluate(expr.right), expr.text);
      case 'unary':
        return this.unary(expr.op, this.evaluate(expr.operand), expr.text);
      case 'boolop':
        return this.boolop(expr);
      case 'opaque':
        return this.opaque(expr.text, expr.what);
    }
  }

  private opaque(text: string, what: string): PyValue {
    return unknown(`${quote(text)} (${this.scope.where}) is ${what}, worked out only when Django runs`);
  }

  private name(name: string, text: string): PyValue {
    const binding = this.scope.lookup(name);
    if (binding) {
      this.doubts.push(...binding.doubts);
      return binding.value;
    }
    return BUILTINS[name] ?? unknown(`${quote(text)} (${this.scope.where}) is not defined in the settings Porter read`);
  }

  private items(exprs: Expr[]): PyValue[] {
    const items: PyValue[] = [];
    for (const item of exprs) {
      if (item.type !== 'starred') {
        items.push(this.evaluate(item));
        continue;
      }
      const spread = this.evaluate(item.value);
      if (spread.kind === 'list' || spread.kind === 'tuple') items.push(...spread.items);
      else items.push(spread.kind === 'unknown' ? spread : this.opaque(item.text, 'a `*` expansion Porter cannot list'));
    }
    return items;
  }

  private dict(expr: Extract<Expr, { type: 'dict' }>): PyValue {
    const entries = new Map<string, PyValue>();
    for (const entry of expr.entries) {
      if ('spread' in entry) {
        const spread = this.evaluate(entry.spread);
        if (spread.kind !== 'dict') return spread.kind === 'unknown' ? spread : this.opaque(entry.spread.text, 'not a dict');
        for (const [key, value] of spread.entries) entries.set(key, value);
        continue;
      }
      const key = this.evaluate(entry.key);
      if (key.kind === 'str') entries.set(key.value, this.evaluate(entry.value));
    }
    return { kind: 'dict', entries };
  }

  private fstring(body: string, text: string): PyValue {
    let out = '';
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!;
      if ((ch === '{' || ch === '}') && body[i + 1] === ch) {
        out += ch;
        i++;
        continue;
      }
      if (ch !== '{') {
        out += ch;
        continue;
      }
      const close = matchingBrace(body, i);
      const inner = body.slice(i + 1, close);
      // Conversions (`!r`) and format specs (`:>10`) change the text in ways not modelled here.
      if (close < 0 || /[!:](?![=])/.test(inner.replace(/(["'])(?:\\.|(?!\1).)*\1|\[[^\]]*\]|\([^)]*\)/g, ''))) {
        return this.opaque(text, 'an f-string with formatting Porter does not follow');
      }
      const tokens = logicalLines(inner)[0]?.tokens ?? [];
      let value: PyValue;
      try {
        value = this.evaluate(parseExpression(inner, tokens));
      } catch {
        return this.opaque(text, 'an f-string Porter could not read');
      }
      if (value.kind === 'unknown') return value;
      const part = asText(value);
      if (part === undefined) return this.opaque(text, 'an f-string with values Porter cannot print');
      out += part;
      i = close;
    }
    return str(out);
  }

  private attribute(object: PyValue, name: string, text: string): PyValue {
    switch (object.kind) {
      case 'unknown':
        return object;
      case 'builtin': {
        if (object.name === 'os.environ' && (name === 'get' || name === 'setdefault')) return { kind: 'builtin', name: `os.environ.${name}` };
        if (object.name === 'sys') return unknown(`${quote(text)} (${this.scope.where}) depends on how Django is started`);
        const member = knownAttribute(object.name, name);
        if (member) return member;
        break;
      }
      case 'module':
        return this.scope.moduleAttribute(object.name, name);
      case 'external':
        return { kind: 'external', name: `${object.name}.${name}` };
      case 'env-reader':
        return { kind: 'method', name, self: object };
      case 'path':
        if (name === 'parent') return { kind: 'path', value: py.pathlibParent(object.value) };
        if (name === 'parents') return { kind: 'parents', of: object.value };
        if (name === 'name') return str(py.osPathBasename(py.pathlibNormalize(object.value)));
        if (['resolve', 'absolute', 'joinpath', 'expanduser', 'as_posix'].includes(name)) return { kind: 'method', name, self: object };
        break;
      case 'str':
        if (['split', 'strip', 'rstrip', 'lstrip'].includes(name)) return { kind: 'method', name, self: object };
        break;
      case 'dict':
        if (name === 'get') return { kind: 'method', name, self: object };
        break;
      case 'list':
        if (name === 'copy') return { kind: 'method', name, self: object };
        break;
    }
    return unknown(`${quote(text)} (${this.scope.where}) is not something Porter can follow`);
  }

  private subscript(object: PyValue, index: PyValue, text: string): PyValue {
    if (object.kind === 'unknown') return object;
    if (index.kind === 'unknown') return index;
    if (object.kind === 'builtin' && object.name === 'os.environ') return this.environmentLookup(text, index, undefined);
    if (object.kind === 'dict' && index.kind === 'str') {
      const value = object.entries.get(index.value);
      if (value) return value;
    }
    if ((object.kind === 'list' || object.kind === 'tuple') && index.kind === 'num') {
      const value = object.items[index.value < 0 ? object.items.length + index.value : index.value];
      if (value) return value;
    }
    if (object.kind === 'parents' && index.kind === 'num' && index.value >= 0) {
      let ancestor = py.pathlibParent(object.of);
      for (let i = 0; i < index.value; i++) ancestor = py.pathlibParent(ancestor);
      return { kind: 'path', value: ancestor };
    }
    return unknown(`${quote(text)} (${this.scope.where}) looks up something Porter cannot find`);
  }

  private call(expr: Call): PyValue {
    const callee = this.evaluate(expr.callee);
    if (callee.kind === 'unknown') return callee;
    if (expr.spreads) return this.opaque(expr.text, 'a call with `*`/`**` arguments');
    const args = expr.args.map((arg) => this.evaluate(arg));
    const kwargs = new Map(expr.kwargs.map(({ name, value }) => [name, this.evaluate(value)]));
    switch (callee.kind) {
      case 'builtin':
        return this.callBuiltin(callee.name, args, kwargs, expr.text);
      case 'method':
        return this.callMethod(callee.name, callee.self, args, kwargs, expr.text);
      case 'external':
        if (ENV_READER_CLASSES.has(callee.name)) return { kind: 'env-reader' };
        if (callee.name in ENV_FUNCTIONS) return this.environmentLookup(expr.text, args[0], this.defaultArgument(args, kwargs, ENV_FUNCTIONS[callee.name]));
        return unknown(`${quote(expr.text)} (${this.scope.where}) calls \`${callee.name}\`, which Porter does not run`);
      case 'env-reader':
        return this.environmentLookup(expr.text, args[0], kwargs.get('default'));
      default:
        return unknown(`${quote(expr.text)} (${this.scope.where}) calls code Porter does not run`);
    }
  }

  private defaultArgument(args: PyValue[], kwargs: Map<string, PyValue>, position: number | undefined): PyValue | undefined {
    return kwargs.get('default') ?? (position === undefined ? undefined : args[position]);
  }

  private environmentLookup(text: string, variable: PyValue | undefined, fallback: PyValue | undefined): PyValue {
    const name = variable?.kind === 'str' ? variable.value : 'named there';
    if (!fallback || fallback.kind === 'unknown') {
      return unknown(`${quote(text)} (${this.scope.where}) reads the environment variable ${name}`);
    }
    this.doubts.push(`${quote(text)} (${this.scope.where}) reads the environment variable ${name}; Porter used the default written there`);
    return fallback;
  }

  private callBuiltin(name: string, args: PyValue[], kwargs: Map<string, PyValue>, text: string): PyValue {
    if (name in ENV_FUNCTIONS) return this.environmentLookup(text, args[0], this.defaultArgument(args, kwargs, ENV_FUNCTIONS[name]));
    const unknownArg = args.find((arg) => arg.kind === 'unknown');
    if (unknownArg) return unknownArg;
    const texts = args.map(pathText);
    const allText = texts.every((part): part is string => part !== undefined);
    const first = texts[0];
    switch (name) {
      case 'pathlib.Path':
        if (!allText) break;
        return { kind: 'path', value: texts.reduce((base, part) => py.pathlibJoin(base, part), '.') };
      case 'os.path.join':
        if (!allText || first === undefined) break;
        return str(py.osPathJoin(first, ...texts.slice(1)));
      case 'os.path.dirname':
        if (first === undefined) break;
        return str(py.osPathDirname(first));
      case 'os.path.basename':
        if (first === undefined) break;
        return str(py.osPathBasename(first));
      case 'os.path.abspath':
        if (first === undefined) break;
        return str(py.osPathAbspath(first, this.scope.cwd));
      case 'os.path.realpath':
        if (first === undefined) break;
        return str(py.realPath(first, this.scope.cwd));
      case 'os.path.normpath':
        if (first === undefined) break;
        return str(py.osPathNormpath(first));
      case 'os.path.expanduser':
        if (first === undefined) break;
        return str(py.expandUser(first));
      case 'os.getcwd':
        this.doubts.push(`${quote(text)} (${this.scope.where}) depends on the folder Django is started from; Porter assumed the folder of manage.py`);
        return str(this.scope.cwd);
      case 'os.fspath':
      case 'str': {
        const value = args[0] ? asText(args[0]) : '';
        if (value === undefined) break;
        return str(value);
      }
      case 'list':
      case 'tuple': {
        const source = args[0];
        if (!source) return { kind: name, items: [] };
        if (source.kind === 'list' || source.kind === 'tuple') return { kind: name, items: [...source.items] };
        break;
      }
    }
    return unknown(`${quote(text)} (${this.scope.where}) calls \`${name}\` in a way Porter does not follow`);
  }

  private callMethod(name: string, self: PyValue, args: PyValue[], kwargs: Map<string, PyValue>, text: string): PyValue {
    if (self.kind === 'env-reader') {
      const position = ENV_METHODS_WITHOUT_POSITIONAL_DEFAULT.has(name) ? undefined : 1;
      return this.environmentLookup(text, args[0], this.defaultArgument(args, kwargs, position));
    }
    const unknownArg = args.find((arg) => arg.kind === 'unknown');
    if (unknownArg) return unknownArg;
    const texts = args.map(pathText);
    if (self.kind === 'path') {
      if (name === 'resolve') return { kind: 'path', value: py.realPath(self.value, this.scope.cwd) };
      if (name === 'absolute') return { kind: 'path', value: py.pathlibAbsolute(self.value, this.scope.cwd) };
      if (name === 'expanduser') return { kind: 'path', value: py.pathlibNormalize(py.expandUser(self.value)) };
      if (name === 'as_posix') return str(self.value.replaceAll('\\', '/'));
      if (name === 'joinpath' && texts.every((part): part is string => part !== undefined)) {
        return { kind: 'path', value: texts.reduce((base, part) => py.pathlibJoin(base, part), self.value) };
      }
    }
    if (self.kind === 'str') {
      const chars = texts[0];
      if (name === 'split') {
        const parts = chars === undefined ? self.value.trim().split(/\s+/).filter(Boolean) : self.value.split(chars);
        return { kind: 'list', items: parts.map(str) };
      }
      if (name === 'strip' || name === 'rstrip' || name === 'lstrip') return str(stripChars(self.value, chars, name));
    }
    if (self.kind === 'dict' && name === 'get' && args[0]?.kind === 'str') return self.entries.get(args[0].value) ?? args[1] ?? NONE;
    if (self.kind === 'list' && name === 'copy') return { kind: 'list', items: [...self.items] };
    return unknown(`${quote(text)} (${this.scope.where}) calls a method Porter does not follow`);
  }

  private binop(op: string, left: PyValue, right: PyValue, text: string): PyValue {
    if (left.kind === 'unknown') return left;
    if (right.kind === 'unknown') return right;
    if (op === '/' && (left.kind === 'path' || right.kind === 'path')) {
      const base = pathText(left);
      const child = pathText(right);
      if (base !== undefined && child !== undefined) return { kind: 'path', value: py.pathlibJoin(py.pathlibNormalize(base), child) };
    }
    if (op === '+') {
      if (left.kind === 'str' && right.kind === 'str') return str(left.value + right.value);
      if (left.kind === 'list' && right.kind === 'list') return { kind: 'list', items: [...left.items, ...right.items] };
      if (left.kind === 'tuple' && right.kind === 'tuple') return { kind: 'tuple', items: [...left.items, ...right.items] };
    }
    if (op === '|' && left.kind === 'dict' && right.kind === 'dict') return { kind: 'dict', entries: new Map([...left.entries, ...right.entries]) };
    return this.opaque(text, `a \`${op}\` operation Porter does not follow`);
  }

  private unary(op: string, operand: PyValue, text: string): PyValue {
    if (operand.kind === 'unknown') return operand;
    if (op === '-' && operand.kind === 'num') return { kind: 'num', value: -operand.value };
    if (op === 'not') {
      const value = truthy(operand);
      if (value !== undefined) return { kind: 'bool', value: !value };
    }
    return this.opaque(text, `a \`${op}\` operation Porter does not follow`);
  }

  /** `a or b`: an unknown left side may win at run time, so the known right side is a best guess. */
  private boolop(expr: Extract<Expr, { type: 'boolop' }>): PyValue {
    let last: PyValue = NONE;
    for (const [index, part] of expr.values.entries()) {
      last = this.evaluate(part);
      if (index === expr.values.length - 1) return last;
      const value = truthy(last);
      if (value === undefined) {
        if (expr.op === 'and') return this.opaque(expr.text, 'an `and` Porter cannot decide');
        const why = last.kind === 'unknown' ? last.why : `${quote(part.text)} (${this.scope.where}) may be set`;
        this.doubts.push(`${why}; Porter used what follows \`or\``);
        continue;
      }
      if (expr.op === 'or' ? value : !value) return last;
    }
    return last;
  }
}

function pathText(value: PyValue): string | undefined {
  return value.kind === 'str' || value.kind === 'path' ? value.value : undefined;
}

function stripChars(value: string, chars: string | undefined, side: 'strip' | 'rstrip' | 'lstrip'): string {
  const set = chars ?? ' \t\n\r\x0b\x0c';
  let start = 0;
  let end = value.length;
  if (side !== 'rstrip') while (start < end && set.includes(value[start]!)) start++;
  if (side !== 'lstrip') while (end > start && set.includes(value[end - 1]!)) end--;
  return value.slice(start, end);
}

function matchingBrace(body: string, open: number): number {
  let depth = 0;
  for (let i = open; i < body.length; i++) {
    const ch = body[i];
    if (ch === '{' || ch === '[' || ch === '(') depth++;
    else if (ch === '}' || ch === ']' || ch === ')') {
      depth--;
      if (depth === 0) return ch === '}' ? i : -1;
    }
  }
  return -1;
}
