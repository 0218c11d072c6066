// Values the settings reader can hold. `unknown` carries a plain-language reason, shown to the
// user when the value matters (what Porter did not understand, and where).

export type PyValue =
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  /** A `pathlib.Path`; `value` is `str(path)`. */
  | { kind: 'path'; value: string }
  | { kind: 'list' | 'tuple'; items: PyValue[] }
  /** Only string keys are kept: settings dicts (STORAGES) are keyed by strings. */
  | { kind: 'dict'; entries: Map<string, PyValue> }
  /** A function, class or module Porter models, named by its Python path (`os.path.join`). */
  | { kind: 'builtin'; name: string }
  /** A method of a value (`BASE_DIR.resolve`, `"a,b".split`). */
  | { kind: 'method'; name: string; self: PyValue }
  /** A project module Porter can read (`import config.base`). */
  | { kind: 'module'; name: string }
  /** Something from a package Porter does not read (`environ.Env`, `dj_database_url.config`). */
  | { kind: 'external'; name: string }
  /** An instance of django-environ's or environs' `Env`: calling it reads environment variables. */
  | { kind: 'env-reader' }
  /** `Path.parents`, indexed to get an ancestor. */
  | { kind: 'parents'; of: string }
  | { kind: 'unknown'; why: string };

/** A name bound in a module, with the doubts that make its value uncertain. */
export interface Binding {
  value: PyValue;
  doubts: string[];
}

export type Namespace = Map<string, Binding>;

export const NONE: PyValue = { kind: 'none' };

export function str(value: string): PyValue {
  return { kind: 'str', value };
}

export function unknown(why: string): PyValue {
  return { kind: 'unknown', why };
}

/** Python truthiness, or undefined when it cannot be known. */
export function truthy(value: PyValue): boolean | undefined {
  switch (value.kind) {
    case 'str':
      return value.value !== '';
    case 'num':
      return value.value !== 0;
    case 'bool':
      return value.value;
    case 'none':
      return false;
    case 'list':
    case 'tuple':
      return value.items.length > 0;
    case 'dict':
      return value.entries.size > 0;
    case 'unknown':
    case 'external':
      return undefined;
    default:
      return true;
  }
}

/** `str(value)` for values with a fixed text form. */
export function asText(value: PyValue): string | undefined {
  switch (value.kind) {
    case 'str':
    case 'path':
      return value.value;
    case 'num':
      return String(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

/** Shortens source text quoted in notes. */
export function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return '`' + (flat.length > 70 ? flat.slice(0, 67) + '…' : flat) + '`';
}
