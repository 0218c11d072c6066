// Runs a settings module's top-level statements over the evaluator: assignments, `+=`, list
// mutations, imports (following project modules such as `from .base import *`). Statements in
// blocks whose outcome Porter cannot decide (`if`, `for`, `except`) leave the current values in
// place and attach a doubt to every name they would change.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Evaluator, type EvalScope } from './python-eval';
import { ExprSyntaxError, parseExpression, type Expr } from './python-expr';
import { isKnownModule, knownAttribute, knownMembers } from './python-known-modules';
import { logicalLines, type LogicalLine, type Token } from './python-tokens';
import { quote, str, unknown, type Binding, type Namespace, type PyValue } from './python-values';

export interface ProgramOptions {
  /** The folder manage.py runs in. */
  cwd: string;
  /** Project folder, for file names in notes. */
  projectRoot: string;
  /** The file of a module that belongs to the project, or undefined. */
  findModuleFile(name: string): string | undefined;
}

export interface ModuleRun {
  name: string;
  file: string;
  namespace: Namespace;
}

/** How a block's statements apply: fully, as a doubt on the names they change, or not at all (def/class bodies). */
type Mode = { kind: 'run'; inTry: boolean } | { kind: 'doubt'; reason: string } | { kind: 'skip' };

interface Block {
  indent: number;
  mode: Mode;
}

const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '|=', '&=', '^=', '>>=', '<<=', '@=']);
const IGNORED_STATEMENTS = new Set(['pass', 'break', 'continue', 'return', 'raise', 'global', 'nonlocal', 'assert', 'del', 'yield', 'type']);
const LIST_MUTATORS = new Set(['append', 'extend', 'insert', 'remove']);

export class SettingsProgram {
  /** Problems that may change any setting (unfollowed star imports, `settings(locals())` helpers). */
  readonly notes: string[] = [];
  private readonly modules = new Map<string, ModuleRun>();

  constructor(private readonly options: ProgramOptions) {}

  /** Runs a project module once (later imports reuse it); undefined when it is not a project module. */
  run(name: string): ModuleRun | undefined {
    const cached = this.modules.get(name);
    if (cached) return cached;
    const file = this.options.findModuleFile(name);
    if (!file) return undefined;
    const namespace: Namespace = new Map([
      ['__file__', { value: str(file), doubts: [] }],
      ['__name__', { value: str(name), doubts: [] }],
    ]);
    const run: ModuleRun = { name, file, namespace };
    // Registered before running, so a circular import sees the partly run module, as in Python.
    this.modules.set(name, run);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      this.notes.push(`Porter could not read ${this.relative(file)}: ${(error as Error).message}.`);
      return run;
    }
    new ModuleExecution(this, run, source).execute();
    return run;
  }

  relative(file: string): string {
    return path.relative(this.options.projectRoot, file).split(path.sep).join('/') || file;
  }

  get cwd(): string {
    return this.options.cwd;
  }

  isProjectModule(name: string): boolean {
    return this.options.findModuleFile(name) !== undefined;
  }

  /** What `import name` binds a name to. */
  moduleValue(name: string): PyValue {
    if (isKnownModule(name)) return { kind: 'builtin', name };
    if (this.isProjectModule(name)) return { kind: 'module', name };
    return { kind: 'external', name };
  }

  moduleAttribute(module: string, attr: string, where: string): PyValue {
    const binding = this.run(module)?.namespace.get(attr);
    if (binding) return binding.value;
    if (this.isProjectModule(`${module}.${attr}`)) return { kind: 'module', name: `${module}.${attr}` };
    return unknown(`\`${module}.${attr}\` (${where}) is not defined where Porter looked`);
  }
}

class ModuleExecution {
  private readonly blocks: Block[] = [];
  /** The last block header seen at each indentation, to tell `try … except … else` from `if … else`. */
  private readonly lastHeader = new Map<number, string>();
  private where = '';

  constructor(
    private readonly program: SettingsProgram,
    private readonly module: ModuleRun,
    private readonly source: string,
  ) {}

  private get namespace(): Namespace {
    return this.module.namespace;
  }

  execute(): void {
    for (const line of logicalLines(this.source)) {
      while (this.blocks.length > 0 && line.indent <= this.blocks[this.blocks.length - 1]!.indent) this.blocks.pop();
      this.where = `${this.program.relative(this.module.file)} line ${line.line}`;
      const mode = this.currentMode();
      if (this.isHeader(line)) this.header(line, mode);
      else if (mode.kind !== 'skip') this.statements(line.tokens, mode);
    }
  }

