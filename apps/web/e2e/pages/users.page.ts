import type { Locator, Page } from 'playwright-core';

export interface IssuedInvite {
  code: string;
  link: string;
}

/** `/hq/users`: the accounts table, the create dialog and the invite dialog. */
export class UsersPage {
  readonly dialog: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.locator('dialog[open]');
    this.table = page.locator('table.table-users');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/users');
    await this.table.waitFor();
  }

  row(displayName: string): Locator {
    return this.table.locator('tbody tr').filter({ has: this.page.locator('th', { hasText: displayName }) });
  }

  async createObserver(displayName: string): Promise<void> {
    await this.page.locator('.page-header-actions .button-primary').click();
    await this.dialog.locator('#create-role').selectOption('observer');
    await this.dialog.locator('#create-name').fill(displayName);
    await this.dialog.locator('button[type="submit"]').click();
    await this.dialog.locator('.alert-success').waitFor();
  }

  /** Right after creating an observer: "issue invite code" in the same dialog. */
  async issueInviteFromCreateDialog(): Promise<IssuedInvite> {
    await this.dialog.locator('.dialog-actions .button-primary').click();
    return this.readIssuedInvite();
  }

  async issueInviteFromRow(displayName: string): Promise<IssuedInvite> {
    await this.row(displayName).locator('.row-actions .button-secondary').click();
    return this.readIssuedInvite();
  }

  async readIssuedInvite(): Promise<IssuedInvite> {
    const code = this.dialog.locator('[data-testid="invite-code"]');
    await code.waitFor();
    return {
      code: ((await code.textContent()) ?? '').trim(),
      link: await this.dialog.locator('#invite-link').inputValue(),
    };
  }

  async closeDialog(): Promise<void> {
    await this.dialog.locator('.dialog-actions .button-primary').click();
    await this.dialog.waitFor({ state: 'detached' });
  }
}
