import { describe, expect, it } from 'vitest';
import { quickOrder } from '../../electron/core/optimize/savings/quick-order';

const file = (publicPath: string, bytes: number) => ({ publicPath, sourcePath: `/site/${publicPath}`, bytes });

// The demo project's files in Django's found order.
const demo = [
  file('shared/base.css', 162),
  file('img/logo.svg', 416),
  file('js/app.js', 856),
  file('blog/img/illustration.png', 519_680),
  file('blog/css/blog.css', 271),
  file('img/favicon.png', 137),
  file('shop/img/hero.jpg', 101_849),
  file('shop/img/banner.png', 481_055),
  file('shop/img/cart.png', 27_869),
  file('shop/css/shop.css', 429),
];

describe('quick phase order', () => {
  it('starts the costliest image beside the cheap files, then goes cheapest first: text before images, smaller before larger', () => {
    expect(quickOrder(demo, 2).map((index) => demo[index]!.publicPath)).toEqual([
      'blog/img/illustration.png',
      'shared/base.css',
      'blog/css/blog.css',
      'img/logo.svg',
      'shop/css/shop.css',
      'js/app.js',
      'img/favicon.png',
      'shop/img/cart.png',
      'shop/img/hero.jpg',
      'shop/img/banner.png',
    ]);
  });

  it('with one worker, keeps the costliest for last so the first rows are not behind it', () => {
    const order = quickOrder(demo, 1).map((index) => demo[index]!.publicPath);
    expect(order[0]).toBe('shared/base.css');
    expect(order.at(-1)).toBe('blog/img/illustration.png');
  });

  it('counts a large text file as cheaper than a small image, and keeps found order for equal cost', () => {
    const files = [file('a.png', 10), file('big.js', 50_000), file('b.css', 5), file('c.css', 5), file('d.png', 20)];
    expect(quickOrder(files, 1)).toEqual([2, 3, 1, 0, 4]);
    expect(quickOrder(files, 4)).toEqual([4, 2, 3, 1, 0]);
    expect(quickOrder([], 2)).toEqual([]);
  });
});
