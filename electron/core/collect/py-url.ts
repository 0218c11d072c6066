// Python's urllib.parse and posixpath, as Django's staticfiles storage calls them.
// Porter must reproduce Django's names byte for byte, so these follow CPython 3.11+
// (including its quirks) instead of the WHATWG URL rules that Node's URL implements.

// Python strips these WHATWG C0 controls; matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const C0_CONTROL_OR_SPACE = /^[\x00-\x20]+/;
const UNSAFE_URL_CHARS = /[\t\r\n]/g;
const SCHEME_CHARS = /^[A-Za-z0-9+\-.]+$/;
const USES_NETLOC = new Set([
  '', 'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews',
  'prospero', 'rtsp', 'rtsps', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss',
  'itms-services',
]);
const USES_PARAMS = new Set(['', 'ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtsps', 'rtspu', 'sip', 'sips', 'mms', 'sftp', 'tel']);
const USES_RELATIVE = new Set(['', 'ftp', 'http', 'gopher', 'nntp', 'imap', 'wais', 'file', 'https', 'shttp', 'mms', 'prospero', 'rtsp', 'rtsps', 'rtspu', 'sftp', 'svn', 'svn+ssh', 'ws', 'wss']);

export interface SplitUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

/** `urllib.parse.urlsplit`. */
export function urlsplit(input: string): SplitUrl {
  let url = input.replace(C0_CONTROL_OR_SPACE, '').replace(UNSAFE_URL_CHARS, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const colon = url.indexOf(':');
  if (colon > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith('//')) {
    let end = url.length;
    for (const delimiter of ['/', '?', '#']) {
      const at = url.indexOf(delimiter, 2);
      if (at >= 0) end = Math.min(end, at);
    }
    netloc = url.slice(2, end);
    url = url.slice(end);
  }
  const hash = url.indexOf('#');
  if (hash >= 0) {
    fragment = url.slice(hash + 1);
    url = url.slice(0, hash);
  }
  const question = url.indexOf('?');
  if (question >= 0) {
    query = url.slice(question + 1);
    url = url.slice(0, question);
  }
  return { scheme, netloc, path: url, query, fragment };
}

/** `urllib.parse.urlunsplit`. */
export function urlunsplit({ scheme, netloc, path, query, fragment }: SplitUrl): string {
  let url = path;
  if (netloc || (scheme && USES_NETLOC.has(scheme) && !url.startsWith('//'))) {
    if (url && !url.startsWith('/')) url = '/' + url;
    url = '//' + netloc + url;
  }
  if (scheme) url = scheme + ':' + url;
  if (query) url += '?' + query;
  if (fragment) url += '#' + fragment;
  return url;
}

function splitParams(path: string): [string, string] {
  const from = path.includes('/') ? path.lastIndexOf('/') : 0;
  const at = path.indexOf(';', from);
  return at < 0 ? [path, ''] : [path.slice(0, at), path.slice(at + 1)];
}

/** `urllib.parse.urldefrag`: the URL without its fragment (re-assembled the way urlparse/urlunparse do), and the fragment. */
export function urldefrag(url: string): [string, string] {
  if (!url.includes('#')) return [url, ''];
  const parts = urlsplit(url);
  let path = parts.path;
  if (USES_PARAMS.has(parts.scheme) && path.includes(';')) {
    const [bare, params] = splitParams(path);
    path = params ? `${bare};${params}` : bare;
  }
  return [urlunsplit({ ...parts, path, fragment: '' }), parts.fragment];
}

const utf8 = new TextDecoder('utf-8');

/** `urllib.parse.unquote` (UTF-8, errors='replace'): only ASCII runs are unquoted, each decoded on its own. */
export function unquote(text: string): string {
  if (!text.includes('%')) return text;
  // eslint-disable-next-line no-control-regex -- Python unquotes ASCII runs, controls included
  return text.replace(/[\x00-\x7f]+/g, (run) => {
    if (!run.includes('%')) return run;
    const bytes: number[] = [];
    const pieces = run.split('%');
    for (const ch of pieces[0]!) bytes.push(ch.charCodeAt(0));
    for (const piece of pieces.slice(1)) {
      if (/^[0-9A-Fa-f]{2}/.test(piece)) {
        bytes.push(parseInt(piece.slice(0, 2), 16));
        for (const ch of piece.slice(2)) bytes.push(ch.charCodeAt(0));
      } else {
        bytes.push(0x25);
        for (const ch of piece) bytes.push(ch.charCodeAt(0));
      }
    }
    return utf8.decode(Uint8Array.from(bytes));
  });
}

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;
const allSafe = new Map<string, RegExp>();

/** `urllib.parse.quote(text, safe)`. */
export function quote(text: string, safe: string): string {
  let unchanged = allSafe.get(safe);
  if (!unchanged) {
    unchanged = new RegExp(`^[A-Za-z0-9_.\\-~${safe.replace(/[\\\]^-]/g, '\\$&')}]*$`);
    allSafe.set(safe, unchanged);
  }
  if (unchanged.test(text)) return text;
  const isSafe = (ch: string) => ch < '\x80' && (ALWAYS_SAFE.test(ch) || safe.includes(ch));
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += isSafe(ch) ? ch : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `urllib.parse.urljoin` for a relative, already-quoted path (all Django's storage `url()` ever joins). */
export function urljoin(base: string, relative: string): string {
  if (!base) return relative;
  if (!relative) return base;
  const b = urlsplit(base);
  const r = urlsplit(relative);
  if (r.scheme && r.scheme !== b.scheme) return relative;
  const scheme = b.scheme;
  if (!USES_RELATIVE.has(scheme)) return relative;
  if (r.netloc) return urlunsplit({ ...r, scheme });
  if (!r.path) return urlunsplit({ scheme, netloc: b.netloc, path: b.path, query: r.query || b.query, fragment: r.fragment });
  let segments: string[];
  if (r.path.startsWith('/')) {
    segments = r.path.split('/');
  } else {
    const baseParts = b.path.split('/');
    if (baseParts[baseParts.length - 1] !== '') baseParts.pop();
    segments = [...baseParts, ...r.path.split('/')];
    segments = [segments[0]!, ...segments.slice(1, -1).filter(Boolean), ...(segments.length > 1 ? [segments[segments.length - 1]!] : [])];
  }
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === '..') resolved.pop();
    else if (segment !== '.') resolved.push(segment);
  }
  const last = segments[segments.length - 1];
  if (last === '.' || last === '..') resolved.push('');
  return urlunsplit({ scheme, netloc: b.netloc, path: resolved.join('/') || '/', query: r.query, fragment: r.fragment });
}

/** `posixpath.normpath`. */
function isAlreadyNormal(path: string): boolean {
  return (
    path !== '' && path !== '.' && path !== '..' &&
    !path.startsWith('/') && !path.startsWith('./') && !path.startsWith('../') &&
    !path.endsWith('/') && !path.endsWith('/.') && !path.endsWith('/..') &&
    !path.includes('//') && !path.includes('/./') && !path.includes('/../')
  );
}

export function normpath(path: string): string {
  if (isAlreadyNormal(path)) return path;
  if (!path) return '.';
  let initialSlashes = path.startsWith('/') ? 1 : 0;
  if (initialSlashes && path.startsWith('//') && !path.startsWith('///')) initialSlashes = 2;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (!initialSlashes && parts.length === 0) || parts[parts.length - 1] === '..') parts.push(part);
    else if (parts.length) parts.pop();
  }
  return '/'.repeat(initialSlashes) + parts.join('/') || '.';
}

