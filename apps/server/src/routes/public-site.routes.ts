import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError, type PostLanguage, postLanguages } from '@pollwatch/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { siteCss } from '../public-site/site-css.ts';
import {
  articlePage,
  atomFeed,
  dashboardPage,
  homePage,
  newsPage,
  notFoundPage,
  type PageContext,
} from '../public-site/site-pages.ts';
import type { PublicDashboardService } from '../publishing/public-dashboard.service.ts';
import type { PublicPostsService } from '../publishing/public-posts.service.ts';

const LANG_COOKIE = 'pw_site_lang';
const TEXT_COOKIE = 'pw_site_text';
const CONTRAST_COOKIE = 'pw_site_contrast';
const YEAR = 365 * 24 * 3600;

const isLang = (v: unknown): v is PostLanguage =>
  typeof v === 'string' && (postLanguages as readonly string[]).includes(v);

const PageQuerySchema = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 8 })) });
const SlugSchema = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 120 }) });

export interface PublicSiteOptions {
  posts: PublicPostsService;
  dashboards: PublicDashboardService;
  /** The volunteer counter ("already N with us"). */
  volunteers: () => Promise<number>;
  /** First run: `/` stays the web app, which leads to setup. */
  setupNeeded: () => Promise<boolean>;
  publicUrl: string | undefined;
}

/**
 * The public site as server-rendered HTML (issue 19): readable without JavaScript, indexable,
 * small. The reader's language comes from `?lang=`, then their earlier choice (a cookie), then the
 * browser's languages; text size and contrast are cookies set by /preferences.
 */
export const publicSiteRoutes: FastifyPluginAsyncTypebox<PublicSiteOptions> = async (app, options) => {
  const { posts, dashboards } = options;

  function context(request: FastifyRequest, reply: FastifyReply, path: string): PageContext {
    const query = request.query as { lang?: string };
    let lang: PostLanguage | undefined;
    if (isLang(query.lang)) {
      lang = query.lang;
      if (request.cookies[LANG_COOKIE] !== lang) {
        reply.setCookie(LANG_COOKIE, lang, { path: '/', maxAge: YEAR, sameSite: 'lax', httpOnly: true });
      }
    }
    lang ??= isLang(request.cookies[LANG_COOKIE]) ? (request.cookies[LANG_COOKIE] as PostLanguage) : undefined;
    if (!lang) {
      const accepted = (request.headers['accept-language'] ?? '').toLowerCase();
      lang = (['ru', 'kk', 'en'] as const)
        .map((l) => ({ l, at: accepted.indexOf(l) }))
        .filter((x) => x.at >= 0)
        .sort((a, b) => a.at - b.at)[0]?.l;
    }
    const origin = options.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
    return {
      lang: lang ?? 'ru',
      path,
      origin,
      textLarge: request.cookies[TEXT_COOKIE] === 'large',
      contrastHigh: request.cookies[CONTRAST_COOKIE] === 'high',
    };
  }

  const page = (reply: FastifyReply, body: string, status = 200) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'Cookie, Accept-Language')
      .send(body);

  /** Renders, or answers the site's 404 page for anything unpublished or missing. */
  async function render(reply: FastifyReply, ctx: PageContext, work: () => Promise<string>) {
    try {
      return page(reply, await work());
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') return page(reply, notFoundPage(ctx), 404);
      throw error;
    }
  }

  app.get('/', { schema: { hide: true, querystring: PageQuerySchema } }, async (request, reply) => {
    if (await options.setupNeeded()) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    }
    const ctx = context(request, reply, '/');
    const [volunteers, latest, published] = await Promise.all([
      options.volunteers(),
      posts.list(ctx.lang, 6),
      dashboards.listPublished(),
    ]);
    return render(reply, ctx, async () =>
      homePage(ctx, {
        volunteers,
        posts: latest,
        dashboards: published.map((d) => ({ slug: d.slug ?? '', name: d.electionName, votingDate: d.votingDate })),
      }),
    );
  });

  app.get('/news', { schema: { hide: true, querystring: PageQuerySchema } }, async (request, reply) => {
    const ctx = context(request, reply, '/news');
    return render(reply, ctx, async () => newsPage(ctx, await posts.list(ctx.lang, 100)));
  });

  app.get(
    '/news/:slug',
    { schema: { hide: true, params: SlugSchema, querystring: PageQuerySchema } },
    async (request, reply) => {
      const ctx = context(request, reply, `/news/${request.params.slug}`);
      return render(reply, ctx, async () => {
        const post = await posts.post(request.params.slug);
        // The page is in the post's language; the switch leads to its translations.
        const pageCtx: PageContext = {
          ...ctx,
          lang: post.language,
          alternates: Object.fromEntries(
            (['ru', 'kk', 'en'] as const).map((l) => {
              const tr = post.translations.find((x) => x.language === l);
              return [l, l === post.language ? `/news/${post.slug}` : tr ? `/news/${tr.slug}` : `/news?lang=${l}`];
            }),
          ),
        };
        return articlePage(pageCtx, post);
      });
    },
  );

  app.get(
    '/dashboard/:slug',
    { schema: { hide: true, params: SlugSchema, querystring: PageQuerySchema } },
    async (request, reply) => {
      const ctx = context(request, reply, `/dashboard/${request.params.slug}`);
      return render(reply, ctx, async () => dashboardPage(ctx, await dashboards.dashboard(request.params.slug)));
    },
  );

  // The address for an election's page: the dashboard.
  app.get('/elections/:slug', { schema: { hide: true, params: SlugSchema } }, async (request, reply) =>
    reply.redirect(`/dashboard/${encodeURIComponent(request.params.slug)}`, 301),
  );

  app.get(
    '/feed/:lang',
    { schema: { hide: true, params: Type.Object({ lang: Type.String({ maxLength: 16 }) }) } },
    async (request, reply) => {
      const lang = request.params.lang.replace(/\.(atom|xml)$/, '');
      if (!isLang(lang)) throw new DomainError('not_found', 'no such feed');
      const ctx = context(request, reply, '/feed');
      const items = await posts.listFull(lang, 30);
      const updated = new Date(Math.max(0, ...items.map((p) => p.updatedAt.getTime())));
      return reply
        .type('application/atom+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(atomFeed(lang, ctx.origin, items, updated));
    },
  );

  app.get('/site.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(siteCss),
  );

  app.get(
    '/media/:file',
    { schema: { hide: true, params: Type.Object({ file: Type.String({ pattern: '^[0-9a-f]{64}\\.jpg$' }) }) } },
    async (request, reply) =>
      reply
        .type('image/jpeg')
        .header('cache-control', 'public, max-age=86400')
        .send(await posts.cover(request.params.file)),
  );

  app.get(
    '/preferences',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          text: Type.Optional(Type.Union([Type.Literal('large'), Type.Literal('normal')])),
          contrast: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('normal')])),
          back: Type.Optional(Type.String({ maxLength: 300 })),
        }),
      },
    },
    async (request, reply) => {
      const { text, contrast, back } = request.query;
      const cookie = { path: '/', maxAge: YEAR, sameSite: 'lax' as const, httpOnly: true };
      if (text) reply.setCookie(TEXT_COOKIE, text, cookie);
      if (contrast) reply.setCookie(CONTRAST_COOKIE, contrast, cookie);
      // Only back to a page of this site (never an open redirect).
      const target = back && /^\/(?![/\\])/.test(back) ? back : '/';
      return reply.redirect(target, 303);
    },
  );
};
