import type { BrowserContext, Locator, Page } from 'playwright-core';

/** `/app/*`: the observer's field app — stations, due reports, the form, the outbox. */
export class FieldAppPage {
  constructor(readonly page: Page) {}

  async waitForHome(): Promise<void> {
    await this.page.waitForURL((url) => url.pathname === '/app');
    await this.page.locator('h1.field-greeting').waitFor();
  }

  /**
   * Waits until the app can open with no network: its service worker is activated and the
   * observer's pack is in IndexedDB (with reference notes in it, when asked). Each check runs
   * through `page.evaluate`, which awaits the page's promise. (`page.waitForFunction` does not: a
   * predicate that returns a promise counts as true at once, so an async check there waits for
   * nothing.)
   */
  async waitUntilReadyOffline({ withReferenceNotes = false } = {}, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const until = async (what: string, check: () => Promise<boolean>) => {
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`the field app is not ready offline: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await until('the service worker is not activated', () => this.workerActivated());
    await until(withReferenceNotes ? 'no pack with reference notes is stored' : 'no pack is stored', () =>
      this.packStored({ withReferenceNotes }),
    );
  }

  /**
   * Whether the service worker of `/app` is activated now. It is looked up by its scope:
   * `navigator.serviceWorker.ready` follows the URL the page was created at (`/sign-in`, `/invite`).
   */
  workerActivated(): Promise<boolean> {
    return this.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration('/app');
      return registration?.active?.state === 'activated';
    });
  }

  /** Whether a service worker is registered for `/app` (installing, waiting or active). */
  workerRegistered(): Promise<boolean> {
    return this.page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/app')) !== undefined);
  }

  /** Whether an observer's pack is in IndexedDB now (with reference notes in it, when asked). */
  packStored({ withReferenceNotes = false } = {}): Promise<boolean> {
    return this.page.evaluate(
      (withNotes) =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('pollwatch-field');
          // Not created yet: leave its creation to the app.
          open.onupgradeneeded = () => open.transaction?.abort();
          open.onerror = () => resolve(false);
          open.onsuccess = () => {
            const db = open.result;
            const get = db.transaction('meta').objectStore('meta').getAll();
            get.onsuccess = () => {
              db.close();
              resolve(
                get.result.some((value: { pack?: { referenceNotes?: unknown[] } } | undefined) =>
                  withNotes ? (value?.pack?.referenceNotes?.length ?? 0) > 0 : value?.pack !== undefined,
                ),
              );
            };
            get.onerror = () => {
              db.close();
              resolve(false);
            };
          };
        }),
      withReferenceNotes,
    );
  }

  /** The one-line "ready to work offline" status of the field app's screens. */
  readiness(): Locator {
    return this.page.locator('p.fa-ready[role="status"]');
  }

  /** The status's text now ('' while the app does not know yet). */
  async readinessText(): Promise<string> {
    return ((await this.readiness().textContent()) ?? '').trim();
  }

  /**
   * Every text the readiness status shows in this browser context, in order, from the first page
   * on: call before the page opens, read with `readinessHistory`.
   */
  static async recordReadiness(context: BrowserContext): Promise<void> {
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __readiness: string[] }).__readiness = seen;
      const note = () => {
        const text = document.querySelector('p.fa-ready')?.textContent?.trim() ?? '';
        if (text && text !== seen.at(-1)) seen.push(text);
      };
      new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
    });
  }

  readinessHistory(): Promise<string[]> {
    return this.page.evaluate(() => [...((window as unknown as { __readiness?: string[] }).__readiness ?? [])]);
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

  /** Starts the opening report of the open station and answers it as a calm opening at `arrival`. */
  async fillOpening(arrival: string): Promise<void> {
    await this.startReport('opening');
    await this.question('arrival_time').fill(arrival);
    await this.answerYes('admitted');
    await this.answerYes('opened_on_time');
    await this.answerYes('boxes_empty_sealed');
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
