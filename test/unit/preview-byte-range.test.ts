import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../electron/core/preview/byte-range';

describe('parseByteRange', () => {
  it('reads the three forms browsers and players send', () => {
    expect(parseByteRange('bytes=0-9', 100)).toEqual({ kind: 'part', start: 0, end: 9 });
    expect(parseByteRange('bytes=90-', 100)).toEqual({ kind: 'part', start: 90, end: 99 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ kind: 'part', start: 90, end: 99 });
    expect(parseByteRange('bytes=0-', 100)).toEqual({ kind: 'part', start: 0, end: 99 });
  });

  it('clamps an end past the file and a suffix longer than it', () => {
    expect(parseByteRange('bytes=50-1000', 100)).toEqual({ kind: 'part', start: 50, end: 99 });
    expect(parseByteRange('bytes=-1000', 100)).toEqual({ kind: 'part', start: 0, end: 99 });
  });

  it('calls a range that starts past the end, or asks for no bytes, unsatisfiable', () => {
    expect(parseByteRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('sends the whole file for no Range, a malformed one, another unit or several ranges', () => {
    for (const header of [undefined, 'bytes=', 'bytes=-', 'bytes=9-3', 'items=0-1', 'bytes=0-1,5-6', 'bytes=a-b', 'bytes=0x10-']) {
      expect(parseByteRange(header, 100), String(header)).toEqual({ kind: 'whole' });
    }
  });
});
