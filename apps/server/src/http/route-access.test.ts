import { type Role, roles, routeAccess } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

type Who = Role | 'anonymous';
type Expect = 'allow' | 'deny';

/**
 * The access policy written out by hand, route by route. It is compared with what the server does,
 * so a change to core's route-access table that nobody meant shows up here.
 */
const everyone: Record<Who, Expect> = {
  anonymous: 'allow',
  admin: 'allow',
  coordinator: 'allow',
  regional_coordinator: 'allow',
  trainer: 'allow',
  analyst: 'allow',
  editor: 'allow',
  observer: 'allow',
};
const signedIn: Record<Who, Expect> = { ...everyone, anonymous: 'deny' };
const only = (...allowed: Role[]): Record<Who, Expect> =>
  Object.fromEntries(
    (['anonymous', ...roles] as Who[]).map((w) => [w, allowed.includes(w as Role) ? 'allow' : 'deny']),
  ) as Record<Who, Expect>;
const hq = only('admin', 'coordinator', 'regional_coordinator');
const stationReaders = only('admin', 'coordinator', 'regional_coordinator', 'analyst');
const formReaders = only('admin', 'coordinator', 'regional_coordinator', 'trainer', 'analyst');

const expected: Record<string, Record<Who, Expect>> = {
  'GET /healthz': everyone,
  'GET /readyz': everyone,
  'GET /api/v1/setup': everyone,
  'POST /api/v1/setup': everyone,
  'POST /api/v1/auth/sign-in': everyone,
  'POST /api/v1/auth/invite': everyone,
  'POST /api/v1/auth/sign-out': everyone,
  'GET /api/v1/me': signedIn,
  'PATCH /api/v1/me': signedIn,
  'POST /api/v1/me/password': signedIn,
  'GET /api/v1/users': hq,
  'POST /api/v1/users': hq,
  'PATCH /api/v1/users/:id': hq,
  'POST /api/v1/users/:id/invites': hq,
  'POST /api/v1/users/:id/sign-out': hq,
  'POST /api/v1/users/:id/lost-phone': hq,
  'GET /api/v1/audit': only('admin'),
  'GET /api/v1/elections': only('admin', 'coordinator', 'regional_coordinator', 'trainer', 'analyst', 'editor'),
  'POST /api/v1/elections': only('admin', 'coordinator'),
  'GET /api/v1/elections/:id': only('admin', 'coordinator', 'regional_coordinator', 'trainer', 'analyst', 'editor'),
  'PATCH /api/v1/elections/:id': only('admin', 'coordinator'),
  'POST /api/v1/elections/:id/current': only('admin', 'coordinator'),
  'GET /api/v1/areas': stationReaders,
  'POST /api/v1/areas': only('admin', 'coordinator'),
  'PATCH /api/v1/areas/:id': only('admin', 'coordinator'),
  'DELETE /api/v1/areas/:id': only('admin', 'coordinator'),
  'GET /api/v1/areas/export': stationReaders,
  'GET /api/v1/elections/:id/stations': stationReaders,
  'POST /api/v1/elections/:id/stations': only('admin', 'coordinator'),
  'GET /api/v1/elections/:id/stations/export': stationReaders,
  'GET /api/v1/stations/:id': stationReaders,
  'PATCH /api/v1/stations/:id': only('admin', 'coordinator'),
  'DELETE /api/v1/stations/:id': only('admin', 'coordinator'),
  'GET /api/v1/elections/:id/forms': formReaders,
  'POST /api/v1/elections/:id/forms': only('admin', 'coordinator'),
  'POST /api/v1/elections/:id/forms/xlsform': only('admin', 'coordinator'),
  'GET /api/v1/forms/:id': formReaders,
  'PUT /api/v1/forms/:id/draft': only('admin', 'coordinator'),
  'POST /api/v1/forms/:id/publish': only('admin', 'coordinator'),
  'POST /api/v1/forms/:id/versions/:version/validate': formReaders,
  'GET /api/v1/elections/:id/assignments': hq,
  'POST /api/v1/elections/:id/assignments': hq,
  'DELETE /api/v1/assignments/:id': hq,
  'GET /api/v1/elections/:id/assignments/export': hq,
  'POST /api/v1/elections/:id/assignment-proposals': hq,
  'POST /api/v1/elections/:id/assignment-proposals/confirm': hq,
  'GET /api/v1/elections/:id/alerts': stationReaders,
  'GET /api/v1/elections/:id/resolutions': only('admin', 'coordinator', 'analyst'),
  'POST /api/v1/elections/:id/resolutions': only('admin', 'coordinator'),
  'GET /api/v1/resolutions/:id': only('admin', 'coordinator', 'analyst'),
  'PUT /api/v1/resolutions/:id/texts': only('admin', 'coordinator'),
  'POST /api/v1/resolutions/:id/approve': only('admin'),
  'GET /api/v1/resolutions/:id/diff': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/resolutions/:id/document': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/overview': hq,
  'GET /api/v1/elections/:id/readiness': hq,
  'GET /api/v1/elections/:id/readiness/visits': hq,
  'POST /api/v1/elections/:id/readiness/visits': hq,
  'DELETE /api/v1/readiness/visits/:id': hq,
  'POST /api/v1/elections/:id/exports': stationReaders,
  'GET /api/v1/exports': stationReaders,
  'GET /api/v1/exports/:id': stationReaders,
  'POST /api/v1/exports/:id/cancel': stationReaders,
  'GET /api/v1/exports/:id/file': stationReaders,
  'GET /api/v1/elections/:id/exports/readiness': stationReaders,
  'GET /api/v1/elections/:id/exports/incidents': stationReaders,
  'GET /api/v1/stations/:id/dossier': stationReaders,
  'GET /api/v1/elections/:id/coverage': hq,
  'GET /api/v1/elections/:id/remarks': stationReaders,
  'POST /api/v1/elections/:id/remarks': hq,
  'POST /api/v1/elections/:id/remarks/bulk': hq,
  'GET /api/v1/remarks/:id': stationReaders,
  'PATCH /api/v1/remarks/:id': hq,
  'DELETE /api/v1/remarks/:id': hq,
  'POST /api/v1/remarks/:id/status': hq,
  'PUT /api/v1/remarks/:id/answer': hq,
  'GET /api/v1/remarks/:id/letter': stationReaders,
  'GET /api/v1/remark-settings': stationReaders,
  'PUT /api/v1/remark-settings': only('admin', 'coordinator'),
  'GET /api/v1/elections/:id/reference-notes': only('admin', 'coordinator', 'trainer'),
  'POST /api/v1/elections/:id/reference-notes': only('admin', 'coordinator', 'trainer'),
  'PUT /api/v1/elections/:id/reference-notes/order': only('admin', 'coordinator', 'trainer'),
  'PATCH /api/v1/reference-notes/:id': only('admin', 'coordinator', 'trainer'),
  'DELETE /api/v1/reference-notes/:id': only('admin', 'coordinator', 'trainer'),
  'GET /api/v1/me/field-pack': signedIn,
  'GET /api/v1/me/reference-notes': signedIn,
  'POST /api/v1/reports': only('observer'),
  'GET /api/v1/elections/:id/reports': stationReaders,
  'GET /api/v1/elections/:id/report-stats': stationReaders,
  'GET /api/v1/reports/:id': stationReaders,
  'GET /api/v1/elections/:id/events': stationReaders,
  'GET /api/v1/elections/:id/conflicts': stationReaders,
  'POST /api/v1/stations/:id/records/:kind': only('admin', 'coordinator'),
  'POST /api/v1/photos/:sha256': only('observer'),
  'GET /api/v1/photos/:sha256': only('observer'),
  'PATCH /api/v1/photos/:sha256': only('observer'),
  'GET /api/v1/photos/:sha256/content': stationReaders,
  'GET /api/v1/elections/:id/verification-queue': hq,
  'GET /api/v1/reports/:id/verification': stationReaders,
  'POST /api/v1/reports/:id/claim': hq,
  'POST /api/v1/reports/:id/release': hq,
  'POST /api/v1/reports/:id/verification': hq,
  'GET /api/v1/me/follow-ups': only('observer'),
  'GET /api/v1/chain/head': everyone,
  // Public to sessions; the webhook's shared secret decides (none in this app: every call is 401).
  'POST /api/v1/channels/sms/inbound': { ...everyone, anonymous: 'deny' },
  'POST /api/v1/channels/telegram/webhook': { ...everyone, anonymous: 'deny' },
  'POST /api/v1/me/telegram-link': only('observer'),
  'GET /api/v1/channels/messages': hq,
  'GET /api/v1/channels/sms-card': hq,
  'GET /api/v1/me/channel-links': only('observer'),
  'POST /api/v1/me/channel-links/unlink': only('observer'),
  'GET /api/v1/users/:id/channel-links': hq,
  'POST /api/v1/users/:id/channel-links/unlink': hq,
  'POST /api/v1/imports': only('admin', 'coordinator', 'analyst'),
  'POST /api/v1/imports/:id/dry-run': only('admin', 'coordinator', 'analyst'),
  'POST /api/v1/imports/:id/apply': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/results/analysis': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/results/comparison': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/results/comparison/export': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/results/official': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/results/areas': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/results/areas/export': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/results/turnout': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/results/turnout/export': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/quick-count/sample-size': only('admin', 'coordinator', 'analyst'),
  'POST /api/v1/elections/:id/quick-count/sample': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/elections/:id/quick-count': only('admin', 'coordinator', 'analyst'),
  'GET /api/v1/join/token': everyone,
  'POST /api/v1/join': everyone,
  'GET /api/v1/public/stats': everyone,
  'GET /api/v1/verify/:code': everyone,
  'GET /api/v1/me/applicant': signedIn,
  'GET /api/v1/applicants': hq,
  'GET /api/v1/applicants/export': hq,
  'GET /api/v1/applicants/duplicates': hq,
  'POST /api/v1/applicants/status': hq,
  'GET /api/v1/applicants/:id': hq,
  'PATCH /api/v1/applicants/:id': hq,
  'POST /api/v1/applicants/:id/status': hq,
  'POST /api/v1/applicants/:id/notes': hq,
  'POST /api/v1/applicants/:id/merge': hq,
  'POST /api/v1/applicants/:id/invite': hq,
  'GET /api/v1/applicants/:id/referrals': hq,
  'POST /api/v1/applicants/:id/referrals': hq,
  'GET /api/v1/referrals/:id/letter': hq,
  'POST /api/v1/elections/:id/referrals/batch': hq,
  'GET /api/v1/settings/organisation': only('admin'),
  'PUT /api/v1/settings/organisation': only('admin'),
  'GET /api/v1/posts': only('admin', 'coordinator', 'editor'),
  'POST /api/v1/posts': only('admin', 'coordinator', 'editor'),
  'GET /api/v1/posts/:id': only('admin', 'coordinator', 'editor'),
  'PATCH /api/v1/posts/:id': only('admin', 'coordinator', 'editor'),
  'PUT /api/v1/posts/:id/cover': only('admin', 'coordinator', 'editor'),
  'GET /api/v1/posts/:id/cover': only('admin', 'coordinator', 'editor'),
  'POST /api/v1/posts/:id/publish': only('admin', 'coordinator', 'editor'),
  'POST /api/v1/posts/:id/unpublish': only('admin', 'coordinator', 'editor'),
  'GET /api/v1/public-dashboards': only('admin', 'coordinator', 'editor'),
  'PUT /api/v1/elections/:id/public-dashboard': only('admin', 'coordinator', 'editor'),
  'POST /api/v1/me/opinions': only('observer'),
  'GET /api/v1/public/posts': everyone,
  'GET /api/v1/public/posts/:slug': everyone,
  'GET /api/v1/public/dashboards': everyone,
  'GET /api/v1/public/dashboards/:slug': everyone,
  'GET /api/v1/public/dashboards/:slug/resolution': everyone,
  'GET /': everyone,
  'GET /news': everyone,
  'GET /news/:slug': everyone,
  'GET /feed/:lang': everyone,
  'GET /dashboard/:slug': everyone,
  'GET /elections/:slug': everyone,
  'GET /media/:file': everyone,
  'GET /site.css': everyone,
  'GET /preferences': everyone,
  'GET /api/v1/elections/:id/school/courses': only('admin', 'coordinator', 'trainer'),
  'POST /api/v1/elections/:id/school/courses': only('admin', 'coordinator', 'trainer'),
  'GET /api/v1/school/courses/:id': only('admin', 'coordinator', 'trainer'),
  'PATCH /api/v1/school/courses/:id': only('admin', 'coordinator', 'trainer'),
  'POST /api/v1/school/courses/:id/lessons': only('admin', 'coordinator', 'trainer'),
  'PUT /api/v1/school/courses/:id/lessons/order': only('admin', 'coordinator', 'trainer'),
  'PUT /api/v1/school/lessons/:id': only('admin', 'coordinator', 'trainer'),
  'DELETE /api/v1/school/lessons/:id': only('admin', 'coordinator', 'trainer'),
  'PUT /api/v1/school/courses/:id/quizzes/order': only('admin', 'coordinator', 'trainer'),
  'POST /api/v1/school/courses/:id/quizzes': only('admin', 'coordinator', 'trainer'),
  'PUT /api/v1/school/quizzes/:id': only('admin', 'coordinator', 'trainer'),
  'GET /api/v1/school/courses/:id/export': only('admin', 'coordinator', 'trainer'),
  'POST /api/v1/elections/:id/school/courses/import': only('admin', 'coordinator', 'trainer'),
  'GET /api/v1/elections/:id/school/rule': only('admin', 'coordinator', 'trainer'),
  'PUT /api/v1/elections/:id/school/rule': only('admin', 'coordinator', 'trainer'),
  'POST /api/v1/elections/:id/school/invitations': hq,
  'GET /api/v1/elections/:id/school/classes': only('admin', 'coordinator', 'regional_coordinator', 'trainer'),
  'POST /api/v1/elections/:id/school/classes': only('admin', 'coordinator', 'trainer'),
  'GET /api/v1/school/classes/:id': only('admin', 'coordinator', 'regional_coordinator', 'trainer'),
  'POST /api/v1/school/classes/:id/attendance': only('admin', 'coordinator', 'regional_coordinator', 'trainer'),
  'GET /api/v1/elections/:id/school/progress': only('admin', 'coordinator', 'regional_coordinator', 'trainer'),
  'GET /api/v1/school/links/:token': everyone,
  'POST /api/v1/school/links/:token/classes/:id/sign-up': everyone,
  'GET /api/v1/school/links/:token/courses/:id': everyone,
  'POST /api/v1/school/links/:token/lessons/:id/complete': everyone,
  'POST /api/v1/school/links/:token/quizzes/:id/attempts': everyone,
  'POST /api/v1/school/links/:token/attempts/:id/answers': everyone,
  'GET /api/v1/school/links/:token/certificate': everyone,
  'POST /api/v1/school/links/:token/classes/:id/cancel': everyone,
  'POST /api/v1/school/links/:token/attempts/:id/questions/:questionId': everyone,
  'PUT /api/v1/school/classes/:id/places': only('admin', 'coordinator', 'trainer'),
  'GET /api/v1/elections/:id/school/reminders': hq,
  'POST /api/v1/school/reminders/:id/called': hq,
  'GET /api/v1/me/school': only('observer'),
  'GET /api/v1/me/school/courses/:id': only('observer'),
  'POST /api/v1/me/school/lessons/:id/complete': only('observer'),
  'POST /api/v1/me/school/quizzes/:id/attempts': only('observer'),
  'POST /api/v1/me/school/attempts/:id/questions/:questionId': only('observer'),
  'POST /api/v1/me/school/attempts/:id/answers': only('observer'),
  'GET /api/docs': everyone,
  'GET /api/docs/*': everyone,
  'GET /*': everyone,
};

