import { randomUUID } from 'node:crypto';
import type { ApplicantData } from '@pollwatch/db';
import type { TestDb } from '@pollwatch/db/testing';
import { expect } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

/**
 * The shared setup of the observer-school tests: the test app, its first admin (`admin` is the
 * cookie) and one parliamentary election in Almaty named and dated as the test asks.
 */
export async function startSchoolApp(
  db: TestDb,
  election: { name: { ru: string; kk: string }; votingDate: string },
  env: Record<string, string> = {},
): Promise<{ t: TestApp; admin: string; electionId: string }> {
  const t = await startTestApp(db, env);
  const admin = await t.setupAdmin();
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/elections',
    cookie: admin,
    body: { ...election, kind: 'parliamentary', timeZone: 'Asia/Almaty' },
  });
  expect(created.statusCode, created.body).toBe(201);
  return { t, admin, electionId: created.json().election.id as string };
}

/** An applicant of the election written straight to the store, with a random phone; returns its id. */
export async function schoolApplicant(
  t: TestApp,
  electionId: string,
  fullName: string,
  the: Pick<ApplicantData, 'status' | 'locale' | 'languages' | 'userId'>,
): Promise<string> {
  const id = randomUUID();
  await t.store.applicants.create(
    id,
    {
      electionId,
      fullName,
      phone: `+7701${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      email: null,
      iin: null,
      birthDate: null,
      areaId: null,
      languages: the.languages,
      availability: ['election_day'],
      experience: null,
      referralSource: null,
      consentVersion: null,
      consentedAt: null,
      status: the.status,
      statusReason: null,
      idDocument: null,
      locale: the.locale,
      userId: the.userId,
      source: 'hq',
      mergedInto: null,
      anonymisedAt: null,
    },
    t.now(),
  );
  return id;
}

/** Sends the school's personal links (as `admin`) and returns each applicant's token, by applicant id. */
export async function schoolLinkTokens(t: TestApp, admin: string, electionId: string): Promise<Map<string, string>> {
  const links = await t.request({
    method: 'POST',
    url: `/api/v1/elections/${electionId}/school/invitations`,
    cookie: admin,
    body: {},
  });
  expect(links.statusCode, links.body).toBe(200);
  return new Map(
    (links.json().items as { applicantId: string; url: string }[]).map((l) => [
      l.applicantId,
      l.url.split('/school/')[1] as string,
    ]),
  );
}
