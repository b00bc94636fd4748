import type { Locator, Page } from 'playwright-core';

type Text = { ru: string; kk: string; en?: string };

/** `/hq/school/courses` and the editor under it: a course, its lessons and its quizzes. */
export class CourseEditorPage {
  constructor(readonly page: Page) {}

  async openCourses(): Promise<void> {
    await this.page.goto('/hq/school/courses');
    await this.page.locator('.page-header h1').waitFor();
  }

  /** Fills the three fields `${prefix}-ru|kk|en` of a text. */
  async fillText(prefix: string, text: Text): Promise<void> {
    await this.page.locator(`#${prefix}-ru`).fill(text.ru);
    await this.page.locator(`#${prefix}-kk`).fill(text.kk);
    if (text.en) await this.page.locator(`#${prefix}-en`).fill(text.en);
  }

  async createCourse(title: Text): Promise<void> {
    await this.page.locator('.page-header button.button-primary').click();
    await this.page.locator('dialog #course-title-ru').waitFor();
    await this.fillText('course-title', title);
    await this.page.locator('dialog button[type="submit"]').click();
    await this.page.waitForURL((url) => /\/hq\/school\/courses\/[\w-]+$/.test(url.pathname));
    await this.page.locator('#course-settings-title').waitFor();
  }

  async addLesson(): Promise<void> {
    await this.page.locator('a[href$="/lessons/new"]').click();
    await this.page.locator('#lesson-title-ru').waitFor();
  }

  /** Chooses the language whose text is edited, then types it. */
  async writeLessonText(language: 'ru' | 'kk' | 'en', languageName: string, markdown: string): Promise<void> {
    await this.page.locator('.lesson-languages button', { hasText: languageName }).click();
    await this.page.locator(`#lesson-body-${language}`).fill(markdown);
  }

  preview(): Locator {
    return this.page.locator('[data-testid="lesson-preview"] .lesson-text');
  }

  /** Submits the form and waits for the success notice; a refusal fails with its message. */
  async save(): Promise<void> {
    await this.page.locator('form.course-form button[type="submit"]').click();
    const notice = this.page.locator('form.course-form .alert-success, form.course-form .alert-error').first();
    await notice.waitFor();
    if (await notice.evaluate((e) => e.classList.contains('alert-error'))) {
      throw new Error(`the save was refused: ${await notice.textContent()}`);
    }
  }

  async backToCourse(): Promise<void> {
    await this.page.locator('.page-header p a').first().click();
    await this.page.locator('#course-settings-title').waitFor();
  }

  async addQuiz(): Promise<void> {
    await this.page.locator('a[href$="/quizzes/new"]').click();
    await this.page.locator('#quiz-title-ru').waitFor();
  }

  /** Question `n` (from 1): its kind, text, options (the right ones ticked) and explanation. */
  async writeQuestion(
    n: number,
    q: { kind: 'single' | 'multiple'; text: Text; options: { text: Text; right: boolean }[]; explanation: Text },
  ): Promise<void> {
    const p = `question-${n}`;
    if (n > 1) await this.page.locator('button', { hasText: 'Добавить вопрос' }).click();
    await this.page.locator(`#${p}-kind`).selectOption(q.kind);
    await this.fillText(`${p}-text`, q.text);
    for (const [i, option] of q.options.entries()) {
      if (i >= 2)
        await this.page
          .locator(`[data-testid="quiz-question"]:nth-child(${n}) button`, { hasText: 'Добавить вариант' })
          .click();
      await this.fillText(`${p}-option-${i + 1}`, option.text);
      const box = this.page.locator(`#${p}-option-${i + 1}-correct`);
      if (option.right !== (await box.isChecked())) await box.click();
    }
    await this.fillText(`${p}-explanation`, q.explanation);
  }

  courseStatus(): Locator {
    return this.page.locator('[data-testid="course-status"]');
  }
}
