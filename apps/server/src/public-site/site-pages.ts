import type { LocalizedText, PostLanguage, PublicDashboard } from '@pollwatch/core';
import type { PublicPostView } from '../publishing/public-posts.service.ts';
import { esc, html, type Raw, raw } from './html.ts';
import { languageNames, type SiteTexts, siteTexts } from './site-texts.ts';

export interface PageContext {
  lang: PostLanguage;
  /** The path without query, for the switches' links back here. */
  path: string;
  textLarge: boolean;
  contrastHigh: boolean;
  /** The absolute origin for Open Graph and the feed, when configured. */
  origin: string;
  /** Per language, where the language switch goes (defaults to this path in that language). */
  alternates?: Partial<Record<PostLanguage, string>>;
}

interface PageMeta {
  title: string;
  description?: string;
  ogType?: 'website' | 'article';
  image?: string | null;
  current?: 'home' | 'news' | 'dashboard';
}

const LANGS: PostLanguage[] = ['kk', 'ru', 'en'];

export const text = (lang: PostLanguage): SiteTexts => siteTexts[lang] as SiteTexts;

export function localized(t: LocalizedText, lang: PostLanguage): string {
  return (lang === 'kk' ? t.kk : lang === 'en' ? t.en : t.ru) || t.ru;
}

function withLang(path: string, lang: PostLanguage): string {
  return `${path}?lang=${lang}`;
}

function formatDate(date: Date | string, lang: PostLanguage, withTime = false): string {
  const d = typeof date === 'string' ? new Date(`${date}T12:00:00Z`) : date;
  const locale = lang === 'kk' ? 'kk-KZ' : lang === 'en' ? 'en-GB' : 'ru-RU';
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: withTime ? 'Asia/Almaty' : 'UTC',
  }).format(d);
}

const num = (n: number, lang: PostLanguage) =>
  new Intl.NumberFormat(lang === 'kk' ? 'kk-KZ' : lang === 'en' ? 'en-GB' : 'ru-RU').format(n);

/** The page shell: skip link, header with navigation, language and display switches, footer. */
export function layout(ctx: PageContext, meta: PageMeta, body: Raw): string {
  const t = text(ctx.lang);
  const back = encodeURIComponent(`${ctx.path}?lang=${ctx.lang}`);
  const classes = [ctx.textLarge ? 'text-large' : '', ctx.contrastHigh ? 'contrast-high' : ''].filter(Boolean);
  const url = `${ctx.origin}${ctx.path}?lang=${ctx.lang}`;
  const navLink = (href: string, label: string, key: PageMeta['current']) =>
    html`<li><a href="${withLang(href, ctx.lang)}"${raw(meta.current === key ? ' aria-current="page"' : '')}>${label}</a></li>`;
  const page = html`<!doctype html>
<html lang="${ctx.lang}"${raw(classes.length ? ` class="${classes.join(' ')}"` : '')}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title} — ${t.siteName}</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
<meta property="og:site_name" content="${t.siteName}">
<meta property="og:title" content="${meta.title}">
${meta.description ? html`<meta property="og:description" content="${meta.description}">` : ''}
<meta property="og:type" content="${meta.ogType ?? 'website'}">
<meta property="og:url" content="${url}">
<meta property="og:locale" content="${ctx.lang === 'kk' ? 'kk_KZ' : ctx.lang === 'en' ? 'en_GB' : 'ru_RU'}">
${meta.image ? html`<meta property="og:image" content="${ctx.origin}${meta.image}">` : ''}
<link rel="canonical" href="${url}">
${LANGS.map((l) => html`<link rel="alternate" hreflang="${l}" href="${ctx.origin}${ctx.alternates?.[l] ?? withLang(ctx.path, l)}">`)}
<link rel="alternate" type="application/atom+xml" title="${t.feed}" href="/feed/${ctx.lang}">
<link rel="stylesheet" href="/site.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header class="site">
<div class="bar">
<a class="brand" href="${withLang('/', ctx.lang)}">${t.siteName}</a>
<nav class="main" aria-label="${t.siteName}"><ul>
${navLink('/', t.nav.home, 'home')}
${navLink('/news', t.nav.news, 'news')}
<li><a href="/join">${t.nav.join}</a></li>
<li><a href="/sign-in">${t.nav.signIn}</a></li>
</ul></nav>
</div>
</header>
<div class="switches">
<div class="bar">
<nav aria-label="${t.languageLabel}"><ul>
${LANGS.map(
  (l) =>
    html`<li><a lang="${l}" hreflang="${l}" href="${ctx.alternates?.[l] ?? withLang(ctx.path, l)}"${raw(l === ctx.lang ? ' aria-current="true"' : '')}>${languageNames[l]}</a></li>`,
)}
</ul></nav>
<nav aria-label="${t.display}"><ul>
<li><a href="/preferences?text=${ctx.textLarge ? 'normal' : 'large'}&amp;back=${back}">${ctx.textLarge ? t.textNormal : t.textLarge}</a></li>
<li><a href="/preferences?contrast=${ctx.contrastHigh ? 'normal' : 'high'}&amp;back=${back}">${ctx.contrastHigh ? t.contrastNormal : t.contrastHigh}</a></li>
</ul></nav>
</div>
</div>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site"><div class="bar"><p>${t.footer}</p><p><a href="/feed/${ctx.lang}">${t.feed}</a></p></div></footer>
</body>
</html>
`;
  return page.html;
}

