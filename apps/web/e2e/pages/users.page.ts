import type { Locator, Page } from 'playwright-core';

export interface StaffDetails {
  role: string;
  displayName: string;
  email: string;
  password: string;
  /** A regional coordinator's area, by the (indented) name shown in the select. */
  areaName?: string;
}

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

  /** The display names of the accounts in the table, in its order. */
  async displayNames(): Promise<string[]> {
    return (await this.table.locator('tbody tr th').allTextContents()).map((name) => name.trim());
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

  async createStaff(staff: StaffDetails): Promise<void> {
    await this.page.locator('.page-header-actions .button-primary').click();
    await this.dialog.locator('#create-role').selectOption(staff.role);
    await this.dialog.locator('#create-name').fill(staff.displayName);
    await this.dialog.locator('#create-email').fill(staff.email);
    await this.dialog.locator('#create-password').fill(staff.password);
    if (staff.areaName) {
      const area = this.dialog.locator('#create-area');
      await area.locator('option', { hasText: staff.areaName }).first().waitFor({ state: 'attached' });
      const value = await area.locator('option', { hasText: staff.areaName }).first().getAttribute('value');
      await area.selectOption(value ?? '');
    }
    await this.dialog.locator('button[type="submit"]').click();
    await this.dialog.locator('.alert-success').waitFor();
  }

  /** "Done" in the create dialog after an account was created. */
  async finishCreate(): Promise<void> {
    await this.dialog.locator('.dialog-actions .button-quiet').click();
    await this.dialog.waitFor({ state: 'detached' });
  }

  signOutEverywhereButton(displayName: string): Locator {
    return this.row(displayName).locator('[data-action="sign-out-everywhere"]');
  }

  /** Opens the confirmation for ending every session of the account; confirm with `confirmDialog`. */
  async askSignOutEverywhere(displayName: string): Promise<void> {
    await this.signOutEverywhereButton(displayName).click();
    await this.dialog.waitFor();
  }

  async confirmDialog(): Promise<void> {
    await this.dialog.locator('.dialog-actions .button-primary').click();
    await this.dialog.waitFor({ state: 'detached' });
  }

  /** The success notice above the table. */
  notice(): Locator {
    return this.page.locator('main .alert-success');
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
