// JSON: parsed to prove it is valid, then only the whitespace between tokens goes. Re-serialising the parsed value
// would also be smaller, but it rounds numbers a double cannot hold (2^64, 1e400 → null) that other readers keep.
import { OptimizeError } from '../types';
import type { Minified } from './minified';

const whitespace = new Set([' ', '\t', '\n', '\r']);

export function minifyJson(json: string, filename: string): Minified {
  try {
    JSON.parse(json);
  } catch (error) {
    throw new OptimizeError(`${filename} is not valid JSON: ${(error as Error).message}`);
  }
  let out = '';
  let inString = false;
  let runStart = 0;
  for (let i = 0; i < json.length; i++) {
    const char = json[i] as string;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (whitespace.has(char)) {
      out += json.slice(runStart, i);
      runStart = i + 1;
    }
  }
  return { code: out + json.slice(runStart), notes: [] };
}