function postCard(post: PublicPostView, lang: PostLanguage): Raw {
  const t = text(lang);
  return html`<li class="card" lang="${post.language}">
<p class="meta">${t.kinds[post.kind]} · <time datetime="${post.publishedAt.toISOString()}">${formatDate(post.publishedAt, lang)}</time></p>
<h3><a href="/news/${post.slug}">${post.title}</a></h3>
${post.lead ? html`<p>${post.lead}</p>` : ''}
</li>`;
}

export function homePage(
  ctx: PageContext,
  data: {
    volunteers: number;
    posts: PublicPostView[];
    dashboards: { slug: string; name: LocalizedText; votingDate: string }[];
  },
): string {
  const t = text(ctx.lang);
  const body = html`<section class="hero" aria-labelledby="home-title">
<h1 id="home-title">${t.homeTitle}</h1>
<p class="lead">${t.homeLead}</p>
<p class="counter">${t.volunteers(data.volunteers)}</p>
<p>${t.joinCall}</p>
<p><a class="button" href="/join">${t.joinButton}</a></p>
</section>
${
  data.dashboards.length
    ? html`<h2>${t.dashboards}</h2><ul>${data.dashboards.map(
        (d) =>
          html`<li><a href="${withLang(`/dashboard/${d.slug}`, ctx.lang)}">${localized(d.name, ctx.lang)}</a> <span class="meta">(${formatDate(d.votingDate, ctx.lang)})</span></li>`,
      )}</ul>`
    : ''
}
<h2>${t.latest}</h2>
${data.posts.length ? html`<ul class="cards">${data.posts.map((p) => postCard(p, ctx.lang))}</ul>` : html`<p>${t.noPosts}</p>`}
<p><a href="${withLang('/news', ctx.lang)}">${t.allNews}</a></p>`;
  return layout(ctx, { title: t.homeTitle, description: t.homeLead, current: 'home' }, body);
}

export function newsPage(ctx: PageContext, posts: PublicPostView[]): string {
  const t = text(ctx.lang);
  const body = html`<h1>${t.newsTitle}</h1>
<p><a href="/feed/${ctx.lang}">${t.feed}</a></p>
${posts.length ? html`<ul class="cards">${posts.map((p) => postCard(p, ctx.lang))}</ul>` : html`<p>${t.noPosts}</p>`}`;
  return layout(ctx, { title: t.newsTitle, current: 'news' }, body);
}

export function articlePage(ctx: PageContext, post: PublicPostView): string {
  const t = text(ctx.lang);
  const body = html`<article lang="${post.language}">
<p class="meta">${t.kinds[post.kind]}</p>
<h1>${post.title}</h1>
${post.lead ? html`<p class="lead">${post.lead}</p>` : ''}
<p class="meta">${t.published}: <time datetime="${post.publishedAt.toISOString()}">${formatDate(post.publishedAt, ctx.lang, true)}</time>${post.author ? html` · ${t.author}: ${post.author}` : ''}</p>
${post.cover ? html`<img class="cover" src="${post.cover}" alt="${post.coverAlt ?? ''}" width="1200" height="630">` : ''}
<div class="body">${raw(post.html)}</div>
${post.tags.length ? html`<p class="meta">${t.tags}: ${post.tags.map((tag) => html`<span class="tag">${tag}</span>`)}</p>` : ''}
${
  post.translations.length
    ? html`<h2>${t.translations}</h2><ul>${post.translations.map(
        (tr) =>
          html`<li><a href="/news/${tr.slug}" hreflang="${tr.language}" lang="${tr.language}">${languageNames[tr.language]}: ${tr.title}</a></li>`,
      )}</ul>`
    : ''
}
</article>`;
  return layout(
    ctx,
    { title: post.title, description: post.lead || undefined, ogType: 'article', image: post.cover, current: 'news' },
    body,
  );
}

