import type { Locator, Page } from 'playwright-core';

/** `/hq/readiness`: counts, areas to drill into, findings per item, stations (problems first), the plan. */
export class ReadinessPage {
  readonly stations: Locator;
  readonly areas: Locator;
  readonly plans: Locator;
  readonly path: Locator;

  constructor(readonly page: Page) {
    this.stations = page.locator('table.op-stations');
    this.areas = page.locator('table.op-areas');
    this.plans = page.locator('table.op-plans');
    this.path = page.locator('nav.op-path');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/hq/readiness${query}`);
    await this.page.locator('main h1').waitFor();
    await this.page.locator('dl.counts').waitFor();
  }

  /** The figure of one count: stations, visited, not-visited, problems, plans, overdue. */
  async count(name: string): Promise<string> {
    return ((await this.page.locator(`.count[data-count="${name}"] dd`).textContent()) ?? '').trim();
  }

  async stationNumbers(): Promise<number[]> {
    const numbers = await this.stations
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-station-number'))));
    return numbers;
  }

  stationRow(number: number): Locator {
    return this.stations.locator(`tbody tr[data-station-number="${number}"]`);
  }

  finding(questionId: string): Locator {
    return this.page.locator(`.op-finding[data-question="${questionId}"]`);
  }

  async filter(value: 'all' | 'problems' | 'not_visited' | 'visited'): Promise<void> {
    await this.page.locator('#rd-filter').selectOption(value);
    await this.page.waitForURL((url) =>
      value === 'all' ? !url.search.includes('filter') : url.search.includes(value),
    );
  }

  async drillInto(areaName: string): Promise<void> {
    await this.areas.getByRole('link', { name: areaName, exact: true }).click();
    await this.path.getByText(areaName, { exact: true }).waitFor();
  }

  private async pick(search: string, select: string, text: string, label: string): Promise<void> {
    await this.page.locator(search).fill(text);
    const option = this.page.locator(`${select} option`, { hasText: label });
    await option.first().waitFor({ state: 'attached' });
    const value = await option.first().getAttribute('value');
    if (!value) throw new Error(`no option "${label}" in ${select}`);
    await this.page.locator(select).selectOption(value);
  }

  async plan(observer: string, station: number, day: string): Promise<void> {
    await this.pick('#plan-observer-search', '#plan-observer', observer, observer);
    await this.pick('#plan-station-search', '#plan-station', String(station), `№ ${station},`);
    await this.page.locator('#plan-date').fill(day);
    await this.page.locator('form.op-plan button[type="submit"]').click();
  }

  planRow(station: number): Locator {
    return this.plans.locator(`tbody tr[data-station-number="${station}"]`);
  }
}
