import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedElection } from '../testing/election-fixture.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

describeEachDialect('the approved resolution on the public dashboard', (db) => {
  let t: TestApp;
  let admin: string;
  let editor: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    editor = (await t.signInAs('editor', admin)).cookie;
  });
  afterEach(() => t.close());

  const get = (url: string) => t.request({ method: 'GET', url });
  const publish = (electionId: string, body: Record<string, unknown>) =>
    t.request({ method: 'PUT', url: `/api/v1/elections/${electionId}/public-dashboard`, cookie: editor, body });
  const newVersion = async (electionId: string) => {
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/resolutions`,
      cookie: admin,
      body: { kind: 'final' },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };

  it('is offered only after an editor ticks it, and only an approved version is ever served', async () => {
    const { electionId } = await seedElection(t, admin, { numbers: [1, 2, 3, 4, 5] });
    const published = await publish(electionId, { published: true });
    expect(published.statusCode, published.body).toBe(200);
    const { slug } = published.json().dashboard;
    expect(published.json().dashboard.resolutionPublished).toBe(false);
    const file = (format: string, lang = 'ru') =>
      get(`/api/v1/public/dashboards/${slug}/resolution?format=${format}&lang=${lang}`);

    // Not offered by default: no link, no file.
    expect((await get(`/api/v1/public/dashboards/${slug}`)).json().resolution).toBeNull();
    expect((await get(`/dashboard/${slug}`)).body).not.toContain('/resolution?format=');
    expect((await file('pdf')).statusCode).toBe(404);

    // A draft only: the tick is refused with a clear code, and nothing changes.
    const draftId = await newVersion(electionId);
    const refused = await publish(electionId, { published: true, resolutionPublished: true });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe('resolution_not_approved');
    expect((await get(`/api/v1/public/dashboards/${slug}`)).json().resolution).toBeNull();
    expect((await file('pdf')).statusCode).toBe(404);

    // Approved: still not offered until the editor ticks it.
    const approved = await t.request({ method: 'POST', url: `/api/v1/resolutions/${draftId}/approve`, cookie: admin });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await get(`/api/v1/public/dashboards/${slug}`)).json().resolution).toBeNull();
    expect((await file('pdf')).statusCode).toBe(404);

    const ticked = await publish(electionId, { published: true, resolutionPublished: true });
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json().dashboard.resolutionPublished).toBe(true);
    const dashboard = (await get(`/api/v1/public/dashboards/${slug}`)).json();
    expect(dashboard.resolution).toEqual({ href: `/api/v1/public/dashboards/${slug}/resolution` });
    const kkPage = (await get(`/dashboard/${slug}?lang=kk`)).body;
    expect(kkPage).toContain(`/api/v1/public/dashboards/${slug}/resolution?format=pdf&amp;lang=kk`);
    expect(kkPage).toContain(`/api/v1/public/dashboards/${slug}/resolution?format=docx&amp;lang=kk`);
    // An English page falls back to the Russian document.
    expect((await get(`/dashboard/${slug}?lang=en`)).body).toContain('resolution?format=pdf&amp;lang=ru');

    const pdf = await file('pdf', 'kk');
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const docx = await file('docx');
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(String(docx.headers['content-disposition'])).toContain('resolution-v1-ru');

    // A later draft never replaces the published approved version.
    await newVersion(electionId);
    const still = await file('docx');
    expect(String(still.headers['content-disposition'])).toContain('resolution-v1-ru');

    // Unticked: the link and the file are gone again; so when the dashboard is unpublished.
    await publish(electionId, { published: true, resolutionPublished: false });
    expect((await get(`/api/v1/public/dashboards/${slug}`)).json().resolution).toBeNull();
    expect((await file('pdf')).statusCode).toBe(404);
    await publish(electionId, { published: true, resolutionPublished: true });
    expect((await file('pdf')).statusCode).toBe(200);
    await publish(electionId, { published: false });
    expect((await file('pdf')).statusCode).toBe(404);
    expect((await publish(electionId, { published: true })).json().dashboard.resolutionPublished).toBe(false);

    // Audited like the other dashboard changes (the refused tick left no entry).
    const audit = await t.request({
      method: 'GET',
      url: '/api/v1/audit?action=public_dashboard.updated',
      cookie: admin,
    });
    const details = audit.json().items.map((e: { details: { resolutionId: string | null } }) => e.details.resolutionId);
    expect(details.filter((id: string | null) => id === draftId)).toHaveLength(2);
    expect(details).toHaveLength(6);
  });

  it('builds the approved file once per format and language, not on every request', async () => {
    const { electionId } = await seedElection(t, admin, { numbers: [1, 2, 3, 4, 5] });
    const id = await newVersion(electionId);
    await t.request({ method: 'POST', url: `/api/v1/resolutions/${id}/approve`, cookie: admin });
    const { slug } = (await publish(electionId, { published: true, resolutionPublished: true })).json().dashboard;
    const file = (format: string, lang: string) =>
      get(`/api/v1/public/dashboards/${slug}/resolution?format=${format}&lang=${lang}`);
    const first = await file('pdf', 'ru');
    expect(first.statusCode, first.body).toBe(200);
    // The stored snapshot made unreadable: a file built per request would fail now.
    await db().kysely.updateTable('resolutions').set({ snapshot: '{}' }).where('id', '=', id).execute();
    const again = await file('pdf', 'ru');
    expect(again.statusCode).toBe(200);
    expect(Buffer.compare(again.rawPayload, first.rawPayload)).toBe(0);
    // Another language is another file, built when first asked for (and so from the broken snapshot).
    expect((await file('pdf', 'kk')).statusCode).toBe(500);
  });
});
