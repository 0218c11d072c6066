import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCollect } from '../../electron/core/collect/index';
import { demoProjectCopy, shippedDemoDir } from '../../electron/core/project/demo-project';
import { openProject } from '../../electron/core/project/open-project';
import { makeTempDir } from '../support/temp-project';

describe('the demo project', () => {
  it('is found beside the code, copied once, kept as the user changed it, and reset on request', () => {
    const shipped = shippedDemoDir();
    expect(shipped).not.toBeNull();
    const data = makeTempDir('porter-demo-');
    const copy = demoProjectCopy(data);
    expect(existsSync(path.join(copy, 'manage.py'))).toBe(true);
    expect(existsSync(path.join(copy, 'make-demo-assets.mjs'))).toBe(false);
    writeFileSync(path.join(copy, 'assets/js/app.js'), '// mine\n');
    expect(demoProjectCopy(data)).toBe(copy);
    expect(readFileSync(path.join(copy, 'assets/js/app.js'), 'utf8')).toBe('// mine\n');
    demoProjectCopy(data, { reset: true });
    expect(readFileSync(path.join(copy, 'assets/js/app.js'), 'utf8')).toBe(readFileSync(path.join(shipped!, 'assets/js/app.js'), 'utf8'));
    expect(() => demoProjectCopy(data, { shipped: null })).toThrow(/no demo project/);
  });

  it('opens and collects cleanly, with the duplicate favicon and rewritten references it is there to show', async () => {
    const copy = demoProjectCopy(makeTempDir('porter-demo-open-'));
    const project = await openProject({ root: copy, pythonConsent: 'deny' });
    expect(project.sources.map((source) => path.relative(copy, source.dir))).toEqual(['assets', 'shop/static', 'blog/static']);
    const report = await runCollect({
      sources: project.sources.map((source) => ({ dir: source.dir, prefix: source.prefix })),
      outDir: path.join(copy, 'staticfiles'),
      djangoVersion: '5.2',
      hashing: true,
      ignorePatterns: [],
      useDefaultIgnore: true,
      dryRun: false,
    });
    expect(report.duplicates.map((duplicate) => duplicate.name)).toEqual(['img/favicon.png']);
    const manifest = JSON.parse(readFileSync(path.join(copy, 'staticfiles/staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
    const shopCss = readFileSync(path.join(copy, 'staticfiles', manifest.paths['shop/css/shop.css']!), 'utf8');
    expect(shopCss).toContain(path.basename(manifest.paths['shop/img/hero.jpg']!));
  });
});
