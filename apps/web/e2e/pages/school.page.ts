import type { Locator, Page } from 'playwright-core';

/** `/school/:token`: a volunteer's school page from their personal link. */
export class SchoolLinkPage {
  constructor(readonly page: Page) {}

  async goto(token: string): Promise<void> {
    await this.page.goto(`/school/${token}`);
    await this.page.locator('#school-title').waitFor();
    await this.page.locator('#classes-title').waitFor();
  }

  async chooseLanguage(label: string): Promise<void> {
    await this.page.locator('.lang-switch button', { hasText: label }).click();
  }

  classCard(title: string): Locator {
    return this.page.locator('[data-testid="school-class"]', { hasText: title });
  }

  async signUp(title: string): Promise<void> {
    await this.classCard(title).locator('button').click();
    await this.classCard(title).locator('.school-state').waitFor();
  }

  async openCourse(title: string): Promise<void> {
    await this.page.locator('[data-testid="school-course"]', { hasText: title }).locator('a').click();
    await this.page.locator('#course-title').waitFor();
  }

  certificate(): Locator {
    return this.page.locator('[data-testid="school-certificate"]');
  }
}

/** `/school/:token/courses/:id`: lessons, then the quiz. Options are chosen by their ids, whatever the order. */
export class SchoolCoursePage {
  constructor(readonly page: Page) {}

  lesson(): Locator {
    return this.page.locator('[data-testid="school-lesson"]');
  }

  async markLessonRead(): Promise<void> {
    await this.lesson().locator('button.button-primary').click();
    await this.lesson().locator('.school-state[data-state="read"]').waitFor();
  }

  quiz(): Locator {
    return this.page.locator('[data-testid="school-quiz"]').first();
  }

  async startQuiz(): Promise<void> {
    await this.quiz().locator('.school-actions button').click();
    await this.quiz().locator('[data-testid="school-question"]').first().waitFor();
  }

  /** Question ids in the order this attempt shows them. */
  async questionOrder(): Promise<string[]> {
    return this.quiz()
      .locator('[data-testid="school-question"]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-question') ?? ''));
  }

  async answer(answers: Record<string, string[]>): Promise<void> {
    for (const [question, options] of Object.entries(answers)) {
      for (const option of options) {
        await this.quiz().locator(`[data-question="${question}"] [data-option="${option}"]`).click();
      }
    }
  }

  async submit(): Promise<Locator> {
    await this.quiz().locator('.school-quiz-form button[type="submit"]').click();
    const result = this.quiz().locator('[data-testid="school-result"]');
    await result.waitFor();
    return result;
  }

  async back(): Promise<void> {
    await this.page.locator('a[href^="/school/"]').first().click();
  }
}

/** `/hq/school/classes/:id`: the trainer's attendance list. */
export class AttendancePage {
  constructor(readonly page: Page) {}

  async goto(classId: string): Promise<void> {
    await this.page.goto(`/hq/school/classes/${classId}`);
    await this.page.locator('[data-testid="attendance-summary"]').waitFor();
  }

  async markPresent(fullName: string): Promise<void> {
    const box = this.page.locator('.attendance-row label', { hasText: fullName }).locator('input');
    // The box shows what the server holds: it turns checked when the answer comes, not on the click
    // (so `check()`, which wants the state at once, failed on a slow machine). Listen before clicking.
    const saved = this.page.waitForResponse((r) => r.url().includes('/attendance') && r.request().method() === 'POST');
    await box.click();
    await saved;
    await this.page.waitForFunction(
      (name) =>
        [...document.querySelectorAll('.attendance-row label')].some(
          (l) => l.textContent?.includes(name) && (l.querySelector('input') as HTMLInputElement).checked,
        ),
      fullName,
    );
  }

  summary(): Locator {
    return this.page.locator('[data-testid="attendance-summary"]');
  }
}
