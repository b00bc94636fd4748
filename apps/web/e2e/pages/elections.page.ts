import type { BallotOptionKind, ElectionKind } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

export interface ElectionDetails {
  name: { ru: string; kk?: string; en?: string };
  kind: ElectionKind;
  votingDate: string;
  timeZone: string;
  options: { kind: BallotOptionKind; ru: string; kk?: string }[];
}

/** `/hq/elections` (one card per election) and the form at `/hq/elections/new` or `/hq/elections/:id`. */
export class ElectionsPage {
  readonly cards: Locator;
  readonly form: Locator;

  constructor(readonly page: Page) {
    this.cards = page.locator('article.election-card');
    this.form = page.locator('main form.form-wide');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/elections');
    await this.page.locator('main h1').waitFor();
  }

  card(name: string): Locator {
    return this.cards.filter({ has: this.page.locator('h2', { hasText: name }) });
  }

  async openCreateForm(): Promise<void> {
    await this.page.locator('.page-header-actions a.button-primary').click();
    await this.page.waitForURL((url) => url.pathname === '/hq/elections/new');
    await this.page.locator('#election-name-ru').waitFor();
  }

  /** Fills the form; ballot lines are added with "Add a line". */
  async fill(details: ElectionDetails): Promise<void> {
    await this.page.locator('#election-name-ru').fill(details.name.ru);
    if (details.name.kk) await this.page.locator('#election-name-kk').fill(details.name.kk);
    if (details.name.en) await this.page.locator('#election-name-en').fill(details.name.en);
    await this.page.locator('#election-kind').selectOption(details.kind);
    await this.page.locator('#election-voting-date').fill(details.votingDate);
    await this.page.locator('#election-time-zone').fill(details.timeZone);
    for (const [index, option] of details.options.entries()) {
      await this.form.locator('[data-action="add-option"]').click();
      await this.page.locator(`#election-option-${index}-kind`).selectOption(option.kind);
      await this.page.locator(`#election-option-${index}-name-ru`).fill(option.ru);
      if (option.kk) await this.page.locator(`#election-option-${index}-name-kk`).fill(option.kk);
    }
  }

  async submit(): Promise<void> {
    await this.form.locator('button[type="submit"]').click();
  }

  /** The problems listed above the form after a refused submit. */
  problems(): Locator {
    return this.form.locator('.alert-error .problem-list li');
  }

  /** The placeholder of a ballot line's code field: the code made from its name. */
  async derivedCode(index: number): Promise<string> {
    return (await this.page.locator(`#election-option-${index}-code`).getAttribute('placeholder')) ?? '';
  }

  notice(): Locator {
    return this.page.locator('main .alert-success');
  }
}
