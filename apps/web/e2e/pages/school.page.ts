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
    const order = await this.quiz().locator('.school-quiz-form').getAttribute('data-order');
    return (order ?? '').split(' ').filter(Boolean);
  }

  /**
   * Answers the questions one at a time, in the attempt's order: choose, answer, read the
   * explanation (returned by question id, with whether it was right), next — up to the last one,
   * whose "finish" `submit()` presses.
   */
  async answer(answers: Record<string, string[]>): Promise<Record<string, { right: boolean; text: string }>> {
    const seen: Record<string, { right: boolean; text: string }> = {};
    const order = await this.questionOrder();
    for (const [i, question] of order.entries()) {
      const fieldset = this.quiz().locator(`[data-testid="school-question"][data-question="${question}"]`);
      await fieldset.waitFor();
      for (const option of answers[question] ?? []) await fieldset.locator(`[data-option="${option}"]`).click();
      await this.quiz().locator('[data-testid="school-check"]').click();
      const feedback = this.quiz().locator('[data-testid="school-feedback"]');
      await feedback.waitFor();
      seen[question] = {
        right: (await feedback.getAttribute('data-right')) === 'true',
        text: (await feedback.textContent()) ?? '',
      };
      if (i < order.length - 1) await this.quiz().locator('[data-testid="school-next"]').click();
    }
    return seen;
  }

  async submit(): Promise<Locator> {
    await this.quiz().locator('[data-testid="school-next"]').click();
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
