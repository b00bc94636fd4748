import type { Locator, Page } from 'playwright-core';

/** `/hq/results`: official results, their checks, charts and tables. */
export class ResultsPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/hq/results');
    await this.page.locator('main#main h1').first().waitFor();
  }

  emptyState(): Locator {
    return this.page.locator('main .empty-state');
  }

  importButton(): Locator {
    return this.page.locator('main [data-action="import-results"]').first();
  }

  /** Waits until the analysis is on screen. */
  async waitForAnalysis(): Promise<void> {
    await this.page.locator('dl.results-summary').waitFor({ timeout: 30_000 });
  }

  async stationCount(): Promise<number> {
    const text = (await this.page.locator('dl.results-summary [data-value="stations"]').textContent()) ?? '';
    return Number(text.replace(/\D/g, ''));
  }

  section(name: string): Locator {
    return this.page.locator(`section.results-section[data-section="${name}"]`);
  }

  chart(name: string): Locator {
    return this.page.locator(`figure.chart-figure[data-chart="${name}"]`);
  }

  /** Waits until uPlot (loaded on demand) has drawn the chart's canvas. */
  async waitForChart(name: string): Promise<void> {
    await this.chart(name).locator('.chart-host[data-state="ready"] canvas').first().waitFor();
  }

  /** The caption of the first table of a section ("1 участок", "Итоги по 5 участкам"). */
  tableCaption(section: string, index = 0): Locator {
    return this.section(section).locator(':scope > .results-table .table-caption').nth(index);
  }

  /** Body rows of the n-th table directly in a section (charts' data tables are not counted). */
  tableRows(section: string, index = 0): Locator {
    return this.section(section).locator(':scope > .results-table').nth(index).locator('tbody tr');
  }
}

/** `/hq/quick-count`: the sample form, the drawn sample and the estimate. */
export class QuickCountPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/hq/quick-count');
    await this.page.locator('main#main h1').first().waitFor();
  }

  async drawByStations(stations: number, seed: string): Promise<void> {
    await this.page.getByRole('radio').nth(1).check();
    await this.page.locator('#quick-count-stations').fill(String(stations));
    await this.page.locator('#quick-count-seed').fill(seed);
    await this.page.locator('[data-action="draw"]').click();
    await this.page.locator('[data-value="seed"]').waitFor();
  }

  async seed(): Promise<string> {
    return ((await this.page.locator('[data-value="seed"]').textContent()) ?? '').trim();
  }

  async sampleSize(): Promise<number> {
    return Number(((await this.page.locator('[data-value="size"]').textContent()) ?? '').replace(/\D/g, ''));
  }

  /** The sampled station numbers, as listed per region. */
  async sampledNumbers(): Promise<number[]> {
    const cells = await this.page
      .locator('section[data-section="sample"] .table-sample-stations tbody td')
      .allTextContents();
    return cells.flatMap((c) => c.split(',').map((n) => Number(n.trim()))).filter((n) => Number.isFinite(n) && n > 0);
  }
}

/** `/hq/results/official`: area totals, official turnout and the official station rows. */
export class OfficialDataPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/hq/results/official');
    await this.page.locator('main#main h1').first().waitFor();
  }

  section(name: string): Locator {
    return this.page.locator(`section.results-section[data-section="${name}"]`);
  }

  /** Body rows of a table by its class, e.g. "table-area-totals". */
  rows(tableClass: string): Locator {
    return this.page.locator(`table.${tableClass} tbody tr`);
  }

  /** Every cell of a table's body rows as text. */
  async cells(tableClass: string): Promise<string[][]> {
    return this.rows(tableClass).evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
    );
  }
}
