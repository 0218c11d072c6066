// Optimize never writes over a source: an output path that resolves (through symlinks) to one of its inputs is refused.
import { realPathOf } from '../collect/output-overlap';

/** Given every input file (absolute), says whether writing `input` to `target` would land on one of them, and how. */
export function inputOverwriteCheck(inputs: readonly string[]): (input: string, target: string) => string | undefined {
  const byRealPath = new Map(inputs.map((input) => [realPathOf(input), input]));
  return (input, target) => {
    const overwritten = byRealPath.get(realPathOf(target));
    return overwritten && `Writing ${input} to ${target} would write over its input ${overwritten}: choose an output folder outside your sources.`;
  };
}