export function notFoundPage(ctx: PageContext): string {
  const t = text(ctx.lang);
  return layout(
    ctx,
    { title: t.notFoundTitle },
    html`<h1>${t.notFoundTitle}</h1><p>${t.notFoundBody}</p><p><a href="${withLang('/', ctx.lang)}">${t.toHome}</a></p>`,
  );
}

// Light tiles carry dark text, dark tiles white text: both above 4.5:1.
const BUCKETS = ['#eef3fa', '#c6d6ec', '#8fb0da', '#3d6db0', '#1f4f8f'] as const;
const bucketOf = (share: number) => Math.min(4, Math.floor(share / 20));

/**
 * The map: one tile per region of the territory tree, coloured by coverage (a tile grid, no
 * geography and no tile server; the table below holds the same figures for screen readers).
 */
function coverageMap(d: PublicDashboard, lang: PostLanguage): Raw {
  const t = text(lang);
  // Two columns fit a phone at full size; more areas need more columns.
  const cols = Math.max(1, Math.min(d.areas.length, d.areas.length <= 8 ? 2 : d.areas.length <= 18 ? 3 : 4));
  const w = 200;
  const h = 78;
  const gap = 6;
  const rows = Math.ceil(d.areas.length / cols);
  const tiles = d.areas.map((a, i) => {
    const x = (i % cols) * (w + gap);
    const y = Math.floor(i / cols) * (h + gap);
    const fill = a.share === null ? '#ffffff' : BUCKETS[bucketOf(a.share)];
    const dark = a.share !== null && bucketOf(a.share) >= 3;
    const name = localized(a.name, lang);
    const short = name.length > 24 ? `${name.slice(0, 23)}…` : name;
    return html`<g><title>${name}: ${a.share === null ? t.suppressed : `${a.share}%`}</title>
<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="${fill}" stroke="#18202c" stroke-width="1"${raw(a.share === null ? ' stroke-dasharray="4 3"' : '')}/>
<text x="${x + 8}" y="${y + 28}" font-size="13" fill="${dark ? '#ffffff' : '#18202c'}">${short}</text>
<text x="${x + 8}" y="${y + 56}" font-size="18" font-weight="700" fill="${dark ? '#ffffff' : '#18202c'}">${a.share === null ? '—' : `${a.share}%`}</text></g>`;
  });
  const width = cols * (w + gap) - gap;
  const height = rows * (h + gap) - gap;
  return html`<figure class="map">
<svg viewBox="-1 -1 ${width + 2} ${height + 2}" width="${width + 2}" height="${height + 2}" role="img" aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">
<title id="map-title">${t.mapTitle}</title><desc id="map-desc">${t.mapNote}</desc>
${tiles}
</svg>
<figcaption><p>${t.mapNote}</p><p class="legend">${BUCKETS.map(
    (c, i) => html`<span style="--c:${c}">${i * 20}–${i === 4 ? 100 : i * 20 + 19}%</span>`,
  )}</p></figcaption>
</figure>`;
}

/** The resolution is written in Russian and Kazakh; other pages get the Russian one. */
function documentLanguage(lang: PostLanguage): 'ru' | 'kk' {
  return lang === 'kk' ? 'kk' : 'ru';
}