/** `posixpath.join`. */
export function pathJoin(first: string, ...rest: string[]): string {
  let path = first;
  for (const part of rest) {
    if (part.startsWith('/')) path = part;
    else if (!path || path.endsWith('/')) path += part;
    else path += '/' + part;
  }
  return path;
}

/** `posixpath.split`. */
export function pathSplit(path: string): [string, string] {
  const at = path.lastIndexOf('/') + 1;
  let head = path.slice(0, at);
  const tail = path.slice(at);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return [head, tail];
}

/** `posixpath.dirname`. */
export function dirname(path: string): string {
  return pathSplit(path)[0];
}

/** `posixpath.splitext`: the last dot, leading dots are not an extension. */
export function splitext(path: string): [string, string] {
  const sep = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot > sep) {
    for (let i = sep + 1; i < dot; i++) {
      if (path[i] !== '.') return [path.slice(0, dot), path.slice(dot)];
    }
  }
  return [path, ''];
}

// str.isspace(): bidi types WS, B, S and category Zs.
const PY_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** A regex class body equal to Python's `\s` on str patterns. */
export const PY_SPACE_CLASS = `[${PY_WHITESPACE}]`;
const LEADING_SPACE = new RegExp(`^${PY_SPACE_CLASS}+`, 'u');
const TRAILING_SPACE = new RegExp(`${PY_SPACE_CLASS}+$`, 'u');

/** `str.strip()` with no arguments. */
export function pyStrip(text: string): string {
  return text.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');
}
