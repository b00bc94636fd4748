import type { Locator, Page } from 'playwright-core';

/** `/hq/posts`: the editors' list of posts and the elections' public dashboard switches. */
export class PostsPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/hq/posts');
    await this.page.locator('[data-action="new-post"]').waitFor();
  }

  async newPost(): Promise<void> {
    await this.page.locator('[data-action="new-post"]').click();
    await this.page.waitForURL((url) => url.pathname === '/hq/posts/new');
  }

  row(title: string): Locator {
    return this.page.locator('.posts-table tbody tr', { hasText: title });
  }

  /** The dashboard switch of the election whose name contains `name`. */
  dashboard(name: string): Locator {
    return this.page.locator('.posts-dashboard-list > li', { hasText: name });
  }

  async publishDashboard(name: string): Promise<void> {
    const row = this.dashboard(name);
    await row.locator('button').click();
    await this.page.locator('.posts-dashboard-list > li[data-published]', { hasText: name }).waitFor();
  }
}

/** `/hq/posts/new` and `/hq/posts/:id`: write, save, publish, translate. */
export class PostEditorPage {
  constructor(readonly page: Page) {}

  async fill(post: { title: string; lead: string; body: string; tags?: string }): Promise<void> {
    const form = this.page.locator('form.post-form');
    await form.locator('input[id$="-title"]').fill(post.title);
    await form.locator('textarea[id$="-lead"]').fill(post.lead);
    await form.locator('textarea[id$="-body"]').fill(post.body);
    if (post.tags) await form.locator('input[id$="-tags"]').fill(post.tags);
  }

  language(): Locator {
    return this.page.locator('form.post-form select[id$="-language"]');
  }

  /** Creates the draft; the editor then shows the saved post. */
  async create(): Promise<string> {
    await this.page.locator('[data-action="save"]').click();
    await this.page.waitForURL((url) => /^\/hq\/posts\/[0-9a-f-]{36}$/.test(url.pathname));
    await this.page.locator('[data-action="publish"]').waitFor();
    return new URL(this.page.url()).pathname.split('/').pop() ?? '';
  }

  async publish(): Promise<void> {
    await this.page.locator('[data-action="publish"]').click();
    await this.page.locator('.post-status[data-status="published"]').first().waitFor();
  }

  async addTranslation(language: string): Promise<void> {
    await this.page.locator(`[data-action="translate-${language}"]`).click();
    await this.page.waitForURL((url) => url.pathname === '/hq/posts/new');
    await this.page.locator('form.post-form').waitFor();
  }

  notice(): Locator {
    return this.page.locator('.alert-success');
  }
}