export function dashboardPage(ctx: PageContext, d: PublicDashboard): string {
  const t = text(ctx.lang);
  const n = (v: number) => num(v, ctx.lang);
  const cnt = (v: number | null) => (v === null ? t.suppressed : n(v));
  const pct = (v: number | null) => (v === null ? t.suppressed : `${v}%`);
  const name = localized(d.election.name, ctx.lang);
  const figure = (label: string, value: string) => html`<div class="figure"><span>${label}</span><b>${value}</b></div>`;
  const body = html`<h1>${t.dashboardTitle(name)}</h1>
<p class="meta">${t.votingDate}: ${formatDate(d.election.votingDate, ctx.lang)} · ${t.dataAsOf}: ${formatDate(d.updatedAt, ctx.lang, true)}</p>
<h2>${t.readiness}</h2>
<div class="figures">
${figure(t.stations, n(d.readiness.stations))}
${figure(t.readinessVisited, `${n(d.readiness.visited)} (${pct(d.readiness.share)})`)}
${figure(t.readinessFindings, cnt(d.readiness.withFindings))}
</div>
<h2>${t.votingDay}</h2>
<div class="figures">
${figure(t.covered, `${n(d.votingDay.covered)} (${pct(d.votingDay.share)})`)}
${figure(t.reports, n(d.votingDay.reports))}
</div>
${d.areas.length ? coverageMap(d, ctx.lang) : ''}
<h2>${t.incidents}</h2>
<div class="figures">${figure(t.incidentsTotal, n(d.incidents.verified))}</div>
<div class="table-wrap" role="region" tabindex="0" aria-label="${t.incidents}"><table>
<caption class="meta">${t.incidents}</caption>
<thead><tr><th scope="col">${t.category}</th><th scope="col" class="n">${t.count}</th></tr></thead>
<tbody>${d.incidents.byCategory.map(
    (c) => html`<tr><td>${localized(c.label, ctx.lang)}</td><td class="n">${cnt(c.count)}</td></tr>`,
  )}</tbody></table></div>
<h2>${t.areasTitle}</h2>
<div class="table-wrap" role="region" tabindex="0" aria-label="${t.areasTitle}"><table>
<thead><tr><th scope="col">${t.area}</th><th scope="col" class="n">${t.stations}</th><th scope="col" class="n">${t.covered}</th><th scope="col" class="n">${t.share}</th><th scope="col" class="n">${t.incidentsTotal}</th></tr></thead>
<tbody>${d.areas.map(
    (a) =>
      html`<tr><th scope="row">${localized(a.name, ctx.lang)}</th><td class="n">${n(a.stations)}</td><td class="n">${n(a.covered)}</td><td class="n">${pct(a.share)}</td><td class="n">${cnt(a.incidents)}</td></tr>`,
  )}</tbody></table></div>
<p class="meta">${t.suppressionNote}</p>
<h2>${t.turnout}</h2>
${
  d.turnout
    ? html`<p>${t.turnoutNote(d.turnout.checkpoint, d.turnout.stations)}</p><div class="figures">
${figure(t.observed, `${n(d.turnout.observedVoters)} ${t.voters}`)}
${figure(t.official, `${n(d.turnout.officialVoters)} ${t.voters}`)}</div>`
    : html`<p>${t.notYet}</p>`
}
${
  d.quickCount
    ? html`<h2>${t.quickCount}</h2><p>${t.quickCountNote(d.quickCount.stations)}</p><div class="table-wrap" role="region" tabindex="0" aria-label="${t.quickCount}"><table><tbody>${d.quickCount.options.map(
        (o) =>
          html`<tr><th scope="row">${localized(o.label, ctx.lang)}</th><td class="n">${o.share}%</td><td class="n">${o.low}–${o.high}%</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
${
  d.remarks
    ? html`<h2>${t.remarks}</h2><p>${t.remarksNote}</p><div class="table-wrap" role="region" tabindex="0" aria-label="${t.remarks}"><table><thead><tr><th scope="col">${t.outcome}</th><th scope="col" class="n">${t.count}</th></tr></thead><tbody>${d.remarks.map(
        (r) => html`<tr><td>${t.remarkStatuses[r.outcome] ?? r.outcome}</td><td class="n">${cnt(r.count)}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
${
  d.resolution
    ? html`<h2>${t.resolution}</h2><p>${t.download}: ${(['pdf', 'docx'] as const).map(
        (format, i) =>
          html`${i ? ' · ' : ''}<a class="button" href="${d.resolution?.href}?format=${format}&amp;lang=${documentLanguage(ctx.lang)}" download>${format.toUpperCase()}</a>`,
      )}</p>`
    : ''
}`;
  return layout(ctx, { title: t.dashboardTitle(name), current: 'dashboard' }, body);
}

/** An Atom feed of a language's published posts, full text as inert HTML. */
export function atomFeed(lang: PostLanguage, origin: string, posts: PublicPostView[], updated: Date): string {
  const t = text(lang);
  const entries = posts
    .map(
      (p) => `<entry>
<id>${esc(`${origin}/news/${p.slug}`)}</id>
<title>${esc(p.title)}</title>
<link rel="alternate" type="text/html" href="${esc(`${origin}/news/${p.slug}`)}"/>
<published>${p.publishedAt.toISOString()}</published>
<updated>${p.updatedAt.toISOString()}</updated>
${p.author ? `<author><name>${esc(p.author)}</name></author>` : ''}
${p.lead ? `<summary>${esc(p.lead)}</summary>` : ''}
${p.tags.map((tag) => `<category term="${esc(tag)}"/>`).join('')}
<content type="html">${esc(p.html)}</content>
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
<id>${esc(`${origin}/feed/${lang}`)}</id>
<title>${esc(`${t.siteName}: ${t.newsTitle}`)}</title>
<author><name>${esc(t.siteName)}</name></author>
<link rel="self" type="application/atom+xml" href="${esc(`${origin}/feed/${lang}`)}"/>
<link rel="alternate" type="text/html" href="${esc(`${origin}/news?lang=${lang}`)}"/>
<updated>${updated.toISOString()}</updated>
${entries}
</feed>
`;
}
