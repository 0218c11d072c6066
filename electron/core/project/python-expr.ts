// Parses Python expressions from tokens into a small tree. Forms a settings reader cannot
// evaluate (comprehensions, lambdas, comparisons, conditional expressions) become `opaque`
// nodes that say what they are, so the reader can explain what it did not understand.

import type { Token } from './python-tokens';

interface Located {
  /** Source text of the expression, for notes. */
  text: string;
}

export type Expr = Located &
  (
    | { type: 'name'; name: string }
    | { type: 'const'; value: string | number | boolean | null }
    | { type: 'fstring'; body: string }
    | { type: 'list' | 'tuple' | 'set'; items: Expr[] }
    | { type: 'starred'; value: Expr }
    | { type: 'dict'; entries: Array<{ key: Expr; value: Expr } | { spread: Expr }> }
    | { type: 'attr'; object: Expr; name: string }
    | { type: 'call'; callee: Expr; args: Expr[]; kwargs: Array<{ name: string; value: Expr }>; spreads: boolean }
    | { type: 'subscript'; object: Expr; index: Expr }
    | { type: 'binop'; op: string; left: Expr; right: Expr }
    | { type: 'unary'; op: string; operand: Expr }
    | { type: 'boolop'; op: 'and' | 'or'; values: Expr[] }
    | { type: 'opaque'; what: string }
  );

export class ExprSyntaxError extends Error {}

const COMPARISONS = new Set(['<', '>', '==', '>=', '<=', '!=', 'in', 'not', 'is']);
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

