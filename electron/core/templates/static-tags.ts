// The `{% static %}` tags of one Django template, found as Django's Lexer and Parser find them: tags never span lines,
// `{# … #}` and `{% comment %}…{% endcomment %}` are not rendered, `{% verbatim %}` blocks are text.

import { urldefrag, unquote, urlsplit, pyStrip } from '../collect/py-url';

export interface FoundStaticTag {
  line: number;
  /** The tag as written. */
  tag: string;
  /** The literal's value, or undefined when the path is a variable or an expression. */
  literal: string | undefined;
  /** What the tag's path argument is, as written (`'css/site.css'`, `hero.image`). */
  argument: string;
}

export interface TemplateTags {
  tags: FoundStaticTag[];
  /** `{% load staticfiles %}`, `{% load static from staticfiles %}` or `admin_static`: libraries Django 3.0 removed. */
  oldLoads: Array<{ line: number; tag: string }>;
}

// Django's tag_re: `.` stops at a newline, so a tag that spans lines is text.
const TOKEN = /{%.*?%}|{{.*?}}|{#.*?#}/g;
// django.utils.text.smart_split_re: whitespace outside quotes separates bits.
const SMART_SPLIT = /(?:[^\s'"]*(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[^\s'"]*)+)|\S+/g;
const STRING_LITERAL = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')$/s;
const REMOVED_LIBRARIES = new Set(['staticfiles', 'admin_static']);

export function findStaticTags(source: string): TemplateTags {
  const tags: FoundStaticTag[] = [];
  const oldLoads: TemplateTags['oldLoads'] = [];
  const lineStarts = lineStartOffsets(source);
  let skipUntil: string | undefined;
  for (const match of source.matchAll(TOKEN)) {
    const token = match[0];
    if (!token.startsWith('{%')) continue;
    const content = token.slice(2, -2).trim();
    if (skipUntil) {
      // Django ends a verbatim block only at the matching `{% endverbatim name %}`.
      if (content === skipUntil) skipUntil = undefined;
      continue;
    }
    const [command = '', ...args] = content.match(SMART_SPLIT) ?? [];
    if (command === 'comment') skipUntil = 'endcomment';
    else if (command === 'verbatim') skipUntil = `end${content}`;
    else if (command === 'load' && args.some((arg) => REMOVED_LIBRARIES.has(arg))) oldLoads.push({ line: lineOf(lineStarts, match.index), tag: token });
    else if (command === 'static' && args.length) {
      const argument = args[0]!;
      tags.push({ line: lineOf(lineStarts, match.index), tag: token, argument, literal: STRING_LITERAL.test(argument) ? unescapeLiteral(argument) : undefined });
    }
  }
  return { tags, oldLoads };
}

/** The name ManifestStaticFilesStorage looks up in its manifest for `{% static literal %}`, or undefined when it looks up nothing (a path ending in `/`). */
export function manifestKey(literal: string): string | undefined {
  const [clean] = urldefrag(literal);
  if (urlsplit(clean).path.endsWith('/')) return undefined;
  return pyStrip(urlsplit(unquote(clean)).path);
}

/** django.utils.text.unescape_string_literal. */
function unescapeLiteral(literal: string): string {
  const quote = literal[0]!;
  return literal.slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll('\\\\', '\\');
}

function lineStartOffsets(source: string): number[] {
  const starts = [0];
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
