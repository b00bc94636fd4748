import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedElection } from '../testing/election-fixture.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

describeEachDialect('public dashboards', (db) => {
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

  it('is public only while an editor has it published, with aggregates only and small counts withheld', async () => {
    // Six stations in a district and one right in the region.
    const { electionId } = await seedElection(t, admin, {
      election: { name: { ru: 'Выборы в маслихат', kk: 'Мәслихат сайлауы' } },
      numbers: [1, 2, 3, 4, 5, 6, 7],
      inDistrict: (n) => n <= 6,
    });
    expect((await get('/api/v1/public/dashboards')).json().items).toEqual([]);

    const states = await t.request({ method: 'GET', url: '/api/v1/public-dashboards', cookie: editor });
    expect(states.json().items).toEqual([expect.objectContaining({ electionId, published: false, slug: null })]);

    const published = await publish(electionId, { published: true });
    expect(published.statusCode, published.body).toBe(200);
    const { slug } = published.json().dashboard;
    expect(slug).toBe('vybory-v-maslikhat-2026');

    const dashboard = (await get(`/api/v1/public/dashboards/${slug}`)).json();
    expect(dashboard.votingDay).toMatchObject({ stations: 7, covered: 0, share: 0, reports: 0 });
    // One region only: the map shows its areas; the area with one station has no share (too few to publish).
    const byName = Object.fromEntries(dashboard.areas.map((a: { name: { ru: string } }) => [a.name.ru, a]));
    expect(byName['Алмалинский район']).toMatchObject({ stations: 6, share: 0 });
    expect(byName.Алматы).toMatchObject({ stations: 1, share: null });
    expect(dashboard.quickCount).toBeNull();
    expect(JSON.stringify(dashboard)).not.toMatch(/stationId|observerId|userId|phone|email|"iin"/i);

    const page = await get(`/dashboard/${slug}?lang=kk`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="kk"');
    expect(page.body).toContain('Мәслихат сайлауы');
    expect(page.body).toContain('role="img"');
    expect((await get(`/elections/${slug}`)).headers.location).toBe(`/dashboard/${slug}`);
    expect((await get('/')).body).toContain(`/dashboard/${slug}`);

    // The remarks register: drafts stay internal; the states that reached a commission are counted,
    // and a count under five is withheld.
    expect(dashboard.remarks).toBeNull();
    for (let i = 0; i < 7; i++) {
      const created = await t.request({
        method: 'POST',
        url: `/api/v1/elections/${electionId}/remarks`,
        cookie: admin,
        body: { addressee: { level: 'central' }, title: `Замечание ${i + 1}`, body: 'Текст замечания' },
      });
      expect(created.statusCode, created.body).toBe(201);
      if (i === 6) continue;
      const sent = await t.request({
        method: 'POST',
        url: `/api/v1/remarks/${created.json().remark.id}/status`,
        cookie: admin,
        body: { to: 'sent', on: '2026-11-10', via: 'post' },
      });
      expect(sent.statusCode, sent.body).toBe(200);
    }
    const withRemarks = (await get(`/api/v1/public/dashboards/${slug}`)).json();
    expect(withRemarks.remarks).toEqual([
      { outcome: 'sent', count: 6 },
      { outcome: 'acknowledged', count: 0 },
      { outcome: 'resolved', count: 0 },
      { outcome: 'not_resolved', count: 0 },
      { outcome: 'no_answer', count: 0 },
    ]);
    expect(JSON.stringify(withRemarks)).not.toContain('Замечание');
    expect((await get(`/dashboard/${slug}`)).body).toContain('Направлено, ответа пока нет');

    // Withdrawn: gone again; the address stays the same for the next publication.
    await publish(electionId, { published: false });
    expect((await get(`/dashboard/${slug}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/public/dashboards/${slug}`)).statusCode).toBe(404);
    expect((await publish(electionId, { published: true })).json().dashboard.slug).toBe(slug);

    const audit = await t.request({
      method: 'GET',
      url: '/api/v1/audit?action=public_dashboard.updated',
      cookie: admin,
    });
    expect(audit.json().items).toHaveLength(3);
  });

  it("serves the public pages without JavaScript, remembers the reader's display choices and never redirects off the site", async () => {
    const home = await get('/?lang=en');
    expect(home.statusCode).toBe(200);
    expect(home.body).not.toMatch(/<script/i);
    expect(home.headers['set-cookie']).toContain('pw_site_lang=en');
    const prefs = await get('/preferences?text=large&back=%2Fnews%3Flang%3Dkk');
    expect(prefs.statusCode).toBe(303);
    expect(prefs.headers.location).toBe('/news?lang=kk');
    const cookie = String(prefs.headers['set-cookie']).split(';')[0];
    const large = await t.request({ method: 'GET', url: '/news', cookie });
    expect(large.body).toContain('class="text-large"');
    for (const back of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      const response = await get(`/preferences?contrast=high&back=${encodeURIComponent(back)}`);
      expect(response.headers.location, back).toBe('/');
    }
    // An unknown post answers the site's own 404 page.
    const missing = await get('/news/no-such-post');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
    const css = await get('/site.css');
    expect(css.headers['content-type']).toContain('text/css');
    // The home page with its stylesheet stays small for cheap phones (an article: posts.routes.test).
    expect(home.body.length + css.body.length).toBeLessThan(50_000);
  });
});
