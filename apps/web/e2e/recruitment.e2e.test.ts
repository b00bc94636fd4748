import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kk } from '../src/i18n/locales/kk.ts';
import { ru } from '../src/i18n/locales/ru.ts';
import { ApplicantsPage } from './pages/applicants.page.ts';
import { ImportWizardPage } from './pages/import-wizard.page.ts';
import { JoinPage } from './pages/join.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { UsersPage } from './pages/users.page.ts';
import { VerifyPage } from './pages/verify.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, screenshot } from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

const admin = { displayName: 'Сауле Нурланова', email: 'hq@example.org', password: 'степной ветер над алматы' };
const regional = {
  displayName: 'Данияр Медеуов',
  email: 'medeu@example.org',
  password: 'горный воздух медеу 2026',
};
const volunteer = {
  fullName: 'Әсем Ғалымқызы Өмірзақова',
  phone: '8 (701) 123-45-67',
  birthDate: '1990-03-15',
  languages: ['kk', 'ru'],
  availability: ['election_day', 'counting'],
};
const SMALL_PHONE = { width: 360, height: 780 } as const;
const shot = (page: Page, name: string, fullPage = true) => screenshot(page, `recruit-${name}`, { fullPage });

/** A voting day two months from now: the volunteer must be 18 on it. */
const votingDay = new Date(Date.now() + 60 * 24 * 3600_000).toISOString().slice(0, 10);

