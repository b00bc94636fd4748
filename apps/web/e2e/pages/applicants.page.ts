import type { Download, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** `/hq/applicants` and `/hq/applicants/:id`: the HQ pipeline of volunteers. */
export class ApplicantsPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/hq/applicants');
    await this.page.locator('[data-testid="applicants-total"]').waitFor();
  }

  row(name: string): Locator {
    return this.page.locator('table.table-applicants tbody tr').filter({ hasText: name });
  }

  async open(name: string): Promise<void> {
    await this.row(name).getByRole('link', { name }).click();
    await this.status().waitFor();
  }

  status(): Locator {
    return this.page.locator('[data-testid="applicant-status"]');
  }

  async moveTo(statusLabel: string, statusValue: string, reason = ''): Promise<void> {
    await this.page.locator('#status-to').selectOption(statusValue);
    if (reason) await this.page.locator('#status-reason').fill(reason);
    await this.page.locator('section[aria-labelledby="applicant-status-title"] button[type="submit"]').click();
    await this.page.locator('[data-testid="applicant-status"]', { hasText: statusLabel }).waitFor();
    // The change is done when the form has been cleared too (its onSuccess may run after the new
    // status shows); choosing the next status before that would have it cleared under us.
    await expect.poll(() => this.page.locator('#status-to').inputValue()).toBe('');
  }

  async setIdDocument(value: string): Promise<void> {
    await this.page.locator('section[aria-labelledby="applicant-details"] .form-actions button').click();
    await this.page.locator('#applicant-idDocument').fill(value);
    await this.page.locator('section[aria-labelledby="applicant-details"] button[type="submit"]').click();
    await this.page.locator('[data-testid="idDocument"]', { hasText: value }).waitFor();
  }

  async issueReferral(stationNumber: number, locale: 'ru' | 'kk'): Promise<string> {
    const station = this.page.locator('#referral-station');
    await station
      .locator('option', { hasText: `${stationNumber}` })
      .first()
      .waitFor({ state: 'attached' });
    const value = await station
      .locator('option', { hasText: `${stationNumber}` })
      .first()
      .getAttribute('value');
    await station.selectOption(value ?? '');
    await this.page.locator('#referral-locale').selectOption(locale);
    await this.page.locator('[data-testid="referrals"] button[type="submit"]').click();
    const code = this.page.locator('[data-testid="referral-code"]').first();
    await code.waitFor();
    return (await code.textContent())?.trim() ?? '';
  }

  async downloadLetter(format: 'PDF' | 'DOCX'): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.locator('[data-testid="referrals"] a[download]', { hasText: format }).first().click(),
    ]);
    return download;
  }
}
