// Python's json.dumps with default arguments (ensure_ascii, ", " and ": " separators),
// because staticfiles.json and its hash must match Django's bytes exactly.

export type PyJson = string | number | boolean | null | PyJson[] | PyObject;
/** A JSON object as ordered pairs: JavaScript objects reorder integer-like keys. */
export interface PyObject {
  readonly pairs: ReadonlyArray<readonly [string, PyJson]>;
}

export function pyObject(pairs: ReadonlyArray<readonly [string, PyJson]>): PyObject {
  return { pairs };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

export function pyJsonString(text: string): string {
  // Every UTF-16 unit outside printable ASCII becomes \uXXXX, which is also how Python writes astral characters (as surrogate pairs).
  return (
    '"' +
    text.replace(/[^\x20-\x7e]|["\\]/g, (ch) => SIMPLE_ESCAPES[ch] ?? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')) +
    '"'
  );
}

export function pyJsonDumps(value: PyJson): string {
  if (typeof value === 'string') return pyJsonString(value);
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return '[' + value.map(pyJsonDumps).join(', ') + ']';
  return '{' + (value as PyObject).pairs.map(([key, item]) => `${pyJsonString(key)}: ${pyJsonDumps(item)}`).join(', ') + '}';
}

/** Python's default str ordering: by code point, not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const left = a.charCodeAt(i);
    const right = b.charCodeAt(i);
    if (left !== right) return codePointRank(left) - codePointRank(right);
  }
  return a.length - b.length;
}

// UTF-16 order differs from code point order only between surrogates (astral characters)
// and BMP units at U+E000 and above: move surrogates above them.
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
