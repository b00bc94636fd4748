import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { CourseEditorPage } from './pages/course-editor.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { expectAccessible } from './support/axe.ts';
import { describeInChromium, launchChromium, newContext, screenshot, takeScreenshots } from './support/browser.ts';
import { currentElection, type HqApi, hqAdmin } from './support/hq-world.ts';
import { type RunningServer, startServer } from './support/server.ts';

const admin = { displayName: 'Сауле Нурланова', email: 'hq@example.org', password: 'степной ветер над алматы' };
const trainer = { displayName: 'Ерлан Тренеров', email: 'trainer@example.org', password: 'учим наблюдателей 2026' };
const t = (ru: string, kk: string) => ({ ru, kk });

/** Screenshots for review also go to /work/notes/screens/20-*.png on the machine that built this. */
async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, `course-editor-${name}`);
  if (!takeScreenshots || process.env.CI) return;
  try {
    mkdirSync('/work/notes/screens', { recursive: true });
    const dir = process.env.POLLWATCH_SHOTS ?? join((await import('node:os')).tmpdir(), 'pollwatch-shots');
    copyFileSync(join(dir, `course-editor-${name}.png`), join('/work/notes/screens', `20-editor-${name}.png`));
  } catch {
    // Only for people reviewing the work.
  }
}

describeInChromium('apps/web/e2e/course-editor.e2e.test.ts', 'Observer school: a trainer writes a course', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: HqApi;
  let electionId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    api = await hqAdmin(server, browser, admin);
    electionId = await currentElection(api, new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
    await api.post('/api/v1/users', { role: 'trainer', ...trainer });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a course with one lesson (live preview, inert HTML) and a two-question quiz, then publishes it', async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await new SignInPage(page).signIn(trainer.email, trainer.password);
    await page.waitForURL((url) => url.pathname.startsWith('/hq'));
    const editor = new CourseEditorPage(page);
    await editor.openCourses();
    await editor.createCourse(t('Копия протокола', 'Хаттама көшірмесі'));
    expect(await editor.courseStatus().textContent()).toBe(ru.school.editor.draftNote);

    await editor.addLesson();
    await editor.fillText('lesson-title', t('Как получить копию', 'Көшірмені қалай алуға болады'));
    await editor.writeLessonText(
      'ru',
      'Русский',
      '## На участке\n\n- попросите **заверенную** копию\n\n<img src=x onerror=alert(1)>',
    );
    // The preview is drawn as the learner sees it, while typing: Markdown formatted, HTML inert.
    await editor.preview().locator('h2').waitFor();
    expect(await editor.preview().locator('strong').textContent()).toBe('заверенную');
    expect(await editor.preview().locator('img').count()).toBe(0);
    expect(await editor.preview().textContent()).toContain('<img src=x onerror=alert(1)>');
    await editor.writeLessonText('kk', 'Қазақша', '## Учаскеде\n\n- **куәландырылған** көшірмені сұраңыз');
    expect(await editor.preview().locator('h2').textContent()).toBe('Учаскеде');
    await expectAccessible(page, 'lesson editor');
    await shot(page, 'lesson');
    await editor.save();
    await editor.backToCourse();
    expect(await page.locator('[data-testid="editor-lesson"]').count()).toBe(1);

    await editor.addQuiz();
    await editor.fillText('quiz-title', t('Тест о протоколе', 'Хаттама туралы тест'));
    await page.locator('#quiz-pass-mark').fill('50');
    await editor.writeQuestion(1, {
      kind: 'single',
      text: t('Можно ли получить копию протокола?', 'Хаттаманың көшірмесін алуға бола ма?'),
      options: [
        { text: t('Да', 'Иә'), right: true },
        { text: t('Нет', 'Жоқ'), right: false },
      ],
      explanation: t('Да, заверенную.', 'Иә, куәландырылған.'),
    });
    await editor.writeQuestion(2, {
      kind: 'multiple',
      text: t('Что сверить?', 'Нені салыстыру керек?'),
      options: [
        { text: t('Цифры', 'Сандар'), right: true },
        { text: t('Подписи', 'Қолдар'), right: true },
        { text: t('Погоду', 'Ауа райы'), right: false },
      ],
      explanation: t('Цифры и подписи.', 'Сандар мен қолдар.'),
    });
    await shot(page, 'quiz');
    await editor.save();
    await editor.backToCourse();

    await page.locator('.course-actions button.button-primary').click();
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="course-status"]')?.textContent === text,
      ru.school.editor.publishedNote,
    );
    await shot(page, 'course');

    const { items } = await api.get<{
      items: {
        course: { id: string; published: boolean };
        lessons: { body: { kk: string } }[];
        quizzes: { content: { passMark: number; questions: { kind: string; correct: string[] }[] } }[];
      }[];
    }>(`/api/v1/elections/${electionId}/school/courses`);
    expect(items).toHaveLength(1);
    const [course] = items;
    expect(course?.course.published).toBe(true);
    expect(course?.lessons[0]?.body.kk).toContain('**куәландырылған**');
    expect(course?.quizzes[0]?.content.passMark).toBe(50);
    expect(course?.quizzes[0]?.content.questions.map((q) => [q.kind, q.correct.length])).toEqual([
      ['single', 1],
      ['multiple', 2],
    ]);

    // A course folder with a mistake, zipped by zip(1) and uploaded: each problem named, nothing made.
    const dir = mkdtempSync(join(tmpdir(), 'pw-course-upload-'));
    mkdirSync(join(dir, 'course', 'lessons'), { recursive: true });
    const manifest = {
      format: 1,
      title: { ru: 'Из папки' },
      lessons: [{ key: 'a', files: { ru: 'lessons/01-a.ru.md', kk: 'lessons/01-a.kk.md' } }],
      quizzes: [],
    };
    writeFileSync(join(dir, 'course', 'course.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(dir, 'course', 'lessons', '01-a.ru.md'), '---\ntitle: Урок\n---\n\nТекст\n');
    execFileSync('zip', ['-qr', 'course.zip', 'course'], { cwd: dir });
    await page.goto('/hq/school/courses');
    await page.locator('#course-import-file').setInputFiles(join(dir, 'course.zip'));
    await page.locator('.course-import button[type="submit"]').click();
    const problems = page.locator('[data-testid="course-import-problems"] li');
    await problems.first().waitFor();
    expect(await problems.allTextContents()).toEqual([
      'course.json, /title: не заполнено поле «kk»',
      'course.json, /lessons/0/files/kk: файла lessons/01-a.kk.md нет в папке',
    ]);
    await shot(page, 'upload-problems');
    expect(await page.locator('[data-testid="editor-course"]').count()).toBe(1);

    // A lesson nobody has finished is deleted from the course page, after a confirmation.
    const courseId = course?.course.id ?? '';
    await api.post(`/api/v1/school/courses/${courseId}/lessons`, {
      title: t('Лишний урок', 'Артық сабақ'),
      body: t('Текст', 'Мәтін'),
    });
    await page.goto(`/hq/school/courses/${courseId}`);
    const lessons = page.locator('[data-testid="editor-lesson"]');
    await lessons.nth(1).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await lessons.nth(1).locator('[data-testid="delete-lesson"]').click();
    await page.getByText(ru.school.editor.lessonDeleted).waitFor();
    // The note shows when the delete answers; the list drops the row when its refetch lands.
    await lessons.nth(1).waitFor({ state: 'detached' });
    expect(await lessons.count()).toBe(1);
    await context.close();
  }, 60_000);
});
