import type { Locator, Page } from 'playwright-core';

/** `/hq/reference`: the HQ's reference notes for observers — list, editor in ru/kk/en, preview. */
export class ReferenceNotesPage {
  readonly editor: Locator;

  constructor(readonly page: Page) {
    this.editor = page.locator('section.rn-editor');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/reference');
    await this.page.locator('main h1').waitFor();
  }

  async startNew(): Promise<void> {
    await this.page.locator('[data-action="add-note"]').click();
    await this.editor.waitFor();
  }

  async fill(language: 'ru' | 'kk' | 'en', title: string, body: string): Promise<void> {
    await this.page.locator(`#note-${language}-title`).fill(title);
    await this.page.locator(`#note-${language}-body`).fill(body);
  }

  async save(): Promise<void> {
    await this.editor.locator('[data-action="save-note"]').click();
  }

  preview(): Locator {
    return this.editor.locator('.rn-preview .note-text');
  }

  notice(): Locator {
    return this.page.locator('main .alert-success');
  }

  titles(): Promise<string[]> {
    return this.page.locator('.rn-item h2').allTextContents();
  }
}

/** `/app/reference` in the observer's field app: the notes from the cached pack. */
export class FieldReferencePage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('nav.fa-nav a[href="/app/reference"]').click();
    await this.page.waitForURL((url) => url.pathname === '/app/reference');
    await this.page.locator('main h1').waitFor();
  }

  note(title: string): Locator {
    return this.page.locator('details.fa-note', { has: this.page.locator('summary', { hasText: title }) });
  }

  async expand(title: string): Promise<void> {
    await this.note(title).locator('summary').click();
    await this.note(title).locator('.note-text').waitFor();
  }
}
