import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kk } from '../src/i18n/locales/kk.ts';
import { ru } from '../src/i18n/locales/ru.ts';
import { AttendancePage, SchoolCoursePage, SchoolLinkPage } from './pages/school.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { VerifyPage } from './pages/verify.page.ts';
import { expectAccessible } from './support/axe.ts';
import { describeInChromium, launchChromium, newContext, screenshot, takeScreenshots } from './support/browser.ts';
import { currentElection, type HqApi, hqAdmin } from './support/hq-world.ts';
import { type RunningServer, startServer } from './support/server.ts';

const admin = { displayName: 'Сауле Нурланова', email: 'hq@example.org', password: 'степной ветер над алматы' };
const trainer = { displayName: 'Ерлан Тренеров', email: 'trainer@example.org', password: 'учим наблюдателей 2026' };
const volunteer = 'Өмірзақова Әсем Ғалымқызы';
const SMALL_PHONE = { width: 360, height: 780 } as const;
const text = (ru: string, kk: string, en?: string) => ({ ru, kk, ...(en ? { en } : {}) });

/** Final screenshots for review go to /work/notes/screens/20-*.png when that folder exists. */
async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, `school-${name}`);
  const notes = '/work/notes/screens';
  if (!takeScreenshots || process.env.CI) return;
  try {
    mkdirSync(notes, { recursive: true });
    const dir = process.env.POLLWATCH_SHOTS ?? join((await import('node:os')).tmpdir(), 'pollwatch-shots');
    copyFileSync(join(dir, `school-${name}.png`), join(notes, `20-${name}.png`));
  } catch {
    // Only for people reviewing the work; never fails the story.
  }
}

