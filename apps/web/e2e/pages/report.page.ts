import type { Locator, Page } from 'playwright-core';

/** `/hq/reports/:id`: one report, its revisions line by line and its hash-chain entries. */
export class ReportPage {
  readonly revisionCount: Locator;

  constructor(readonly page: Page) {
    this.revisionCount = page.getByTestId('report-revisions');
  }

  async waitUntilOpen(): Promise<void> {
    await this.page.locator('.lr-comparison-table').waitFor();
  }

  line(questionId: string): Locator {
    return this.page.locator(`.lr-comparison-table tr[data-question="${questionId}"]`);
  }

  /** The question ids of the lines a correction changed. */
  changedLines(): Promise<(string | null)[]> {
    return this.page
      .locator('.lr-comparison-table tr[data-differs]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-question')));
  }

  /** The revisions listed in the hash-chain section, newest first. */
  chainEntries(): Promise<(string | null)[]> {
    return this.page
      .locator('.report-chain li')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-revision')));
  }
}