/** Parses `tokens[from, to)` as one expression (a bare tuple when it has top-level commas). */
export function parseExpression(source: string, tokens: Token[], from = 0, to = tokens.length): Expr {
  const parser = new Parser(source, tokens.slice(from, to));
  const expr = parser.exprList();
  if (!parser.done()) throw new ExprSyntaxError(`unexpected '${parser.peekText()}'`);
  return expr;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  peekText(): string {
    return this.tokens[this.pos]?.text ?? '';
  }

  /** `a, b, *c` → tuple; a single expression without a comma stays itself. */
  exprList(): Expr {
    const start = this.pos;
    const first = this.starOrExpr();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.eatOp(',')) {
      if (this.done() || this.isOp(')')) break;
      items.push(this.starOrExpr());
    }
    return this.node(start, { type: 'tuple', items });
  }

  private starOrExpr(): Expr {
    const start = this.pos;
    if (this.eatOp('*')) return this.node(start, { type: 'starred', value: this.expr() });
    return this.expr();
  }

  expr(): Expr {
    const start = this.pos;
    if (this.eatName('lambda')) {
      this.skipTo(':');
      this.expectOp(':');
      this.expr();
      return this.node(start, { type: 'opaque', what: 'a lambda' });
    }
    const value = this.orTest();
    if (this.eatName('if')) {
      this.orTest();
      if (!this.eatName('else')) throw new ExprSyntaxError(`expected 'else' but found '${this.peekText() || 'end of line'}'`);
      this.expr();
      return this.node(start, { type: 'opaque', what: 'a conditional expression (`… if … else …`)' });
    }
    if (this.eatOp(':=')) {
      this.expr();
      return this.node(start, { type: 'opaque', what: 'an assignment expression (`:=`)' });
    }
    return value;
  }

  private orTest(): Expr {
    return this.boolChain('or', () => this.andTest());
  }

  private andTest(): Expr {
    return this.boolChain('and', () => this.notTest());
  }

  private boolChain(op: 'and' | 'or', operand: () => Expr): Expr {
    const start = this.pos;
    const first = operand();
    if (!this.isName(op)) return first;
    const values = [first];
    while (this.eatName(op)) values.push(operand());
    return this.node(start, { type: 'boolop', op, values });
  }

  private notTest(): Expr {
    const start = this.pos;
    if (this.eatName('not')) return this.node(start, { type: 'unary', op: 'not', operand: this.notTest() });
    const left = this.binary(0);
    if (!this.atComparison()) return left;
    while (this.atComparison()) {
      this.pos++;
      if (this.isName('in') || this.isName('not')) this.pos++;
      this.binary(0);
    }
    return this.node(start, { type: 'opaque', what: 'a comparison' });
  }

  private atComparison(): boolean {
    const token = this.tokens[this.pos];
    if (!token || !COMPARISONS.has(token.text)) return false;
    // `not` only compares as `not in`; a bare `not` here is a syntax error we let surface later.
    return token.text !== 'not' || this.tokens[this.pos + 1]?.text === 'in';
  }

  private static readonly LEVELS = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@']];

  private binary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.unary();
    const start = this.pos;
    let left = this.binary(level + 1);
    const ops = Parser.LEVELS[level]!;
    for (;;) {
      const token = this.tokens[this.pos];
      if (!token || token.kind !== 'op' || !ops.includes(token.text)) return left;
      this.pos++;
      const right = this.binary(level + 1);
      left = this.node(start, { type: 'binop', op: token.text, left, right });
    }
  }

  private unary(): Expr {
    const start = this.pos;
    const token = this.tokens[this.pos];
    if (token?.kind === 'op' && (token.text === '-' || token.text === '+' || token.text === '~')) {
      this.pos++;
      return this.node(start, { type: 'unary', op: token.text, operand: this.unary() });
    }
    return this.power();
  }

  private power(): Expr {
    const start = this.pos;
    if (this.eatName('await')) {
      this.power();
      return this.node(start, { type: 'opaque', what: 'an `await`' });
    }
    const base = this.primary();
    if (!this.eatOp('**')) return base;
    return this.node(start, { type: 'binop', op: '**', left: base, right: this.unary() });
  }

  private primary(): Expr {
    const start = this.pos;
    let expr = this.atom();
    for (;;) {
      if (this.eatOp('.')) {
        const name = this.expectName();
        expr = this.node(start, { type: 'attr', object: expr, name });
      } else if (this.eatOp('(')) {
        expr = this.callRest(start, expr);
      } else if (this.eatOp('[')) {
        const indexStart = this.pos;
        if (this.containsTopLevel(':', ']')) {
          this.skipTo(']');
          expr = this.node(start, { type: 'opaque', what: 'a slice' });
        } else {
          const index = this.exprList();
          if (this.pos === indexStart) throw new ExprSyntaxError('empty subscript');
          expr = this.node(start, { type: 'subscript', object: expr, index });
        }
        this.expectOp(']');
      } else {
        return expr;
      }
    }
  }

  private callRest(start: number, callee: Expr): Expr {
    const args: Expr[] = [];
    const kwargs: Array<{ name: string; value: Expr }> = [];
    let spreads = false;
    while (!this.eatOp(')')) {
      if (this.eatOp('**') || this.eatOp('*')) {
        spreads = true;
        this.expr();
      } else if (this.tokens[this.pos]?.kind === 'name' && this.tokens[this.pos + 1]?.text === '=') {
        const name = this.tokens[this.pos]!.text;
        this.pos += 2;
        kwargs.push({ name, value: this.expr() });
      } else {
        const arg = this.expr();
        if (this.isName('for') || this.isName('async')) {
          this.skipTo(')');
          this.expectOp(')');
          return this.node(start, { type: 'opaque', what: 'a generator expression' });
        }
        args.push(arg);
      }
      if (!this.eatOp(',')) {
        this.expectOp(')');
        break;
      }
    }
    return this.node(start, { type: 'call', callee, args, kwargs, spreads });
  }

  private atom(): Expr {
    const start = this.pos;
    const token = this.tokens[this.pos];
    if (!token) throw new ExprSyntaxError('expression expected');
    if (token.kind === 'number') {
      this.pos++;
      const clean = token.text.replace(/_/g, '');
      const value = /^0[xXoObB]/.test(clean) ? Number(clean.toLowerCase()) : Number(clean);
      return this.node(start, { type: 'const', value: Number.isNaN(value) ? null : value });
    }
    if (token.kind === 'string') return this.strings();
    if (token.kind === 'name') {
      this.pos++;
      if (token.text === 'True' || token.text === 'False') return this.node(start, { type: 'const', value: token.text === 'True' });
      if (token.text === 'None') return this.node(start, { type: 'const', value: null });
      return this.node(start, { type: 'name', name: token.text });
    }
    if (this.eatOp('...')) return this.node(start, { type: 'opaque', what: 'an ellipsis' });
    if (this.eatOp('(')) return this.parenthesized(start);
    if (this.eatOp('[')) return this.collection(start, ']', 'list');
    if (this.eatOp('{')) return this.braces(start);
    throw new ExprSyntaxError(`unexpected '${token.text}'`);
  }

  private strings(): Expr {
    const start = this.pos;
    const parts: Token[] = [];
    while (this.tokens[this.pos]?.kind === 'string') parts.push(this.tokens[this.pos++]!);
    const fstring = parts.some((part) => part.fstring);
    // Implicitly joined parts become one f-string body when any part is one; plain parts escape their braces.
    const value = parts.map((part) => (fstring && !part.fstring ? part.value!.replace(/[{}]/g, '$&$&') : part.value)).join('');
    return this.node(start, fstring ? { type: 'fstring', body: value } : { type: 'const', value });
  }

  private parenthesized(start: number): Expr {
    if (this.eatOp(')')) return this.node(start, { type: 'tuple', items: [] });
    const first = this.starOrExpr();
    if (this.isName('for') || this.isName('async')) return this.skipComprehension(start, ')', 'a generator expression');
    if (this.eatOp(')')) return first.type === 'starred' ? first : { ...first, text: this.textFrom(start) };
    const items = [first];
    while (this.eatOp(',')) {
      if (this.isOp(')')) break;
      items.push(this.starOrExpr());
    }
    this.expectOp(')');
    return this.node(start, { type: 'tuple', items });
  }

  private collection(start: number, closer: string, type: 'list' | 'set'): Expr {
    const items: Expr[] = [];
    while (!this.eatOp(closer)) {
      items.push(this.starOrExpr());
      if (items.length === 1 && (this.isName('for') || this.isName('async'))) {
        return this.skipComprehension(start, closer, type === 'list' ? 'a list comprehension' : 'a set comprehension');
      }
      if (!this.eatOp(',')) {
        this.expectOp(closer);
        break;
      }
    }
    return this.node(start, { type, items });
  }

  private braces(start: number): Expr {
    if (this.eatOp('}')) return this.node(start, { type: 'dict', entries: [] });
    if (this.isOp('*')) return this.collection(start, '}', 'set');
    const entries: Array<{ key: Expr; value: Expr } | { spread: Expr }> = [];
    for (;;) {
      if (this.eatOp('**')) {
        entries.push({ spread: this.binary(0) });
      } else {
        const key = this.expr();
        if (entries.length === 0 && !this.isOp(':')) {
          this.pos = start + 1;
          return this.collection(start, '}', 'set');
        }
        this.expectOp(':');
        const value = this.expr();
        if (entries.length === 0 && (this.isName('for') || this.isName('async'))) {
          return this.skipComprehension(start, '}', 'a dict comprehension');
        }
        entries.push({ key, value });
      }
      if (!this.eatOp(',')) break;
      if (this.isOp('}')) break;
    }
    this.expectOp('}');
    return this.node(start, { type: 'dict', entries });
  }

  private skipComprehension(start: number, closer: string, what: string): Expr {
    this.skipTo(closer);
    this.expectOp(closer);
    return this.node(start, { type: 'opaque', what });
  }

  /** Moves to the next `closer` at the current nesting level (or the end). */
  private skipTo(closer: string): void {
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const text = this.tokens[this.pos]!.text;
      if (depth === 0 && text === closer) return;
      if (OPENERS.has(text)) depth++;
      else if (CLOSERS.has(text)) depth--;
      this.pos++;
    }
  }

  private containsTopLevel(op: string, closer: string): boolean {
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const text = this.tokens[i]!.text;
      if (depth === 0 && text === closer) return false;
      if (depth === 0 && text === op && this.tokens[i]!.kind === 'op') return true;
      if (OPENERS.has(text)) depth++;
      else if (CLOSERS.has(text)) depth--;
    }
    return false;
  }

  private node<T extends Omit<Expr, 'text'>>(start: number, fields: T): T & Located {
    return { ...fields, text: this.textFrom(start) };
  }

  private textFrom(start: number): string {
    const first = this.tokens[start];
    const last = this.tokens[this.pos - 1];
    if (!first || !last) return '';
    return this.source.slice(first.start, last.end);
  }

  private isOp(text: string): boolean {
    const token = this.tokens[this.pos];
    return token?.kind === 'op' && token.text === text;
  }

  private isName(text: string): boolean {
    const token = this.tokens[this.pos];
    return token?.kind === 'name' && token.text === text;
  }

  private eatOp(text: string): boolean {
    if (!this.isOp(text)) return false;
    this.pos++;
    return true;
  }

  private eatName(text: string): boolean {
    if (!this.isName(text)) return false;
    this.pos++;
    return true;
  }

  private expectOp(text: string): void {
    if (!this.eatOp(text)) throw new ExprSyntaxError(`expected '${text}' but found '${this.peekText() || 'end of line'}'`);
  }

  private expectName(): string {
    const token = this.tokens[this.pos];
    if (token?.kind !== 'name') throw new ExprSyntaxError(`expected a name after '.'`);
    this.pos++;
    return token.text;
  }
}
