import type { Locator, Page } from 'playwright-core';

/** `/hq/reports`: connection status, counters, the live feed, the reports list and the conflicts. */
export class LiveReportsPage {
  readonly status: Locator;
  readonly feed: Locator;
  readonly announcer: Locator;
  readonly list: Locator;
  readonly conflicts: Locator;

  constructor(readonly page: Page) {
    this.status = page.locator('.lr-status');
    this.feed = page.locator('.lr-feed-list');
    this.announcer = page.locator('[data-testid="live-announcer"]');
    this.list = page.locator('table.table-reports');
    this.conflicts = page.locator('.lr-conflict-list');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/reports');
    await this.page.locator('main h1').waitFor();
  }

  async waitUntilLive(): Promise<void> {
    await this.page.locator('.lr-status[data-status="live"]').waitFor();
  }

  feedItems(): Locator {
    return this.feed.locator('li.lr-feed-item');
  }

  feedItem(reportId: string): Locator {
    return this.feed.locator(`li.lr-feed-item[data-report-id="${reportId}"]`);
  }

  counter(name: string): Locator {
    return this.page.locator(`.lr-counters .count[data-count="${name}"] dd`);
  }

  listRows(): Locator {
    return this.list.locator('tbody tr');
  }

  /** The report ids of the list's rows. */
  listReportIds(): Promise<(string | null)[]> {
    return this.listRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-report-id')));
  }

  async showFlaggedOnly(on: boolean): Promise<void> {
    const box = this.page.locator('#reports-flagged-only');
    if ((await box.isChecked()) !== on) await box.click();
  }

  conflict(station: number): Locator {
    return this.conflicts.locator(`article.lr-conflict[data-station-number="${station}"]`);
  }

  copy(station: number, reportId: string): Locator {
    return this.conflict(station).locator(`li.lr-copy[data-report-id="${reportId}"]`);
  }

  /** A line of the station's copies side by side, by question id. */
  comparisonLine(station: number, questionId: string): Locator {
    return this.conflict(station).locator(`.lr-comparison-table tr[data-question="${questionId}"]`);
  }

  differingLines(station: number): Locator {
    return this.conflict(station).locator('.lr-comparison-table tr[data-differs]');
  }

  async choose(station: number, reportId: string): Promise<void> {
    await this.copy(station, reportId).locator('button').click();
  }
}