  /** The innermost doubt decides the reason; any `def`/`class` body around the line skips it. */
  private currentMode(): Mode {
    let inTry = false;
    let doubt: Mode | undefined;
    for (const block of this.blocks) {
      if (block.mode.kind === 'skip') return block.mode;
      if (block.mode.kind === 'doubt') doubt = block.mode;
      else inTry ||= block.mode.inTry;
    }
    return doubt ?? { kind: 'run', inTry };
  }

  private isHeader(line: LogicalLine): boolean {
    const first = line.tokens[0]!;
    if (first.kind === 'op' && first.text === '@') return true;
    if (first.kind !== 'name') return false;
    const keyword = first.text === 'async' ? line.tokens[1]?.text : first.text;
    if (['if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'def', 'class'].includes(keyword ?? '')) return true;
    // `match`/`case` are soft keywords: a header only when the line ends its head with a colon.
    return (first.text === 'match' || first.text === 'case') && topLevelIndex(line.tokens, (t) => t.text === ':') > 0 && topLevelIndex(line.tokens, (t) => t.text === '=') < 0;
  }

  private header(line: LogicalLine, outer: Mode): void {
    const tokens = line.tokens;
    if (tokens[0]!.text === '@') return;
    const keyword = tokens[0]!.text === 'async' ? tokens[1]!.text : tokens[0]!.text;
    const colon = topLevelIndex(tokens, (t) => t.kind === 'op' && t.text === ':');
    const headText = this.source.slice(tokens[0]!.start, tokens[colon < 0 ? tokens.length - 1 : colon]!.end);
    const previous = this.lastHeader.get(line.indent);
    this.lastHeader.set(line.indent, keyword);

    let mode: Mode;
    if (keyword === 'def' || keyword === 'class') {
      const nameToken = tokens[tokens.findIndex((t) => t.text === keyword) + 1];
      if (nameToken?.kind === 'name' && outer.kind !== 'skip') {
        const what = keyword === 'def' ? 'a function' : 'a class';
        this.bind(nameToken.text, unknown(`\`${nameToken.text}\` (${this.where}) is ${what} defined in the settings, which Porter does not run`), [], outer);
      }
      mode = { kind: 'skip' };
    } else if (keyword === 'try' || keyword === 'finally' || keyword === 'with') {
      mode = { kind: 'run', inTry: keyword === 'try' };
    } else if (keyword === 'else' && previous === 'except') {
      mode = { kind: 'run', inTry: false };
    } else if (keyword === 'except') {
      mode = { kind: 'doubt', reason: `it is changed in ${quote(headText)} (${this.where}), which runs only when the \`try\` above it fails` };
    } else {
      mode = { kind: 'doubt', reason: `it is changed inside ${quote(headText)} (${this.where}), which Porter cannot decide without running Python` };
    }
    this.blocks.push({ indent: line.indent, mode });
    const body = colon < 0 ? [] : tokens.slice(colon + 1);
    const effective = this.currentMode();
    if (body.length > 0 && effective.kind !== 'skip') this.statements(body, effective);
  }

  private statements(tokens: Token[], mode: Mode): void {
    for (const statement of splitTopLevel(tokens, ';')) {
      if (statement.length > 0) this.statement(statement, mode);
    }
  }

  private statement(tokens: Token[], mode: Mode): void {
    const first = tokens[0]!;
    if (first.kind === 'name' && first.text === 'import') return this.importStatement(tokens, mode);
    if (first.kind === 'name' && first.text === 'from') return this.fromImport(tokens, mode);
    if (first.kind === 'name' && IGNORED_STATEMENTS.has(first.text) && tokens[1]?.text !== '=') return;

    const equals = topLevelIndices(tokens, (t) => t.kind === 'op' && t.text === '=');
    if (equals.length > 0) return this.assignment(tokens, equals, mode);
    const augmented = topLevelIndex(tokens, (t) => t.kind === 'op' && AUGMENTED.has(t.text));
    if (augmented > 0) return this.augmented(tokens, augmented, mode);
    this.expressionStatement(tokens, mode);
  }

  private assignment(tokens: Token[], equals: number[], mode: Mode): void {
    const valueExpr = this.parse(tokens, equals[equals.length - 1]! + 1, tokens.length);
    const evaluator = this.evaluator();
    const value = valueExpr.ok ? evaluator.evaluate(valueExpr.expr) : unknown(valueExpr.why);
    let from = 0;
    for (const end of equals) {
      // `NAME: Type = value` — the annotation is not part of the target.
      const colon = topLevelIndex(tokens.slice(from, end), (t) => t.text === ':');
      const target = this.parse(tokens, from, colon < 0 ? end : from + colon);
      if (target.ok) this.assign(target.expr, value, evaluator.doubts, mode);
      from = end + 1;
    }
  }

  private assign(target: Expr, value: PyValue, doubts: string[], mode: Mode): void {
    if (target.type === 'name') return this.bind(target.name, value, doubts, mode);
    if (target.type === 'tuple' || target.type === 'list') {
      const items = value.kind === 'list' || value.kind === 'tuple' ? value.items : undefined;
      target.items.forEach((item, index) => {
        const part = items && items.length === target.items.length ? items[index]! : value.kind === 'unknown' ? value : unknown(`${quote(target.text)} (${this.where}) unpacks a value Porter cannot split`);
        this.assign(item, part, doubts, mode);
      });
      return;
    }
    if (target.type === 'subscript') {
      const root = rootName(target);
      const binding = root === undefined ? undefined : this.namespace.get(root);
      if (!binding) return;
      if (mode.kind === 'doubt') {
        binding.doubts.push(mode.reason);
        return;
      }
      const evaluator = this.evaluator();
      const container = evaluator.evaluate(target.object);
      const key = evaluator.evaluate(target.index);
      if (container.kind === 'dict' && key.kind === 'str') container.entries.set(key.value, value);
      else binding.doubts.push(`${quote(target.text)} (${this.where}) changes a part Porter cannot find`);
      binding.doubts.push(...doubts, ...evaluator.doubts);
    }
  }

  /** Binds a name the way the current block allows. */
  private bind(name: string, value: PyValue, doubts: string[], mode: Mode): void {
    if (mode.kind === 'skip') return;
    if (mode.kind === 'run') {
      this.namespace.set(name, { value, doubts: [...doubts] });
      return;
    }
    const existing = this.namespace.get(name);
    if (existing) existing.doubts.push(mode.reason);
    else this.namespace.set(name, { value, doubts: [...doubts, mode.reason] });
  }

  private augmented(tokens: Token[], at: number, mode: Mode): void {
    const target = this.parse(tokens, 0, at);
    if (!target.ok || target.expr.type !== 'name') return;
    const name = target.expr.name;
    const binding = this.namespace.get(name);
    const op = tokens[at]!.text;
    if (!binding) {
      this.bind(name, unknown(`${quote(this.textOf(tokens))} (${this.where}) changes \`${name}\` before it is set`), [], mode);
      return;
    }
    if (mode.kind === 'doubt') {
      binding.doubts.push(mode.reason);
      return;
    }
    const valueExpr = this.parse(tokens, at + 1, tokens.length);
    const evaluator = this.evaluator();
    const value = valueExpr.ok ? evaluator.evaluate(valueExpr.expr) : unknown(valueExpr.why);
    binding.doubts.push(...evaluator.doubts);
    const current = binding.value;
    if (op !== '+=' || current.kind === 'unknown') {
      if (current.kind !== 'unknown') binding.value = unknown(`${quote(this.textOf(tokens))} (${this.where}) changes \`${name}\` in a way Porter does not follow`);
      return;
    }
    if (value.kind === 'unknown') {
      binding.doubts.push(`${value.why}; Porter left out what it adds`);
    } else if (current.kind === 'list' && (value.kind === 'list' || value.kind === 'tuple')) {
      current.items.push(...value.items);
    } else if (current.kind === 'tuple' && value.kind === 'tuple') {
      binding.value = { kind: 'tuple', items: [...current.items, ...value.items] };
    } else if (current.kind === 'str' && value.kind === 'str') {
      binding.value = str(current.value + value.value);
    } else {
      binding.value = unknown(`${quote(this.textOf(tokens))} (${this.where}) adds values Porter cannot combine`);
    }
  }

  private expressionStatement(tokens: Token[], mode: Mode): void {
    if (tokens.some((t, i) => t.kind === 'name' && ['locals', 'globals', 'vars'].includes(t.text) && tokens[i + 1]?.text === '(')) {
      this.program.notes.push(`${quote(this.textOf(tokens))} (${this.where}) can change any setting, and Porter cannot see how.`);
      return;
    }
    const parsed = this.parse(tokens, 0, tokens.length);
    if (!parsed.ok) return;
    const expr = parsed.expr;
    if (expr.type !== 'call' || expr.callee.type !== 'attr' || expr.callee.object.type !== 'name') return;
    const method = expr.callee.name;
    const binding = this.namespace.get(expr.callee.object.name);
    if (!binding || !(LIST_MUTATORS.has(method) || method === 'update')) return;
    if (mode.kind === 'doubt') {
      binding.doubts.push(mode.reason);
      return;
    }
    if (mode.kind === 'skip') return;
    const evaluator = this.evaluator();
    const args = expr.args.map((arg) => evaluator.evaluate(arg));
    binding.doubts.push(...evaluator.doubts);
    const bad = args.find((arg) => arg.kind === 'unknown');
    if (bad?.kind === 'unknown') {
      binding.doubts.push(`${bad.why}; Porter left it out`);
      return;
    }
    this.mutate(binding, method, args, this.textOf(tokens));
  }

  private mutate(binding: Binding, method: string, args: PyValue[], text: string): void {
    const target = binding.value;
    const [first, second] = args;
    if (target.kind === 'list' && first) {
      if (method === 'append') {
        target.items.push(first);
        return;
      }
      if (method === 'extend' && (first.kind === 'list' || first.kind === 'tuple')) {
        target.items.push(...first.items);
        return;
      }
      if (method === 'insert' && first.kind === 'num' && second) {
        const at = first.value < 0 ? Math.max(0, target.items.length + first.value) : Math.min(first.value, target.items.length);
        target.items.splice(at, 0, second);
        return;
      }
      if (method === 'remove' && first.kind === 'str') {
        const index = target.items.findIndex((item) => item.kind === 'str' && item.value === first.value);
        if (index >= 0) target.items.splice(index, 1);
        return;
      }
    }
    if (target.kind === 'dict' && method === 'update' && first?.kind === 'dict') {
      for (const [key, value] of first.entries) target.entries.set(key, value);
      return;
    }
    binding.doubts.push(`${quote(text)} (${this.where}) changes it in a way Porter does not follow`);
  }

  private importStatement(tokens: Token[], mode: Mode): void {
    for (const part of splitTopLevel(tokens.slice(1), ',')) {
      const asAt = part.findIndex((t) => t.kind === 'name' && t.text === 'as');
      const dotted = (asAt < 0 ? part : part.slice(0, asAt)).map((t) => t.text).join('');
      const alias = asAt < 0 ? undefined : part[asAt + 1]?.text;
      if (alias) this.bind(alias, this.program.moduleValue(dotted), [], mode);
      else this.bind(dotted.split('.')[0]!, this.program.moduleValue(dotted.split('.')[0]!), [], mode);
    }
  }

  private fromImport(tokens: Token[], mode: Mode): void {
    const importAt = tokens.findIndex((t) => t.kind === 'name' && t.text === 'import');
    if (importAt < 0) return;
    const spec = tokens.slice(1, importAt).map((t) => t.text).join('');
    const level = /^\.*/.exec(spec)![0].length;
    const moduleName = level === 0 ? spec : this.resolveRelative(level, spec.slice(level));
    const names = tokens.slice(importAt + 1).filter((t) => t.text !== '(' && t.text !== ')');
    const statement = this.textOf(tokens);

    if (names.length === 1 && names[0]!.text === '*') return this.starImport(spec, moduleName, statement, mode);
    for (const part of splitTopLevel(names, ',')) {
      const name = part[0]?.text;
      if (!name) continue;
      const alias = part[1]?.text === 'as' ? part[2]?.text ?? name : name;
      this.bind(alias, this.importedName(spec, moduleName, name), this.importedDoubts(moduleName, name), mode);
    }
  }

  private importedName(spec: string, moduleName: string | undefined, name: string): PyValue {
    if (moduleName === undefined) return unknown(`\`from ${spec} import ${name}\` (${this.where}) reaches outside the project`);
    if (isKnownModule(moduleName)) return knownAttribute(moduleName, name) ?? unknown(`\`${moduleName}.${name}\` (${this.where}) is not something Porter models`);
    const run = this.program.run(moduleName);
    if (run) {
      const binding = run.namespace.get(name);
      if (binding) return binding.value;
      if (this.program.isProjectModule(`${moduleName}.${name}`)) return { kind: 'module', name: `${moduleName}.${name}` };
      return unknown(`\`${name}\` is not defined in ${this.program.relative(run.file)} (imported at ${this.where})`);
    }
    if (spec.startsWith('.')) return unknown(`\`from ${spec} import ${name}\` (${this.where}) imports a module Porter could not find`);
    return { kind: 'external', name: `${moduleName}.${name}` };
  }

  private importedDoubts(moduleName: string | undefined, name: string): string[] {
    if (moduleName === undefined || isKnownModule(moduleName)) return [];
    const binding = this.program.isProjectModule(moduleName) ? this.program.run(moduleName)?.namespace.get(name) : undefined;
    return binding ? [...binding.doubts] : [];
  }

  private starImport(spec: string, moduleName: string | undefined, statement: string, mode: Mode): void {
    if (moduleName !== undefined && isKnownModule(moduleName)) {
      for (const [name, value] of knownMembers(moduleName)) this.bind(name, value, [], mode);
      return;
    }
    const run = moduleName === undefined ? undefined : this.program.run(moduleName);
    if (run) {
      for (const [name, binding] of publicBindings(run.namespace)) this.bind(name, binding.value, binding.doubts, mode);
      return;
    }
    // A missing module inside `try:` is the usual optional `local_settings`: Python skips it too.
    if (mode.kind === 'run' && mode.inTry) return;
    const where = `${quote(statement)} (${this.where})`;
    this.program.notes.push(
      spec.startsWith('.') || moduleName === undefined
        ? `${where} imports settings from a module Porter could not find.`
        : `${where} brings in settings from outside the project, which Porter cannot see.`,
    );
  }

  /** `from ..x import y` inside module `a.b.c` → `a.x` (packages count from their own name). */
  private resolveRelative(level: number, rest: string): string | undefined {
    const isPackage = path.basename(this.module.file) === '__init__.py';
    const parts = this.module.name.split('.');
    const packageParts = isPackage ? parts : parts.slice(0, -1);
    if (level - 1 > packageParts.length) return undefined;
    const base = packageParts.slice(0, packageParts.length - (level - 1));
    const full = [...base, ...(rest ? [rest] : [])].join('.');
    return full || undefined;
  }

  private evaluator(): Evaluator {
    const scope: EvalScope = {
      lookup: (name) => this.namespace.get(name),
      moduleAttribute: (module, attr) => this.program.moduleAttribute(module, attr, this.where),
      where: this.where,
      cwd: this.program.cwd,
    };
    return new Evaluator(scope);
  }

  private parse(tokens: Token[], from: number, to: number): { ok: true; expr: Expr } | { ok: false; why: string } {
    try {
      return { ok: true, expr: parseExpression(this.source, tokens, from, to) };
    } catch (error) {
      if (!(error instanceof ExprSyntaxError)) throw error;
      return { ok: false, why: `${quote(this.textOf(tokens.slice(from, to)))} (${this.where}) is Python Porter could not read (${error.message})` };
    }
  }

  private textOf(tokens: Token[]): string {
    if (tokens.length === 0) return '';
    return this.source.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
  }
}

function publicBindings(namespace: Namespace): Array<[string, Binding]> {
  const all = namespace.get('__all__')?.value;
  if (all && (all.kind === 'list' || all.kind === 'tuple')) {
    const names = all.items.flatMap((item) => (item.kind === 'str' ? [item.value] : []));
    return names.flatMap((name) => {
      const binding = namespace.get(name);
      return binding ? [[name, binding] as [string, Binding]] : [];
    });
  }
  return [...namespace].filter(([name]) => !name.startsWith('_'));
}

function rootName(expr: Expr): string | undefined {
  if (expr.type === 'name') return expr.name;
  if (expr.type === 'subscript' || expr.type === 'attr') return rootName(expr.object);
  return undefined;
}

function topLevelIndices(tokens: Token[], match: (token: Token) => boolean): number[] {
  const found: number[] = [];
  let depth = 0;
  tokens.forEach((token, index) => {
    if (token.kind === 'op' && ['(', '[', '{'].includes(token.text)) depth++;
    else if (token.kind === 'op' && [')', ']', '}'].includes(token.text)) depth--;
    else if (depth === 0 && match(token)) found.push(index);
  });
  return found;
}

function topLevelIndex(tokens: Token[], match: (token: Token) => boolean): number {
  return topLevelIndices(tokens, match)[0] ?? -1;
}

function splitTopLevel(tokens: Token[], separator: string): Token[][] {
  const parts: Token[][] = [];
  let from = 0;
  for (const at of topLevelIndices(tokens, (t) => t.kind === 'op' && t.text === separator)) {
    parts.push(tokens.slice(from, at));
    from = at + 1;
  }
  parts.push(tokens.slice(from));
  return parts.filter((part) => part.length > 0);
}