describeInChromium(
  'apps/web/e2e/school.e2e.test.ts',
  'Observer school: link, course in Kazakh, quiz twice, attendance, certificate',
  () => {
    let server: RunningServer;
    let browser: Browser;
    let api: HqApi;
    let phone: BrowserContext;
    let token = '';
    let classId = '';
    let courseId = '';
    let applicantId = '';

    beforeAll(async () => {
      server = await startServer();
      browser = await launchChromium();
      api = await hqAdmin(server, browser, admin);
      const electionId = await currentElection(api, new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
      await api.request.fetch('/api/v1/settings/organisation', {
        method: 'PUT',
        headers: { Origin: server.baseUrl },
        data: {
          name: { ru: 'ОО «Гражданский контроль»', kk: '«Азаматтық бақылау» ҚБ' },
          registration: 'БИН 123456789012, Алматы',
          signatoryName: 'А. Ахметов',
          signatoryTitle: { ru: 'Председатель', kk: 'Төраға' },
        },
      });
      await api.post('/api/v1/users', { role: 'trainer', ...trainer });

      const { course } = await api.post<{ course: { id: string } }>(`/api/v1/elections/${electionId}/school/courses`, {
        title: text('Права наблюдателя', 'Байқаушының құқықтары', 'Observer rights'),
      });
      courseId = course.id;
      await api.post(`/api/v1/school/courses/${courseId}/lessons`, {
        title: text('Что делает наблюдатель', 'Байқаушы не істейді', 'What an observer does'),
        body: text(
          '## На участке\n\n- присутствовать при подсчёте голосов\n- получить копию протокола\n\n<script>alert(1)</script>',
          '## Сайлау учаскесінде\n\n- дауыстарды санау кезінде болу\n- хаттаманың көшірмесін алу\n\n<script>alert(1)</script>',
          '## At the station\n\n- attend the count\n- get a copy of the protocol',
        ),
      });
      const { quiz } = await api.post<{ quiz: { id: string } }>(`/api/v1/school/courses/${courseId}/quizzes`, {
        content: {
          title: text('Тест наблюдателя', 'Байқаушы тесті', 'Observer quiz'),
          passMark: 100,
          questions: [
            {
              id: 'copy',
              kind: 'single',
              text: text(
                'Может ли наблюдатель получить копию протокола?',
                'Байқаушы хаттаманың көшірмесін ала ала ма?',
                'May an observer get a copy of the protocol?',
              ),
              options: [
                { id: 'yes', text: text('Да', 'Иә', 'Yes') },
                { id: 'no', text: text('Нет', 'Жоқ', 'No') },
              ],
              correct: ['yes'],
              explanation: text(
                'Да: копию протокола выдают по требованию наблюдателя.',
                'Иә: хаттаманың көшірмесі байқаушының талабы бойынша беріледі.',
                'Yes: a copy is given at the observer’s request.',
              ),
            },
            {
              id: 'opening',
              kind: 'multiple',
              text: text(
                'Что проверить при открытии?',
                'Ашылу кезінде нені тексеру керек?',
                'What to check at opening?',
              ),
              options: [
                { id: 'empty', text: text('Урны пусты', 'Жәшіктер бос', 'Boxes are empty') },
                { id: 'sealed', text: text('Урны опечатаны', 'Жәшіктер мөрленген', 'Boxes are sealed') },
                { id: 'music', text: text('Играет музыка', 'Музыка ойнап тұр', 'Music is playing') },
              ],
              correct: ['empty', 'sealed'],
              explanation: text(
                'Пустые и опечатанные урны.',
                'Бос және мөрленген жәшіктер.',
                'Empty and sealed boxes.',
              ),
            },
          ],
        },
      });
      await api.request.fetch(`/api/v1/school/courses/${courseId}`, {
        method: 'PATCH',
        headers: { Origin: server.baseUrl },
        data: { published: true },
      });
      await api.request.fetch(`/api/v1/elections/${electionId}/school/rule`, {
        method: 'PUT',
        headers: { Origin: server.baseUrl },
        data: { minClassesAttended: 1, quizIds: [quiz.id] },
      });
      const created = await api.post<{ class: { id: string } }>(`/api/v1/elections/${electionId}/school/classes`, {
        title: text('Занятие в штабе', 'Штабтағы сабақ', 'Class at the HQ'),
        mode: 'in_person',
        startsAt: `${new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)}T18:30`,
        durationMinutes: 90,
        place: 'Алматы, Абай даңғылы, 10',
        capacity: 12,
      });
      classId = created.class.id;

      // The volunteer signed up on the join form; the HQ invites the applicants to the school.
      const form = (await (await fetch(`${server.baseUrl}/api/v1/join/token`)).json()) as {
        token: string;
        minFillSeconds: number;
        consentVersion: string;
      };
      await new Promise((resolve) => setTimeout(resolve, form.minFillSeconds * 1000 + 200));
      const joined = await fetch(`${server.baseUrl}/api/v1/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: server.baseUrl },
        body: JSON.stringify({
          token: form.token,
          fullName: volunteer,
          phone: '+77011234567',
          birthDate: '1995-04-12',
          languages: ['kk', 'ru'],
          availability: ['election_day'],
          consent: true,
          consentVersion: form.consentVersion,
          locale: 'kk',
        }),
      });
      expect(joined.status, await joined.text()).toBeLessThan(300);
      const links = await api.post<{ items: { applicantId: string; fullName: string; url: string }[] }>(
        `/api/v1/elections/${electionId}/school/invitations`,
        {},
      );
      const mine = links.items.find((l) => l.fullName === volunteer);
      token = mine?.url.split('/school/')[1] ?? '';
      applicantId = mine?.applicantId ?? '';
      expect(token).toHaveLength(32);
      phone = await newContext(browser, server.baseUrl, SMALL_PHONE);
    }, 40_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('signs up for a class from the link, takes the course in Kazakh, fails then passes the quiz', async () => {
      const page = await phone.newPage();
      const school = new SchoolLinkPage(page);
      await school.goto(token);
      await school.chooseLanguage(kk.language.names.kk);
      await page.locator('#classes-title', { hasText: kk.school.classes.title }).waitFor();
      await school.signUp('Штабтағы сабақ');
      await expect
        .poll(() => school.classCard('Штабтағы сабақ').locator('.school-state').textContent())
        .toBe(kk.school.classes.signedUp);
      await expectAccessible(page, 'school link');
      await shot(page, 'link-signed-up');

      await school.openCourse('Байқаушының құқықтары');
      const course = new SchoolCoursePage(page);
      // The lesson in Kazakh; the typed <script> is shown as text, never run.
      await expect.poll(() => course.lesson().locator('h2').first().textContent()).toBe('Байқаушы не істейді');
      expect(await course.lesson().locator('.lesson-text li').allTextContents()).toEqual([
        'дауыстарды санау кезінде болу',
        'хаттаманың көшірмесін алу',
      ]);
      expect(await course.lesson().locator('.lesson-text script').count()).toBe(0);
      expect(await course.lesson().locator('.lesson-text').textContent()).toContain('<script>alert(1)</script>');
      await course.markLessonRead();
      await shot(page, 'lesson-kk');

      await course.startQuiz();
      const firstOrder = await course.questionOrder();
      expect(firstOrder.sort()).toEqual(['copy', 'opening']);
      // Each answer shows at once whether it was right, and why.
      const seen = await course.answer({ copy: ['no'], opening: ['empty'] });
      expect(seen.copy?.right).toBe(false);
      expect(seen.copy?.text).toContain('хаттаманың көшірмесі байқаушының талабы бойынша беріледі');
      await expectAccessible(page, 'quiz');
      await shot(page, 'quiz-step');
      const failed = await course.submit();
      expect(await failed.getAttribute('data-passed')).toBe('false');
      expect(await failed.locator('h4').textContent()).toBe(kk.school.course.failedTitle);
      // Explanations after answering.
      expect(await failed.textContent()).toContain('хаттаманың көшірмесі байқаушының талабы бойынша беріледі');
      await shot(page, 'quiz-failed');

      await course.startQuiz();
      await course.answer({ copy: ['yes'], opening: ['empty', 'sealed'] });
      const passed = await course.submit();
      expect(await passed.getAttribute('data-passed')).toBe('true');
      // Not certified yet: the class is still to be attended.
      expect(await passed.locator('[data-testid="school-certified"]').count()).toBe(0);
      await shot(page, 'quiz-passed');
      await page.close();
    }, 45_000);

    it('the trainer marks attendance on a phone; the volunteer is certified, downloads the certificate, and its code verifies', async () => {
      const trainerPhone = await newContext(browser, server.baseUrl, SMALL_PHONE);
      const trainerPage = await trainerPhone.newPage();
      await trainerPage.goto('/sign-in');
      const signIn = new SignInPage(trainerPage);
      await signIn.waitUntilOpen();
      await signIn.signIn(trainer.email, trainer.password);
      await trainerPage.waitForURL((url) => url.pathname.startsWith('/hq'));
      // The trainer's classes, with the funnel; then the class's attendance list.
      await trainerPage.goto('/hq/school');
      await trainerPage.locator('[data-testid="hq-class"]').first().waitFor();
      expect(await trainerPage.locator('[data-testid="funnel-passed"]').textContent()).toBe('1');
      await expectAccessible(trainerPage, 'classes');
      await shot(trainerPage, 'hq-classes');
      const attendance = new AttendancePage(trainerPage);
      await attendance.goto(classId);
      await attendance.markPresent(volunteer);
      await expectAccessible(trainerPage, 'attendance');
      await shot(trainerPage, 'attendance');
      await trainerPhone.close();

      const page = await phone.newPage();
      const school = new SchoolLinkPage(page);
      await school.goto(token);
      await school.certificate().waitFor();
      const codeText = (await school.certificate().locator('p').first().textContent()) ?? '';
      const code = /[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}/.exec(codeText)?.[0] ?? '';
      expect(code).not.toBe('');
      await shot(page, 'certified');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        school.certificate().locator('a').first().click(),
      ]);
      const path = await download.path();
      expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');

      const verify = new VerifyPage(page);
      await verify.goto(code);
      expect(await verify.isValid()).toBe(true);
      expect(await verify.observerName().textContent()).toBe(volunteer);
      expect(await verify.result().locator('h2').textContent()).toBe(kk.school.verify.validTitle);
      expect(await page.locator('h1').textContent()).toBe(kk.school.verify.title);
      await shot(page, 'verified');
      await page.close();
    }, 45_000);

    it('as an observer, finds the same course in the field app, with their progress, readable offline', async () => {
      const { invite } = await api.post<{ invite: { code: string } }>(`/api/v1/applicants/${applicantId}/invite`, {});
      const observerPhone = await newContext(browser, server.baseUrl, SMALL_PHONE);
      const signedIn = await observerPhone.request.post('/api/v1/auth/invite', {
        headers: { Origin: server.baseUrl },
        data: { code: invite.code },
      });
      expect(signedIn.status()).toBe(200);
      const page = await observerPhone.newPage();
      await page.goto('/app/school');
      const card = page.locator('[data-testid="school-course"]').first();
      await card.waitFor();
      // Their progress as a volunteer carries over: the course is complete.
      expect(['Права наблюдателя', 'Байқаушының құқықтары']).toContain(await card.locator('h3').textContent());
      await expectAccessible(page, 'field school');
      await shot(page, 'field-school');
      await card.locator('a').click();
      const course = new SchoolCoursePage(page);
      await course.lesson().waitFor();
      await course.quiz().locator('.school-state[data-state="passed"]').waitFor();
      await shot(page, 'field-course');
      // Offline, the page opened afresh: the course comes from the copy kept on the phone.
      await page.evaluate(() => navigator.serviceWorker?.ready);
      await observerPhone.setOffline(true);
      await page.reload();
      await course.lesson().waitFor();
      const offlineNote = (await page.evaluate(() => document.documentElement.lang)) === 'kk' ? kk : ru;
      await page.getByText(offlineNote.school.home.offline).waitFor();
      expect(await course.lesson().locator('h2').first().textContent()).not.toBe('');
      await shot(page, 'field-offline');
      await observerPhone.setOffline(false);
      await observerPhone.close();
    }, 45_000);
  },
);
