import type { AssignmentShift } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

/** `/hq/assignments/proposal`: propose for a shift, review the rows (swap, remove), confirm. */
export class AssignmentProposalPage {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.locator('table.pr-table');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/assignments/proposal');
    await this.page.locator('main h1').waitFor();
  }

  async propose(shift: AssignmentShift, cap = 1): Promise<void> {
    await this.page.locator('#proposal-shift').selectOption(shift);
    await this.page.locator('#proposal-cap').fill(String(cap));
    await this.page.locator('button[data-action="propose"]').click();
    await this.page.locator('.pr-summary').waitFor();
  }

  figure(name: 'stations' | 'uncoveredBefore' | 'uncoveredAfter' | 'observers' | 'sample'): Locator {
    return this.page.locator(`.pr-summary .count[data-count="${name}"] dd`);
  }

  rows(): Locator {
    return this.table.locator('tbody tr');
  }

  row(station: number): Locator {
    return this.table.locator(`tbody tr[data-station-number="${station}"]`);
  }

  /** The proposed observer's name per station number. */
  async proposed(): Promise<Record<number, string>> {
    const rows = await this.rows().evaluateAll((trs) =>
      trs.map((tr) => {
        const select = tr.querySelector('select') as HTMLSelectElement;
        return [Number(tr.getAttribute('data-station-number')), select.selectedOptions[0]?.textContent ?? ''] as const;
      }),
    );
    return Object.fromEntries(rows);
  }

  async swap(station: number, observerName: string): Promise<void> {
    await this.row(station).locator('select').selectOption({ label: observerName });
  }

  async remove(station: number): Promise<void> {
    await this.row(station).locator('.cell-actions button').click();
    await this.row(station).waitFor({ state: 'detached' });
  }

  conflicts(station: number): Locator {
    return this.row(station).locator('.pr-problems li');
  }

  async confirm(): Promise<void> {
    await this.page.locator('button[data-action="confirm"]').click();
  }

  created(): Locator {
    return this.page.locator('[data-testid="proposal-created"]');
  }

  problemAlert(): Locator {
    return this.page.locator('main .alert-error, main .alert-info');
  }
}
