import type { AssignmentShift } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

/** `/hq/assignments`: the assign form (observer, station, shift), coverage, filters and the table. */
export class AssignmentsPage {
  readonly form: Locator;
  readonly table: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.form = page.locator('section.as-form');
    this.table = page.locator('table.table-assignments');
    this.dialog = page.locator('dialog[open]');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/assignments');
    await this.page.locator('main h1').waitFor();
  }

  /** Types into a picker's search box and waits until the select offers an option containing `label`. */
  private async pick(search: string, select: string, text: string, label: string): Promise<void> {
    await this.page.locator(search).fill(text);
    const option = this.page.locator(`${select} option`, { hasText: label });
    await option.first().waitFor({ state: 'attached' });
    const value = await option.first().getAttribute('value');
    if (!value) throw new Error(`no option "${label}" in ${select}`);
    await this.page.locator(select).selectOption(value);
  }

  async assign(observer: { search: string; name: string }, station: number, shift: AssignmentShift): Promise<void> {
    await this.pick('#assign-observer-search', '#assign-observer', observer.search, observer.name);
    await this.pick('#assign-station-search', '#assign-station', String(station), `№ ${station} —`);
    await this.page.locator('#assign-shift').selectOption(shift);
    await this.form.locator('button[type="submit"]').click();
  }

  /** The success or error message of the last action. */
  notice(): Locator {
    return this.page.locator('main .alert-success');
  }

  formError(): Locator {
    return this.form.locator('.alert-error');
  }

  /** The warnings of a refused assignment (outside the area, not certified, another election). */
  warnings(): Locator {
    return this.form.locator('.assignment-warnings');
  }

  /** Confirms "assign anyway" after the warnings (audited). */
  async assignAnyway(): Promise<void> {
    await this.warnings().locator('button[data-action="assign-anyway"]').click();
  }

  rows(): Locator {
    return this.table.locator('tbody tr');
  }

  /** Each row as "station number · observer name", in the table's order. */
  rowKeys(): Promise<string[]> {
    return this.rows().evaluateAll((rows) =>
      rows.map((r) => `${r.getAttribute('data-station-number')} · ${r.getAttribute('data-observer')}`),
    );
  }

  row(station: number, observer: string): Locator {
    return this.table.locator(`tbody tr[data-station-number="${station}"][data-observer="${observer}"]`);
  }

  async shiftOf(station: number, observer: string): Promise<string> {
    return ((await this.row(station, observer).locator('.as-shift').textContent()) ?? '').trim();
  }

  coverage(name: 'stations' | 'observers'): Locator {
    return this.page.locator(`.as-coverage .count[data-count="${name}"] dd`);
  }

  async filter(station: string, observer: string): Promise<void> {
    await this.page.locator('#assignments-filter-station').fill(station);
    await this.page.locator('#assignments-filter-observer').fill(observer);
  }

  async remove(station: number, observer: string): Promise<void> {
    await this.row(station, observer).locator('.row-actions button').click();
    await this.dialog.waitFor();
    await this.dialog.locator('.button-danger').click();
    await this.dialog.waitFor({ state: 'detached' });
  }
}