/** A concrete request for a route pattern; bodies are deliberately empty: access is decided first. */
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
function concrete(key: string, userId: string): { method: Method; url: string; body?: unknown } {
  const [method, pattern] = key.split(' ') as [Method, string];
  const url = pattern
    .replace(':id', userId)
    .replace(':version', '1')
    .replace(':kind', 'protocol')
    .replace(':sha256', 'a'.repeat(64))
    .replace('/api/docs/*', '/api/docs/json')
    .replace(/^\/\*$/, '/hq/anything');
  return method === 'GET' || method === 'DELETE' ? { method, url } : { method, url, body: {} };
}

describeEachDialect('route access', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(db());
  });
  afterEach(() => t.close());

  it('declares access for every registered route, and every declaration has a route', () => {
    const registered = new Set(t.routes.map((r) => r.replace(/^HEAD /, 'GET ')));
    const patterns = [...registered].map((r) => {
      if (r.startsWith('GET /api/docs/') && r !== 'GET /api/docs/*') return 'GET /api/docs/*';
      return r;
    });
    for (const route of patterns)
      expect(Object.keys(expected), `${route} is missing from the test's policy`).toContain(route);
    for (const key of Object.keys(routeAccess))
      expect(patterns, `${key} is declared but not registered`).toContain(key);
    expect(Object.keys(expected).sort()).toEqual(Object.keys(routeAccess).sort());
  });

  it('allows and denies every route for every role as the policy says', async () => {
    const admin = await t.setupAdmin();
    const cookies: Partial<Record<Who, string>> = { anonymous: undefined, admin };
    for (const role of roles) {
      if (role === 'admin') continue;
      cookies[role] = (await t.signInAs(role, admin)).cookie;
    }
    // Routes on one account act on an observer nobody here is signed in as, so that signing it out
    // everywhere does not end a session the next checks need.
    const target = (
      await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: admin,
        body: { role: 'observer', displayName: 'Цель' },
      })
    ).json().user.id as string;
    const mismatches: string[] = [];
    for (const [key, policy] of Object.entries(expected)) {
      for (const who of ['anonymous', ...roles] as Who[]) {
        // Sign-out would end the session the next checks need: it is covered in the auth tests.
        if (key === 'POST /api/v1/auth/sign-out' && who !== 'anonymous') continue;
        // The SMS webhook ignores sessions (its secret is checked in the channels tests).
        if (key === 'POST /api/v1/channels/sms/inbound' && who !== 'anonymous') continue;
        // So does Telegram's webhook (its secret header is checked in the Telegram tests).
        if (key === 'POST /api/v1/channels/telegram/webhook' && who !== 'anonymous') continue;
        const { method, url, body } = concrete(key, target);
        const response = await t.request({ method, url, body, cookie: cookies[who] });
        const isJson = String(response.headers['content-type']).startsWith('application/json');
        const code = response.statusCode >= 400 && isJson ? response.json().error?.code : undefined;
        const denied = code === 'forbidden' || code === 'unauthenticated';
        const actual: Expect = denied ? 'deny' : 'allow';
        if (actual !== policy[who])
          mismatches.push(`${key} as ${who}: expected ${policy[who]}, got ${response.statusCode} ${code ?? ''}`);
        if (denied) expect(response.statusCode).toBe(who === 'anonymous' ? 401 : 403);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('records a refused staff route in the audit log', async () => {
    const admin = await t.setupAdmin();
    const { cookie, user } = await t.signInAs('analyst', admin);
    const refused = await t.request({ method: 'GET', url: '/api/v1/audit', cookie });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    const log = await t.request({
      method: 'GET',
      url: `/api/v1/audit?outcome=refused&actorId=${user.id}`,
      cookie: admin,
    });
    expect(log.json().items).toEqual([
      expect.objectContaining({
        actorId: user.id,
        actorRole: 'analyst',
        action: 'access.refused',
        outcome: 'refused',
        details: { route: 'GET /api/v1/audit', permission: 'audit.read' },
      }),
    ]);
  });
});
