// Python's fnmatch.fnmatchcase, which Django uses for ignore patterns and for `*.css`/`*.js`:
// case-sensitive, `*` also matches `/`, `?` any one character, `[seq]` and `[!seq]` sets.
// The bracket parsing follows fnmatch.translate (CPython 3.11) so odd patterns behave the same.

const cache = new Map<string, RegExp>();

function escapeForClass(text: string): string {
  return text.replace(/[\\\][\-^]/g, (ch) => '\\' + ch);
}

function translateSet(pattern: string, start: number, end: number): string {
  let i = start;
  const stuff = pattern.slice(i, end);
  let negate: boolean;
  let body: string;
  if (!stuff.includes('-')) {
    negate = stuff.startsWith('!');
    body = escapeForClass(negate ? stuff.slice(1) : stuff);
  } else {
    const chunks: string[] = [];
    let k = pattern[i] === '!' ? i + 2 : i + 1;
    for (;;) {
      k = pattern.indexOf('-', k);
      if (k < 0 || k >= end) break;
      chunks.push(pattern.slice(i, k));
      i = k + 1;
      k = k + 3;
    }
    const chunk = pattern.slice(i, end);
    if (chunk) chunks.push(chunk);
    else chunks[chunks.length - 1] += '-';
    // Remove empty ranges, as CPython does, so they never match instead of being an error.
    for (let index = chunks.length - 1; index > 0; index--) {
      const previous = chunks[index - 1]!;
      const current = chunks[index]!;
      if (previous.codePointAt(previous.length - 1)! > current.codePointAt(0)!) {
        chunks[index - 1] = previous.slice(0, -1) + current.slice(1);
        chunks.splice(index, 1);
      }
    }
    negate = chunks[0]!.startsWith('!');
    if (negate) chunks[0] = chunks[0]!.slice(1);
    body = chunks.map(escapeForClass).join('-');
  }
  if (!body) return negate ? '[\\s\\S]' : '(?!)';
  return negate ? `[^${body}]` : `[${body}]`;
}

/** `fnmatch.translate`, as a JavaScript regular expression source. */
export function translate(pattern: string): string {
  let out = '';
  let lastWasStar = false;
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const ch = pattern[i]!;
    i += 1;
    if (ch === '*') {
      if (!lastWasStar) out += '[\\s\\S]*';
      lastWasStar = true;
      continue;
    }
    lastWasStar = false;
    if (ch === '?') {
      out += '[\\s\\S]';
    } else if (ch === '[') {
      let j = i;
      if (j < n && pattern[j] === '!') j++;
      if (j < n && pattern[j] === ']') j++;
      while (j < n && pattern[j] !== ']') j++;
      if (j >= n) {
        out += '\\[';
      } else {
        out += translateSet(pattern, i, j);
        i = j + 1;
      }
    } else {
      out += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }
  }
  return `^(?:${out})$`;
}

export function fnmatchcase(name: string, pattern: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    regex = new RegExp(translate(pattern), 'u');
    cache.set(pattern, regex);
  }
  return regex.test(name);
}

/** Django's `matches_patterns`. */
export function matchesPatterns(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => fnmatchcase(name, pattern));
}

/** The first pattern that matches, for telling the user why a file was ignored. */
export function firstMatchingPattern(name: string, patterns: readonly string[]): string | undefined {
  return patterns.find((pattern) => fnmatchcase(name, pattern));
}
