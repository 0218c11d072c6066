import { expect, type Locator, type Page } from '@playwright/test';

/** What the e2e tests touch in the UI, by test id and role, in one place. */
export class PorterPage {
  readonly ready: Locator;
  readonly pathInput: Locator;
  readonly openButton: Locator;
  readonly projectRoot: Locator;
  readonly sourceRows: Locator;
  readonly assetsCounts: Locator;
  readonly assetsFilter: Locator;
  readonly outDir: Locator;
  readonly hashing: Locator;
  readonly dryRun: Locator;
  readonly collectButton: Locator;
  readonly progress: Locator;
  readonly summary: Locator;
  readonly failure: Locator;
  readonly brokenRows: Locator;

  constructor(readonly page: Page) {
    this.ready = page.locator('[data-app-state="ready"]');
    this.pathInput = page.getByLabel('Project folder');
    this.openButton = page.getByTestId('open-project-button');
    this.projectRoot = page.getByTestId('project-root');
    this.sourceRows = page.getByTestId('source-row');
    this.assetsCounts = page.getByTestId('assets-counts');
    this.assetsFilter = page.getByTestId('assets-filter');
    this.outDir = page.getByLabel('Output folder');
    this.hashing = page.getByLabel('Hashed names (ManifestStaticFilesStorage)');
    this.dryRun = page.getByLabel('Dry run');
    this.collectButton = page.getByTestId('collect-button');
    this.progress = page.getByRole('progressbar', { name: 'Collect progress' });
    this.summary = page.getByTestId('collect-summary');
    this.failure = page.getByTestId('collect-failure');
    this.brokenRows = page.getByTestId('broken-references-row');
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.ready).toBeVisible();
  }

  async openProject(folder: string): Promise<void> {
    // With a project open, its card is one line until "Open another…" unfolds the form.
    const changeProject = this.page.getByTestId('change-project');
    if (await changeProject.isVisible()) await changeProject.click();
    await this.pathInput.fill(folder);
    await this.openButton.click();
    await expect(this.projectRoot).toHaveText(folder);
  }

  assetRow(publicPath: string, status: 'collected' | 'duplicate' | 'ignored'): Locator {
    return this.page.locator(`[data-testid="asset-row"][data-status="${status}"][data-public-path="${publicPath}"]`);
  }

  count(label: string): Locator {
    return this.page.getByTestId(`collect-count-${label}`).locator('dd');
  }
}
