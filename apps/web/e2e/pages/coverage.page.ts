import type { AssignmentShift } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

/** `/hq/coverage`: shift and filter, counts per phase, areas, stations (uncovered first). */
export class CoveragePage {
  readonly stations: Locator;
  readonly areas: Locator;

  constructor(readonly page: Page) {
    this.stations = page.locator('table.op-stations');
    this.areas = page.locator('table.op-areas');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/hq/coverage${query}`);
    await this.page.locator('main h1').waitFor();
    await this.page.locator('dl.counts').waitFor();
  }

  /** The figure of a count (stations, assigned, uncovered, phase-opening…), without its share. */
  async count(name: string): Promise<string> {
    const dd = this.page.locator(`.count[data-count="${name}"] dd`);
    return (await dd.evaluate((el) => el.firstChild?.textContent ?? '')).trim();
  }

  async shift(shift: AssignmentShift): Promise<void> {
    await this.page.locator('#cv-shift').selectOption(shift);
  }

  async stationNumbers(): Promise<number[]> {
    return this.stations
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-station-number'))));
  }

  stationRow(number: number): Locator {
    return this.stations.locator(`tbody tr[data-station-number="${number}"]`);
  }
}
