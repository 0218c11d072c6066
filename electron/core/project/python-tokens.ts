// Splits Python source into logical lines of tokens: enough of Python's tokenizer to read settings
// files (brackets join physical lines, backslash continuations, all string forms), never an error.

export type TokenKind = 'name' | 'number' | 'string' | 'op';

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** Offset of the token in the source. */
  start: number;
  end: number;
  /** For strings: the decoded value (f-strings keep their raw body). */
  value?: string;
  /** For strings: an f-string, whose `value` is the raw body between the quotes. */
  fstring?: boolean;
}

export interface LogicalLine {
  /** Indentation width of the line's first token (tabs to multiples of 8, like Python). */
  indent: number;
  /** 1-based physical line of the first token. */
  line: number;
  tokens: Token[];
}

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...',
  '->', ':=', '**', '//', '==', '!=', '<=', '>=', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
];
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;
const NUMBER = /(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?)/y;
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

export function logicalLines(source: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let tokens: Token[] = [];
  let indent = 0;
  let lineNumber = 1;
  let firstLine = 1;
  let depth = 0;
  let atLineStart = true;
  let i = 0;

  const finishLine = (): void => {
    if (tokens.length > 0) lines.push({ indent, line: firstLine, tokens });
    tokens = [];
    atLineStart = true;
  };

  while (i < source.length) {
    if (atLineStart && depth === 0) {
      let width = 0;
      while (i < source.length && (source[i] === ' ' || source[i] === '\t' || source[i] === '\f')) {
        width = source[i] === '\t' ? (Math.floor(width / 8) + 1) * 8 : width + 1;
        i++;
      }
      indent = width;
      atLineStart = false;
      continue;
    }
    const ch = source[i]!;
    if (ch === '\n') {
      lineNumber++;
      i++;
      if (depth === 0) finishLine();
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f') {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (ch === '\\' && (source[i + 1] === '\n' || (source[i + 1] === '\r' && source[i + 2] === '\n'))) {
      i += source[i + 1] === '\n' ? 2 : 3;
      lineNumber++;
      continue;
    }
    if (tokens.length === 0) firstLine = lineNumber;

    NAME.lastIndex = i;
    const name = NAME.exec(source);
    if (name) {
      const quote = source[i + name[0].length];
      if ((quote === '"' || quote === "'") && STRING_PREFIX.test(name[0])) {
        const token = readString(source, i, name[0]);
        lineNumber += countNewlines(token.text);
        tokens.push(token);
        i = token.end;
        continue;
      }
      tokens.push({ kind: 'name', text: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const token = readString(source, i, '');
      lineNumber += countNewlines(token.text);
      tokens.push(token);
      i = token.end;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = /[\d.]/.test(ch) ? NUMBER.exec(source) : null;
    if (number && number[0] !== '.') {
      tokens.push({ kind: 'number', text: number[0], start: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i)) ?? ch;
    if (op === '(' || op === '[' || op === '{') depth++;
    if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--;
    tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
    i += op.length;
  }
  finishLine();
  return lines;
}

function countNewlines(text: string): number {
  let count = 0;
  for (const ch of text) if (ch === '\n') count++;
  return count;
}

function readString(source: string, start: number, prefix: string): Token {
  const lower = prefix.toLowerCase();
  const raw = lower.includes('r');
  const fstring = lower.includes('f');
  const bodyStart = start + prefix.length;
  const quoteChar = source[bodyStart]!;
  const triple = source.startsWith(quoteChar.repeat(3), bodyStart);
  const quote = triple ? quoteChar.repeat(3) : quoteChar;
  let i = bodyStart + quote.length;
  const contentStart = i;
  while (i < source.length) {
    if (source[i] === '\\') {
      i += 2;
      continue;
    }
    // An unterminated single-quoted string ends at the line end, as Python reports it.
    if (!triple && source[i] === '\n') break;
    if (source.startsWith(quote, i)) break;
    i++;
  }
  const body = source.slice(contentStart, Math.min(i, source.length));
  const end = Math.min(source.length, source.startsWith(quote, i) ? i + quote.length : i);
  const value = raw || fstring ? body : decodeEscapes(body);
  return { kind: 'string', text: source.slice(start, end), start, end, value, fstring };
}

function decodeEscapes(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g, (whole, esc: string) => {
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) return simple;
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    if (esc === '\r') return '';
    return whole;
  });
}
