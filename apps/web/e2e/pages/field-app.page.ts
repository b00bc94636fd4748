import type { Locator, Page } from 'playwright-core';

/** `/app/*`: the observer's field app — stations, due reports, the form, the outbox. */
export class FieldAppPage {
  constructor(readonly page: Page) {}

  async waitForHome(): Promise<void> {
    await this.page.waitForURL((url) => url.pathname === '/app');
    await this.page.locator('h1.field-greeting').waitFor();
  }

  stationCard(number: number): Locator {
    return this.page.locator('a.fa-station-card', { hasText: String(number) });
  }

  async openStation(number: number): Promise<void> {
    await this.stationCard(number).click();
    await this.page.waitForURL((url) => url.pathname.startsWith('/app/stations/'));
    await this.page.locator('.fa-due').first().waitFor();
  }

  /** A row of the station's due reports: `opening`, `turnout@10:00`, `protocol`… */
  due(key: string): Locator {
    return this.page.locator(`.fa-due[data-due="${key}"]`);
  }

  async startReport(key: string): Promise<void> {
    await this.due(key).locator('a').click();
    await this.page.waitForURL((url) => url.pathname.includes('/new/'));
    await this.page.locator('form.fa-form').waitFor();
  }

  question(id: string): Locator {
    return this.page.locator(`#fa-q-${id}`);
  }

  async answerYes(id: string): Promise<void> {
    await this.page.locator(`#fa-q-${id}-yes`).check();
  }

  async save(): Promise<void> {
    await this.page.locator('form.fa-form button[type="submit"]').click();
    await this.page.waitForURL((url) => url.pathname.startsWith('/app/reports/'));
    await this.page.locator('.fa-entry').first().waitFor();
  }

  async backToStation(): Promise<void> {
    await this.page.locator('a.back-link').click();
    await this.page.locator('.fa-due').first().waitFor();
  }

  async openOutbox(): Promise<void> {
    await this.page.locator('nav.fa-nav a[href="/app/outbox"]').click();
    await this.page.waitForURL((url) => url.pathname === '/app/outbox');
    await this.page.locator('dl.fa-counts').waitFor();
  }

  /** Outbox entries (newest revision of each report) in a given state. */
  entries(state?: 'queued' | 'sending' | 'accepted' | 'attention'): Locator {
    return this.page.locator(state ? `.fa-outbox-item .fa-entry[data-state="${state}"]` : '.fa-outbox-item .fa-entry');
  }

  async checkDelivery(): Promise<string> {
    await this.page.locator('.fa-actions-row button.button-secondary').click();
    const result = this.page.locator('.fa-verify-result');
    await result.waitFor();
    return (await result.textContent()) ?? '';
  }
}
