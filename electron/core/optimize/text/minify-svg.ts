// SVG through svgo 4's preset-default, which already keeps viewBox and <title> (svgo 4 dropped removeViewBox and
// removeTitle from it). Referenced IDs keep their names, since CSS, scripts and other pages (`logo.svg#mark`) may use
// them too; unreferenced ones go. A sprite sheet (<symbol>s) is only ever referenced from outside, and svgo would
// empty it: there every ID and every unreferenced non-rendering element stays.
// svgo is loaded on the first SVG: it takes longer to load (~0.7 s) than anything else a measuring worker needs, and
// a project may have no SVG at all.
import { OptimizeError } from '../types';
import type { Minified } from './minified';

export async function minifySvg(svg: string, filename: string): Promise<Minified> {
  const isSprite = /<symbol[\s>]/.test(svg);
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
            },
          },
        },
      ],
    });
    return { code: data, notes: [] };
  } catch (error) {
    throw new OptimizeError(`${filename} could not be minified as SVG: ${(error as Error).message}`);
  }
}