describeInChromium('apps/web/e2e/recruitment.e2e.test.ts', 'Recruitment: join, pipeline, referral letter', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminContext: BrowserContext;
  let districtId = '';
  let code = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const response = await fetch(setupApi(server), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(response.status).toBe(201);
    adminContext = await newContext(browser, server.baseUrl, DESKTOP);
    const signedIn = await adminContext.request.post('/api/v1/auth/sign-in', {
      headers: { Origin: server.baseUrl },
      data: { email: admin.email, password: admin.password },
    });
    expect(signedIn.status()).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function adminCall<T>(method: 'POST' | 'PUT', path: string, data?: unknown): Promise<T> {
    const response = await adminContext.request.fetch(path, { method, headers: { Origin: server.baseUrl }, data });
    expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  it('sets up an election, a district with a station, the letterhead and its regional coordinator', async () => {
    const { election } = await adminCall<{ election: { id: string; isCurrent: boolean } }>(
      'POST',
      '/api/v1/elections',
      {
        name: { ru: 'Выборы Президента', kk: 'Президент сайлауы' },
        kind: 'presidential',
        votingDate: votingDay,
        timeZone: 'Asia/Almaty',
      },
    );
    if (!election.isCurrent) await adminCall('POST', `/api/v1/elections/${election.id}/current`);
    const { area: region } = await adminCall<{ area: { id: string } }>('POST', '/api/v1/areas', {
      parentId: null,
      level: 'region',
      name: { ru: 'Алматы', kk: 'Алматы' },
    });
    const { area: district } = await adminCall<{ area: { id: string } }>('POST', '/api/v1/areas', {
      parentId: region.id,
      level: 'district',
      name: { ru: 'Медеуский район', kk: 'Медеу ауданы' },
    });
    districtId = district.id;
    await adminCall('POST', `/api/v1/elections/${election.id}/stations`, {
      areaId: district.id,
      number: 45,
      address: 'Алматы, ул. Шаһар, 5',
    });
    await adminCall('PUT', '/api/v1/settings/organisation', {
      name: { ru: 'ОО «За честные выборы»', kk: '«Әділ сайлау үшін» ҚБ' },
      registration: 'БИН 123456789012',
      signatoryName: 'Һәкімжан Нұрланұлы',
      signatoryTitle: { ru: 'Председатель', kk: 'Төраға' },
    });
    await adminCall('POST', '/api/v1/users', { role: 'regional_coordinator', ...regional, areaId: district.id });
  });

  it('a volunteer signs up in Kazakh on a small phone, with the district link', async () => {
    const context = await newContext(browser, server.baseUrl, SMALL_PHONE);
    const page = await context.newPage();
    const join = new JoinPage(page);
    await join.goto(`?area=${districtId}`);
    await join.switchLanguage('kk');
    await expect.poll(() => page.locator('h1').textContent()).toBe(kk.join.title);
    expect(await join.consentText().textContent()).toContain('Дербес деректер');

    // Instant checks from core's validators, in Kazakh.
    await page.locator('#join-phone').fill('8 727 250 00 00');
    await page.locator('#join-fullName').click();
    await expect.poll(() => join.fieldError('phone').textContent()).toBe(kk.errors.phone_not_kz_mobile);
    await expectAccessible(page, '/join (kk)');
    await shot(page, 'join-kk');

    await join.fill(volunteer);
    await join.submit();
    await join.done().waitFor({ timeout: 30_000 });
    expect(await join.done().locator('h1').textContent()).toBe(kk.join.doneTitle);
    await expectAccessible(page, '/join done');
    await shot(page, 'join-done');
    await context.close();
  });

  it('the regional coordinator moves them to accredited and issues the referral letter', async () => {
    const context = await newContext(browser, server.baseUrl, DESKTOP);
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(regional.email, regional.password);
    await page.waitForURL((url) => url.pathname.startsWith('/hq'));

    const applicants = new ApplicantsPage(page);
    await applicants.goto();
    await applicants.row(volunteer.fullName).waitFor();
    expect(await applicants.row(volunteer.fullName).textContent()).toContain('+7 701 123 45 67');
    await expectAccessible(page, '/hq/applicants');
    await shot(page, 'hq-applicants');

    await applicants.open(volunteer.fullName);
    for (const status of ['contacted', 'in_training', 'certified', 'accredited'] as const) {
      await applicants.moveTo(ru.recruitment.statuses[status], status);
    }
    await applicants.setIdDocument('045678912');
    code = await applicants.issueReferral(45, 'kk');
    expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    await expectAccessible(page, '/hq/applicants/:id');
    await shot(page, 'hq-applicant');

    const download = await applicants.downloadLetter('PDF');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });

  it("the letter's code verifies publicly at /verify/<code>, showing the name", async () => {
    const context = await newContext(browser, server.baseUrl, SMALL_PHONE);
    const page = await context.newPage();
    const verify = new VerifyPage(page);
    await verify.goto(code);
    expect(await verify.isValid()).toBe(true);
    expect(await verify.observerName().textContent()).toBe(volunteer.fullName);
    await expectAccessible(page, '/verify/:code');
    await shot(page, 'verify');

    await verify.goto('AAAA-BBBB-CCCC-DDDD');
    expect(await verify.isValid()).toBe(false);
    await shot(page, 'verify-invalid');
    await context.close();
  });

  it('the HQ imports a roster through the wizard: a landline is refused with its reason, then the fixed file lands', async () => {
    const page = await adminContext.newPage();
    const wizard = new ImportWizardPage(page);
    const dir = join(tmpdir(), `pollwatch-roster-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    const bad = join(dir, 'roster-bad.csv');
    writeFileSync(
      bad,
      '\uFEFFФИО;Телефон;Дата рождения\r\nҚайрат Нұрланұлы Сейітов;+7 701 555 11 22;1985-06-01\r\nГүлнар Әбенова;+7 727 250 00 00;1992-01-20\r\n',
    );
    await wizard.goto('applicants');
    await expect.poll(() => page.locator('main#main h1').first().textContent()).toBe(ru.imports.titleApplicants);
    await wizard.upload(bad);
    expect(await wizard.mappedHeader('fullName')).toBe('ФИО');
    expect(await wizard.mappedHeader('phone')).toBe('Телефон');
    expect(await wizard.check()).toMatchObject({ rows: 2, added: 1, rejected: 1 });
    const [problem] = await wizard.problems();
    expect(problem?.line).toBe('3');
    expect(problem?.problem).toContain(ru.errors.phone_not_kz_mobile);

    const good = join(dir, 'roster.csv');
    writeFileSync(
      good,
      '\uFEFFФИО;Телефон;Дата рождения\r\nҚайрат Нұрланұлы Сейітов;+7 701 555 11 22;1985-06-01\r\nГүлнар Әбенова;+7 702 250 00 00;1992-01-20\r\n',
    );
    await wizard.startOver();
    await wizard.upload(good);
    expect(await wizard.check()).toMatchObject({ rows: 2, added: 2, rejected: 0 });
    await wizard.apply();
    const list = await adminContext.request.get('/api/v1/applicants?q=%D3%98%D0%B1%D0%B5%D0%BD%D0%BE%D0%B2%D0%B0');
    expect((await list.json()).items.map((a: { fullName: string }) => a.fullName)).toEqual(['Гүлнар Әбенова']);
    await page.close();
  });

  it('the admin gives a new regional coordinator their area in the create dialog', async () => {
    const page = await adminContext.newPage();
    const users = new UsersPage(page);
    await users.goto();
    const email = 'almaly@example.org';
    await users.createStaff({
      role: 'regional_coordinator',
      displayName: 'Алмалы Үйлестіруші',
      email,
      password: 'тау самалы алмалы 2026',
      areaName: 'Медеуский район',
    });
    await users.finishCreate();
    const list = await adminContext.request.get(`/api/v1/users?q=${encodeURIComponent(email)}`);
    const [created] = (await list.json()).items as { areaId: string | null }[];
    expect(created?.areaId).toBe(districtId);
    await page.close();
  });
});
