// SVG through svgo 4's preset-default, which already keeps viewBox and <title> (svgo 4 dropped removeViewBox and
// removeTitle from it). Referenced IDs keep their names, since CSS, scripts and other pages (`logo.svg#mark`) may use
// them too; unreferenced ones go. A sprite sheet (<symbol>s) is only ever referenced from outside, and svgo would
// empty it: there every ID and every unreferenced non-rendering element stays.
// svgo is loaded on the first SVG: it takes longer to load (~0.7 s) than anything else a measuring worker needs, and
// a project may have no SVG at all.
//
// svgo's mergePaths checks each path against everything merged before it, so its time grows with the square of the
// shapes in a group: 15,000 rects took over two minutes (bench/RESULTS.md, "Optimiser budgets"). Above
// MERGE_PATHS_MAX_SHAPES shapes it is left out; the rest of the preset still runs, and the file stays well inside its
// time budget (budget.ts) instead of being kept unminified.
import { OptimizeError } from '../types';
import type { Minified } from './minified';

export const MERGE_PATHS_MAX_SHAPES = 2000;

/** Elements convertShapeToPath may turn into paths, which mergePaths then compares with each other. */
export function countShapes(svg: string): number {
  return svg.match(/<(?:path|rect|circle|ellipse|line|polyline|polygon)[\s/>]/g)?.length ?? 0;
}

export async function minifySvg(svg: string, filename: string): Promise<Minified> {
  const isSprite = /<symbol[\s>]/.test(svg);
  const shapes = countShapes(svg);
  const mergePaths = shapes <= MERGE_PATHS_MAX_SHAPES;
  const { optimize } = await import('svgo');
  try {
    const { data } = optimize(svg, {
      path: filename,
      plugins: [
        {
          name: 'preset-default',
          params: {
            overrides: {
              cleanupIds: { remove: !isSprite, minify: false },
              ...(isSprite ? { removeHiddenElems: false } : {}),
              ...(mergePaths ? {} : { mergePaths: false }),
            },
          },
        },
      ],
    });
    const notes = mergePaths
      ? []
      : [`Paths were not merged: with ${shapes.toLocaleString('en')} shapes (over ${MERGE_PATHS_MAX_SHAPES.toLocaleString('en')}) merging them would take minutes.`];
    return { code: data, notes };
  } catch (error) {
    throw new OptimizeError(`${filename} could not be minified as SVG: ${(error as Error).message}`);
  }
}
