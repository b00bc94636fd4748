import type { Permission } from './permissions.ts';

/**
 * Who may call each route, in one table. The server refuses to start with a route missing here,
 * and a test fails for an entry with no route.
 * - `public`: anyone, signed in or not;
 * - `signed-in`: any signed-in user, whatever the role;
 * - a permission: only roles that hold it (see permissions.ts).
 */
export type RouteAccess = 'public' | 'signed-in' | Permission;

export const routeAccess = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',

  'GET /api/v1/setup': 'public',
  'POST /api/v1/setup': 'public',

  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/invite': 'public',
  'POST /api/v1/auth/sign-out': 'public',

  'GET /api/v1/me': 'signed-in',
  'PATCH /api/v1/me': 'signed-in',
  'POST /api/v1/me/password': 'signed-in',

  'GET /api/v1/users': 'users.read',
  'POST /api/v1/users': 'observers.manage',
  'PATCH /api/v1/users/:id': 'observers.manage',
  'POST /api/v1/users/:id/invites': 'observers.manage',
  'POST /api/v1/users/:id/sign-out': 'observers.manage',
  'POST /api/v1/users/:id/lost-phone': 'observers.manage',

  'GET /api/v1/audit': 'audit.read',

  'GET /api/v1/elections': 'elections.read',
  'POST /api/v1/elections': 'elections.manage',
  'GET /api/v1/elections/:id': 'elections.read',
  'PATCH /api/v1/elections/:id': 'elections.manage',
  'POST /api/v1/elections/:id/current': 'elections.manage',

  'GET /api/v1/areas': 'stations.read',
  'POST /api/v1/areas': 'stations.manage',
  'PATCH /api/v1/areas/:id': 'stations.manage',
  'DELETE /api/v1/areas/:id': 'stations.manage',
  'GET /api/v1/areas/export': 'stations.read',

  'GET /api/v1/elections/:id/stations': 'stations.read',
  'POST /api/v1/elections/:id/stations': 'stations.manage',
  'GET /api/v1/elections/:id/stations/export': 'stations.read',
  'GET /api/v1/stations/:id': 'stations.read',
  'PATCH /api/v1/stations/:id': 'stations.manage',
  'DELETE /api/v1/stations/:id': 'stations.manage',

  'GET /api/v1/elections/:id/forms': 'forms.read',
  'POST /api/v1/elections/:id/forms': 'forms.manage',
  /** An XLSForm workbook as the raw body: becomes a new form's draft. */
  'POST /api/v1/elections/:id/forms/xlsform': 'forms.manage',
  'GET /api/v1/forms/:id': 'forms.read',
  'PUT /api/v1/forms/:id/draft': 'forms.manage',
  'POST /api/v1/forms/:id/publish': 'forms.manage',
  'POST /api/v1/forms/:id/versions/:version/validate': 'forms.read',

  'GET /api/v1/elections/:id/assignments': 'assignments.read',
  'POST /api/v1/elections/:id/assignments': 'assignments.manage',
  'DELETE /api/v1/assignments/:id': 'assignments.manage',
  /** Assignments in the import columns (region, number, observer, shift): imports back unchanged. */
  'GET /api/v1/elections/:id/assignments/export': 'assignments.read',
  /** The automatic assignment proposal of a shift (nothing written), then its confirmation. */
  'POST /api/v1/elections/:id/assignment-proposals': 'assignments.manage',
  'POST /api/v1/elections/:id/assignment-proposals/confirm': 'assignments.manage',
  /** Alerts: missing reports, critical incidents, silent phones (computed when asked). */
  'GET /api/v1/elections/:id/alerts': 'reports.read',

  /** Issue 18, the resolution to the CEC: versions built from live data, HQ texts, diff, approval, files. */
  'GET /api/v1/elections/:id/resolutions': 'resolution.read',
  'POST /api/v1/elections/:id/resolutions': 'resolution.manage',
  'GET /api/v1/resolutions/:id': 'resolution.read',
  'PUT /api/v1/resolutions/:id/texts': 'resolution.manage',
  'POST /api/v1/resolutions/:id/approve': 'resolution.approve',
  'GET /api/v1/resolutions/:id/diff': 'resolution.read',
  'GET /api/v1/resolutions/:id/document': 'resolution.read',

  /** Issue 17, HQ operations: the campaign dashboard, readiness monitoring and coverage. */
  'GET /api/v1/elections/:id/overview': 'assignments.read',
  'GET /api/v1/elections/:id/readiness': 'assignments.read',
  'GET /api/v1/elections/:id/readiness/visits': 'assignments.read',
  'POST /api/v1/elections/:id/readiness/visits': 'assignments.manage',
  'DELETE /api/v1/readiness/visits/:id': 'assignments.manage',
  'GET /api/v1/elections/:id/coverage': 'assignments.read',

  /** Issue 18, the remarks register: remarks to commissions, their statuses, answers and letters. */
  'GET /api/v1/elections/:id/remarks': 'remarks.read',
  'POST /api/v1/elections/:id/remarks': 'remarks.manage',
  'POST /api/v1/elections/:id/remarks/bulk': 'remarks.manage',
  'GET /api/v1/remarks/:id': 'remarks.read',
  'PATCH /api/v1/remarks/:id': 'remarks.manage',
  'DELETE /api/v1/remarks/:id': 'remarks.manage',
  'POST /api/v1/remarks/:id/status': 'remarks.manage',
  'PUT /api/v1/remarks/:id/answer': 'remarks.manage',
  'GET /api/v1/remarks/:id/letter': 'remarks.read',
  'GET /api/v1/remark-settings': 'remarks.read',
  'PUT /api/v1/remark-settings': 'elections.manage',

  /** Reference notes for observers; observers read them through the field pack. */
  'GET /api/v1/elections/:id/reference-notes': 'reference.manage',
  'POST /api/v1/elections/:id/reference-notes': 'reference.manage',
  'PUT /api/v1/elections/:id/reference-notes/order': 'reference.manage',
  'PATCH /api/v1/reference-notes/:id': 'reference.manage',
  'DELETE /api/v1/reference-notes/:id': 'reference.manage',

  /** The field app's offline pack: election, own assignments, stations, published forms. */
  'GET /api/v1/me/field-pack': 'signed-in',
  /** The reference notes of the field pack's election (the field app caches them with the pack). */
  'GET /api/v1/me/reference-notes': 'signed-in',
  'POST /api/v1/reports': 'reports.submit',
  'GET /api/v1/elections/:id/reports': 'reports.read',
  'GET /api/v1/elections/:id/report-stats': 'reports.read',
  'GET /api/v1/reports/:id': 'reports.read',
  /** Server-sent events: accepted reports, live. */
  'GET /api/v1/elections/:id/events': 'reports.read',
  'GET /api/v1/elections/:id/conflicts': 'reports.read',
  'POST /api/v1/stations/:id/records/:kind': 'reports.decide',
  /** Resumable photo upload: announce (POST), ask how much arrived (GET), send from there (PATCH). */
  'POST /api/v1/photos/:sha256': 'reports.submit',
  'GET /api/v1/photos/:sha256': 'reports.submit',
  'PATCH /api/v1/photos/:sha256': 'reports.submit',
  'GET /api/v1/photos/:sha256/content': 'reports.read',
  /** The verification queue: list with counts, a report's state, claim and release it, decide. */
  'GET /api/v1/elections/:id/verification-queue': 'reports.verify',
  'GET /api/v1/reports/:id/verification': 'reports.read',
  'POST /api/v1/reports/:id/claim': 'reports.verify',
  'POST /api/v1/reports/:id/release': 'reports.verify',
  'POST /api/v1/reports/:id/verification': 'reports.verify',
  /** The observer's own reports the HQ asked to follow up (the field app caches them with the pack). */
  'GET /api/v1/me/follow-ups': 'reports.submit',
  /** The hash chain's head, so anyone can later check the HQ's findings were not edited. */
  'GET /api/v1/chain/head': 'public',
  /** Inbound SMS from the gateway: authenticated by the webhook's shared secret, not a session. */
  'POST /api/v1/channels/sms/inbound': 'public',
  'POST /api/v1/channels/telegram/webhook': 'public',
  /** An observer's one-time code to link their Telegram chat (the service refuses other roles). */
  'POST /api/v1/me/telegram-link': 'signed-in',
  'GET /api/v1/channels/messages': 'channels.read',
  'GET /api/v1/channels/sms-card': 'channels.read',
  'GET /api/v1/me/channel-links': 'signed-in',
  'POST /api/v1/me/channel-links/unlink': 'signed-in',
  'GET /api/v1/users/:id/channel-links': 'observers.manage',
  'POST /api/v1/users/:id/channel-links/unlink': 'observers.manage',

  /** Upload a CSV/XLSX file (raw body), then dry-run and apply it with a column mapping. */
  'POST /api/v1/imports': 'imports.run',
  'POST /api/v1/imports/:id/dry-run': 'imports.run',
  'POST /api/v1/imports/:id/apply': 'imports.run',

  'GET /api/v1/elections/:id/results/analysis': 'results.read',
  'GET /api/v1/elections/:id/results/comparison': 'results.read',
  'GET /api/v1/elections/:id/results/comparison/export': 'results.read',
  'GET /api/v1/elections/:id/results/official': 'results.read',
  'GET /api/v1/elections/:id/results/areas': 'results.read',
  'GET /api/v1/elections/:id/results/areas/export': 'results.read',
  'GET /api/v1/elections/:id/results/turnout': 'results.read',
  'GET /api/v1/elections/:id/results/turnout/export': 'results.read',
  'GET /api/v1/elections/:id/quick-count/sample-size': 'results.read',
  /** The quick count: draw the stratified sample (before voting day), then follow the estimate. */
  'POST /api/v1/elections/:id/quick-count/sample': 'results.manage',
  'GET /api/v1/elections/:id/quick-count': 'results.read',

  /** Recruitment: the public join form (a signed token proves the form was open long enough). */
  'GET /api/v1/join/token': 'public',
  'POST /api/v1/join': 'public',
  /** "Already N volunteers" for the public site. */
  'GET /api/v1/public/stats': 'public',
  /** Anyone can check a referral letter's code: validity, the observer's name, election, station. */
  'GET /api/v1/verify/:code': 'public',
  /** An observer's own applicant record (a regional coordinator's scope is checked in the service). */
  'GET /api/v1/me/applicant': 'signed-in',
  'GET /api/v1/applicants': 'applicants.read',
  'GET /api/v1/applicants/export': 'applicants.read',
  'GET /api/v1/applicants/duplicates': 'applicants.read',
  'POST /api/v1/applicants/status': 'applicants.manage',
  'GET /api/v1/applicants/:id': 'applicants.read',
  'PATCH /api/v1/applicants/:id': 'applicants.manage',
  'POST /api/v1/applicants/:id/status': 'applicants.manage',
  'POST /api/v1/applicants/:id/notes': 'applicants.manage',
  'POST /api/v1/applicants/:id/merge': 'applicants.manage',
  'POST /api/v1/applicants/:id/invite': 'applicants.manage',
  'GET /api/v1/applicants/:id/referrals': 'applicants.read',
  'POST /api/v1/applicants/:id/referrals': 'applicants.manage',
  'GET /api/v1/referrals/:id/letter': 'applicants.read',
  /** All accredited observers of an area with their assigned stations, as one PDF. */
  'POST /api/v1/elections/:id/referrals/batch': 'applicants.manage',
  /** The organisation's letterhead for referral letters. */
  'GET /api/v1/settings/organisation': 'settings.manage',
  'PUT /api/v1/settings/organisation': 'settings.manage',

  /** Issue 19, the public site: editors' posts and the elections' public dashboards. */
  'GET /api/v1/posts': 'posts.manage',
  'POST /api/v1/posts': 'posts.manage',
  'GET /api/v1/posts/:id': 'posts.manage',
  'PATCH /api/v1/posts/:id': 'posts.manage',
  /** The cover image as the raw body (JPEG, PNG or WebP): re-encoded, its metadata (EXIF, GPS) dropped. */
  'PUT /api/v1/posts/:id/cover': 'posts.manage',
  'GET /api/v1/posts/:id/cover': 'posts.manage',
  'POST /api/v1/posts/:id/publish': 'posts.manage',
  'POST /api/v1/posts/:id/unpublish': 'posts.manage',
  'GET /api/v1/public-dashboards': 'posts.manage',
  'PUT /api/v1/elections/:id/public-dashboard': 'posts.manage',
  /** An observer's opinion from the field app, for an editor's review. */
  'POST /api/v1/me/opinions': 'opinions.submit',
  /** Public reads: published posts and dashboards only, no personal data. */
  'GET /api/v1/public/posts': 'public',
  'GET /api/v1/public/posts/:slug': 'public',
  'GET /api/v1/public/dashboards': 'public',
  'GET /api/v1/public/dashboards/:slug': 'public',
  'GET /api/v1/public/dashboards/:slug/resolution': 'public',
  /** The public site, rendered on the server (works without JavaScript). */
  'GET /': 'public',
  'GET /news': 'public',
  'GET /news/:slug': 'public',
  'GET /feed/:lang': 'public',
  'GET /dashboard/:slug': 'public',
  'GET /elections/:slug': 'public',
  'GET /media/:file': 'public',
  'GET /site.css': 'public',
  'GET /preferences': 'public',

  /**
   * Issue 18, exports at scale: background jobs writing every report, revision, flag and photo
   * reference of the actor's area (CSV/XLSX) or its photos (ZIP). A job is its requester's own.
   */
  'POST /api/v1/elections/:id/exports': 'reports.read',
  'GET /api/v1/exports': 'reports.read',
  'GET /api/v1/exports/:id': 'reports.read',
  'POST /api/v1/exports/:id/cancel': 'reports.read',
  'GET /api/v1/exports/:id/file': 'reports.read',
  /** Report documents (PDF, CSV, XLSX) of the actor's area: readiness, incidents, a station's dossier. */
  'GET /api/v1/elections/:id/exports/readiness': 'reports.read',
  'GET /api/v1/elections/:id/exports/incidents': 'reports.read',
  'GET /api/v1/stations/:id/dossier': 'reports.read',

  /** The observer school (issue 20): content and classes for trainers, the rule and invitations. */
  'GET /api/v1/elections/:id/school/courses': 'school.manage',
  'POST /api/v1/elections/:id/school/courses': 'school.manage',
  'GET /api/v1/school/courses/:id': 'school.manage',
  'PATCH /api/v1/school/courses/:id': 'school.manage',
  'POST /api/v1/school/courses/:id/lessons': 'school.manage',
  'PUT /api/v1/school/courses/:id/lessons/order': 'school.manage',
  'PUT /api/v1/school/lessons/:id': 'school.manage',
  'DELETE /api/v1/school/lessons/:id': 'school.manage',
  'PUT /api/v1/school/courses/:id/quizzes/order': 'school.manage',
  'POST /api/v1/school/courses/:id/quizzes': 'school.manage',
  'PUT /api/v1/school/quizzes/:id': 'school.manage',
  'GET /api/v1/school/courses/:id/export': 'school.manage',
  'POST /api/v1/elections/:id/school/courses/import': 'school.manage',
  'GET /api/v1/elections/:id/school/rule': 'school.manage',
  'PUT /api/v1/elections/:id/school/rule': 'school.manage',
  'POST /api/v1/elections/:id/school/invitations': 'applicants.manage',
  'GET /api/v1/elections/:id/school/classes': 'school.teach',
  'POST /api/v1/elections/:id/school/classes': 'school.manage',
  'GET /api/v1/school/classes/:id': 'school.teach',
  'POST /api/v1/school/classes/:id/attendance': 'school.teach',
  'GET /api/v1/elections/:id/school/progress': 'school.teach',
  /** A volunteer's personal school link (the token is theirs; no account needed). */
  'GET /api/v1/school/links/:token': 'public',
  'POST /api/v1/school/links/:token/classes/:id/sign-up': 'public',
  'GET /api/v1/school/links/:token/courses/:id': 'public',
  'POST /api/v1/school/links/:token/lessons/:id/complete': 'public',
  'POST /api/v1/school/links/:token/quizzes/:id/attempts': 'public',
  'POST /api/v1/school/links/:token/attempts/:id/answers': 'public',
  'GET /api/v1/school/links/:token/certificate': 'public',
  'POST /api/v1/school/links/:token/classes/:id/cancel': 'public',
  'POST /api/v1/school/links/:token/attempts/:id/questions/:questionId': 'public',
  /** Places and reminders: capacity for trainers; the call list (names, phones) for coordinators. */
  'PUT /api/v1/school/classes/:id/places': 'school.manage',
  'GET /api/v1/elections/:id/school/reminders': 'applicants.read',
  'POST /api/v1/school/reminders/:id/called': 'applicants.manage',
  /** The school in the field app: an observer's own courses. */
  'GET /api/v1/me/school': 'school.learn',
  'GET /api/v1/me/school/courses/:id': 'school.learn',
  'POST /api/v1/me/school/lessons/:id/complete': 'school.learn',
  'POST /api/v1/me/school/quizzes/:id/attempts': 'school.learn',
  'POST /api/v1/me/school/attempts/:id/questions/:questionId': 'school.learn',
  'POST /api/v1/me/school/attempts/:id/answers': 'school.learn',

  /** OpenAPI description and its viewer. */
  'GET /api/docs': 'public',
  'GET /api/docs/*': 'public',
  /** The built web app's files; client-side routes fall back to index.html. */
  'GET /*': 'public',
} as const satisfies Record<string, RouteAccess>;

export type RouteKey = keyof typeof routeAccess;

export function accessFor(method: string, url: string): RouteAccess | undefined {
  return (routeAccess as Record<string, RouteAccess>)[`${method.toUpperCase()} ${url}`];
}
