// The "mappings" field of a version 3 source map (ECMA-426) as absolute numbers, and back.

/** [generated column, source index, original line, original column, name index?]; all 0-based. */
export type MappedSegment = [number, number, number, number] | [number, number, number, number, number];
/** A segment with only a generated column marks code that maps to no source. */
export type Segment = [number] | MappedSegment;

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digitOf = new Map([...alphabet].map((char, index) => [char.charCodeAt(0), index]));

export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  // Every field but the generated column is relative to the previous segment anywhere in the file.
  const state = [0, 0, 0, 0, 0];
  let line: Segment[] = [];
  let fields: number[] = [];
  let value = 0;
  let shift = 0;

  const endSegment = (): void => {
    if (fields.length === 0) return;
    if (fields.length !== 1 && fields.length !== 4 && fields.length !== 5) {
      throw new Error(`a source map segment has ${fields.length} fields (1, 4 or 5 expected)`);
    }
    for (let i = 0; i < fields.length; i++) state[i] = (state[i] ?? 0) + (fields[i] ?? 0);
    line.push(state.slice(0, fields.length) as Segment);
    fields = [];
  };

  for (let i = 0; i < mappings.length; i++) {
    const code = mappings.charCodeAt(i);
    if (code === 44 /* , */ || code === 59 /* ; */) {
      endSegment();
      if (code === 59) {
        lines.push(line);
        line = [];
        state[0] = 0;
      }
      continue;
    }
    const digit = digitOf.get(code);
    if (digit === undefined) throw new Error(`a source map's mappings contain '${mappings[i]}'`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    fields.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  endSegment();
  lines.push(line);
  return lines;
}

function encodeValue(value: number): string {
  let vlq = value < 0 ? -value * 2 + 1 : value * 2;
  let out = '';
  do {
    let digit = vlq % 32;
    vlq = Math.floor(vlq / 32);
    if (vlq > 0) digit += 32;
    out += alphabet[digit];
  } while (vlq > 0);
  return out;
}

export function encodeMappings(lines: readonly (readonly Segment[])[]): string {
  const state = [0, 0, 0, 0, 0];
  return lines
    .map((line) => {
      state[0] = 0;
      return line
        .map((segment) =>
          segment
            .map((field, i) => {
              const delta = field - (state[i] ?? 0);
              state[i] = field;
              return encodeValue(delta);
            })
            .join(''),
        )
        .join(',');
    })
    .join(';');
}
