import type { AlertKind } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

/** The alerts panel on the live page (`/hq/reports`). */
export class AlertsPanel {
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.panel = page.locator('[data-testid="alerts-panel"]');
  }

  /** The number of open alerts shown in the panel's heading. */
  async open(): Promise<number> {
    const badge = this.panel.locator('.al-open');
    await badge.waitFor();
    return Number(await badge.getAttribute('data-open'));
  }

  items(kind?: AlertKind): Locator {
    return this.panel.locator(kind ? `li.al-item[data-kind="${kind}"]` : 'li.al-item');
  }

  /** The station ids of the alerts of a kind. */
  stationsOf(kind: AlertKind): Promise<(string | null)[]> {
    return this.items(kind).evaluateAll((lis) => lis.map((li) => li.getAttribute('data-station-id')));
  }
}
