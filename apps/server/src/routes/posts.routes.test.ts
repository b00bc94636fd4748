import { describeEachDialect } from '@pollwatch/db/testing';
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

type PostDto = { id: string; slug: string; status: string; isPublic: boolean; translations: { language: string }[] };

describeEachDialect('posts', (db) => {
  let t: TestApp;
  let admin: string;
  let editor: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    editor = (await t.signInAs('editor', admin)).cookie;
  });
  afterEach(() => t.close());

  async function write(body: Record<string, unknown>, cookie = editor): Promise<PostDto> {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/posts',
      cookie,
      body: { kind: 'statement', lead: '', authorKind: 'organisation', ...body },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().post;
  }

  const publish = async (id: string, body: Record<string, unknown> = {}) => {
    const response = await t.request({ method: 'POST', url: `/api/v1/posts/${id}/publish`, cookie: editor, body });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().post as PostDto;
  };
  const get = (url: string) => t.request({ method: 'GET', url });

  it('writes a statement and its translation, publishes both, and the public reads them in lists, pages and feeds', async () => {
    const ru = await write({
      language: 'ru',
      title: 'Заявление о ходе голосования',
      lead: 'Наблюдатели работают на участках.',
      body: '## Главное\n\nНаблюдатели **на месте**.',
      tags: ['Голосование', ' голосование ', 'ИТОГИ'],
    });
    expect(ru.slug).toBe('zayavlenie-o-khode-golosovaniya');
    const kk = await write({
      language: 'kk',
      translationOf: ru.id,
      title: 'Дауыс беру барысы туралы мәлімдеме',
      body: 'Байқаушылар **орнында**.',
    });
    expect(kk.translations.map((x) => x.language)).toEqual(['ru']);
    // A second Kazakh version of the same post is refused.
    const again = await t.request({
      method: 'POST',
      url: '/api/v1/posts',
      cookie: editor,
      body: {
        language: 'kk',
        translationOf: ru.id,
        kind: 'statement',
        lead: '',
        authorKind: 'organisation',
        title: 'x',
        body: 'y',
      },
    });
    expect(again.statusCode).toBe(409);

    // Nothing public before publication.
    expect((await get(`/news/${ru.slug}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/public/posts/${ru.slug}`)).statusCode).toBe(404);

    expect((await publish(ru.id)).isPublic).toBe(true);
    await publish(kk.id);

    const list = (await get('/api/v1/public/posts?lang=ru')).json().items;
    expect(list.map((p: { slug: string }) => p.slug)).toEqual([ru.slug]);
    expect(list[0].tags).toEqual(['голосование', 'итоги']);
    expect(Object.keys(list[0])).not.toContain('id');

    const page = await get(`/news/${ru.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<h3>Главное</h3>');
    expect(page.body).toContain('<strong>на месте</strong>');
    expect(page.body).toContain('property="og:title" content="Заявление о ходе голосования"');
    expect(page.body).toContain(`href="/news/${kk.slug}"`);
    expect(page.body).not.toContain('<script');
    // an article with its stylesheet stays under 50 KB for a cheap phone
    const css = await get('/site.css');
    expect(Buffer.byteLength(page.body) + Buffer.byteLength(css.body)).toBeLessThan(50_000);

    const news = await get('/news?lang=kk');
    expect(news.body).toContain('Дауыс беру барысы туралы мәлімдеме');
    expect(news.body).not.toContain('Заявление о ходе голосования');

    const feed = await get('/feed/kk');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<title>Дауыс беру барысы туралы мәлімдеме</title>');
    expect(feed.body).toContain('&lt;strong&gt;орнында&lt;/strong&gt;');
    expect((await get('/feed/de')).statusCode).toBe(404);

    // Unpublished: gone from the public again; every change is in the audit log.
    const off = await t.request({ method: 'POST', url: `/api/v1/posts/${ru.id}/unpublish`, cookie: editor });
    expect(off.json().post.status).toBe('draft');
    expect((await get(`/news/${ru.slug}`)).statusCode).toBe(404);
    const audit = await t.request({ method: 'GET', url: '/api/v1/audit?entityType=post', cookie: admin });
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    for (const action of ['post.created', 'post.published', 'post.unpublished']) expect(actions).toContain(action);
  });

  it('renders script tags, javascript: links and event handlers inert, and resolves slug collisions', async () => {
    const first = await write({
      language: 'en',
      title: 'Same title',
      body: '<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)> [ok](https://example.org)',
    });
    const second = await write({ language: 'en', title: 'Same title', body: 'Second' });
    const third = await write({ language: 'en', title: 'Same title!', body: 'Third' });
    expect([first.slug, second.slug, third.slug]).toEqual(['same-title', 'same-title-2', 'same-title-3']);
    // An explicit slug that is taken is resolved too (no 500).
    const patched = await t.request({
      method: 'PATCH',
      url: `/api/v1/posts/${third.id}`,
      cookie: editor,
      body: { slug: 'same-title' },
    });
    expect(patched.json().post.slug).toBe('same-title-3');

    await publish(first.id);
    const html = (await get('/news/same-title')).body;
    const article = html.slice(html.indexOf('<article'), html.indexOf('</article>'));
    expect(article).not.toMatch(/<script|<img|<[^>]*\son\w+=|href="javascript:/i);
    expect(article).toContain('&lt;script&gt;');
    expect(article).toContain('href="https://example.org" rel="nofollow noopener noreferrer ugc"');
  });

  it('schedules a publication: public from its time on', async () => {
    const post = await write({ language: 'ru', title: 'Позже', body: 'Текст' });
    const at = new Date(t.now().getTime() + 3600_000).toISOString();
    const scheduled = await publish(post.id, { publishAt: at });
    expect(scheduled).toMatchObject({ status: 'published', isPublic: false });
    expect((await get(`/news/${post.slug}`)).statusCode).toBe(404);
    t.advance(3600_000);
    expect((await get(`/news/${post.slug}`)).statusCode).toBe(200);
  });

  it('re-encodes a cover without its metadata and refuses a file that is not an image', async () => {
    const post = await write({ language: 'ru', title: 'С обложкой', body: 'Текст' });
    const withExif = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#336699' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Secret Person', Copyright: 'GPS 43.2 76.9' } })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const uploaded = await t.request({
      method: 'PUT',
      url: `/api/v1/posts/${post.id}/cover`,
      cookie: editor,
      body: withExif,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const sha = uploaded.json().post.coverSha256 as string;
    // The cover is not public while its post is a draft.
    expect((await get(`/media/${sha}.jpg`)).statusCode).toBe(404);
    await publish(post.id);
    const media = await get(`/media/${sha}.jpg`);
    expect(media.statusCode).toBe(200);
    const meta = await sharp(media.rawPayload).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(media.rawPayload.includes(Buffer.from('Secret Person'))).toBe(false);

    const fake = await t.request({
      method: 'PUT',
      url: `/api/v1/posts/${post.id}/cover`,
      cookie: editor,
      body: Buffer.from('<svg onload="alert(1)"></svg>'),
      headers: { 'content-type': 'image/png' },
    });
    expect(fake.statusCode).toBe(422);
    expect(fake.json().error.code).toBe('photo_invalid');
    const text = await t.request({
      method: 'PUT',
      url: `/api/v1/posts/${post.id}/cover`,
      cookie: editor,
      body: Buffer.from('hello'),
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(415);
  });

  it("takes an observer's opinion for review: not public, and named only with consent", async () => {
    const observer = await t.signInAs('observer', admin);
    const sent = await t.request({
      method: 'POST',
      url: '/api/v1/me/opinions',
      cookie: observer.cookie,
      body: {
        language: 'ru',
        title: 'Моё мнение',
        body: 'Всё прошло спокойно.',
        authorName: 'Иван Петров',
        authorConsent: false,
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const queue = await t.request({ method: 'GET', url: '/api/v1/posts?status=submitted', cookie: editor });
    const [opinion] = queue.json().items;
    expect(opinion).toMatchObject({ kind: 'opinion', status: 'submitted', fromObserver: true, authorName: null });
    expect((await get(`/news/${opinion.slug}`)).statusCode).toBe(404);
    await publish(opinion.id);
    const page = await get(`/news/${opinion.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Иван Петров');
    // Observers write opinions, not posts; editors do not send opinions.
    const refused = await t.request({
      method: 'POST',
      url: '/api/v1/posts',
      cookie: observer.cookie,
      body: { language: 'ru', kind: 'statement', lead: '', authorKind: 'organisation', title: 'x', body: 'y' },
    });
    expect(refused.statusCode).toBe(403);
  });
});
