import type { Locator, Page } from 'playwright-core';

/** `/hq`: the current election and the campaign dashboard's tiles. */
export class OverviewPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/hq');
    await this.tile('coverage').waitFor();
  }

  tile(id: string): Locator {
    return this.page.locator(`article.op-tile[data-tile="${id}"]`);
  }

  /** A row's value in a tile, e.g. tile "coverage", row "voting_day". */
  async value(tile: string, row: string): Promise<string> {
    return ((await this.tile(tile).locator(`[data-row="${row}"] dd`).textContent()) ?? '').trim();
  }
}
