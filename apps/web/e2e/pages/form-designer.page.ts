import type { Locale, QuestionType } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

/** `/hq/forms/:id`: groups and questions on the left, the phone preview on the right (below on phones). */
export class FormDesignerPage {
  readonly questions: Locator;
  readonly groups: Locator;
  readonly preview: Locator;
  readonly problems: Locator;
  readonly versions: Locator;

  constructor(readonly page: Page) {
    this.questions = page.locator('main li.fd-question');
    this.groups = page.locator('main section.fd-group');
    this.preview = page.locator('main .fd-preview');
    this.problems = page.locator('main .fd-problems');
    this.versions = page.locator('main .fd-versions tbody tr');
  }

  async waitUntilOpen(): Promise<void> {
    await this.page.waitForURL((url) => /^\/hq\/forms\/[^/]+$/.test(url.pathname));
    await this.page.locator('main .fd-editor').waitFor();
  }

  /** Adds a question of the type at the end of a group; the new question opens for editing. */
  async addQuestion(type: QuestionType, group = 0): Promise<Locator> {
    const section = this.groups.nth(group);
    const before = await section.locator('li.fd-question').count();
    await section.locator('[data-field="new-question-type"]').selectOption(type);
    await section.locator('[data-action="add-question"]').click();
    const card = section.locator('li.fd-question').nth(before);
    await card.locator('.fd-question-body').waitFor();
    return card;
  }

  question(id: string): Locator {
    return this.page.locator(`main li.fd-question[data-question-id="${id}"]`);
  }

  field(card: Locator, field: string): Locator {
    return card.locator(`[data-field="${field}"]`);
  }

  /** The error under an expression field, and the character it marks. */
  expressionError(card: Locator, field: string): Locator {
    return card
      .locator('.fd-expression', { has: this.page.locator(`[data-field="${field}"]`) })
      .locator('.field-error');
  }

  async expand(card: Locator): Promise<void> {
    const toggle = card.locator('.fd-question-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  async previewIn(locale: Locale): Promise<void> {
    await this.preview.locator(`.segmented input[value="${locale}"]`).check();
    await this.preview.locator(`.phone[data-preview-locale="${locale}"]`).waitFor();
  }

  previewQuestion(id: string): Locator {
    return this.preview.locator(`.fr-question[data-question="${id}"]`);
  }

  status(): Locator {
    return this.page.locator('main [data-testid="designer-status"]');
  }

  notice(): Locator {
    return this.page.locator('main .alert-success');
  }

  async save(): Promise<void> {
    await this.page.locator('main [data-action="save"]').click();
  }

  publishButton(): Locator {
    return this.page.locator('main [data-action="publish"]');
  }

  version(n: number): Locator {
    return this.page.locator(`main .fd-versions tr[data-version="${n}"]`);
  }
}
