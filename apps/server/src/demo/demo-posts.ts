import { randomUUID } from 'node:crypto';
import { freeSlug, type PostKind, type PostLanguage } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';

interface DemoPost {
  kind: PostKind;
  /** Published this many days before the seed; null: left a draft. */
  daysAgo: number | null;
  tags: string[];
  versions: Partial<Record<PostLanguage, { slug: string; title: string; lead: string; body: string }>>;
}

/**
 * The demo's public site: a statement in three languages, an observer's opinion (signed by the
 * organisation: the observer did not ask to be named) and a draft nobody outside the HQ sees.
 * No person is named anywhere, so the public pages of the demo carry no personal data.
 */
const demoPosts: DemoPost[] = [
  {
    kind: 'statement',
    daysAgo: 12,
    tags: ['наблюдение', 'выборы'],
    versions: {
      ru: {
        slug: 'demo-nachalo-nablyudeniya',
        title: 'Штаб начинает наблюдение за выборами',
        lead: 'Наши наблюдатели проверят готовность участков и будут на них в день голосования.',
        body: [
          'С сегодняшнего дня штаб проверяет **готовность избирательных участков**: доступность для людей с инвалидностью, списки избирателей, оборудование.',
          '',
          'В день голосования наблюдатели будут на участках с открытия до подписания протокола об итогах. Мы опубликуем обобщённые данные наблюдения.',
          '',
          '- отчёты наблюдателей проверяет штаб;',
          '- нарушения публикуются только после проверки;',
          '- личные данные наблюдателей не публикуются.',
        ].join('\n'),
      },
      kk: {
        slug: 'demo-baqylaudyn-basy',
        title: 'Штаб сайлауды байқауды бастайды',
        lead: 'Біздің байқаушылар сайлау учаскелерінің дайындығын тексеріп, дауыс беру күні учаскелерде болады.',
        body: [
          'Бүгіннен бастап штаб **сайлау учаскелерінің дайындығын** тексереді: мүмкіндігі шектеулі адамдар үшін қолжетімділікті, сайлаушылар тізімін, жабдықты.',
          '',
          'Дауыс беру күні байқаушылар учаскелерде ашылғаннан бастап қорытынды хаттамаға қол қойылғанға дейін болады. Біз байқаудың жалпыланған деректерін жариялаймыз.',
        ].join('\n'),
      },
      en: {
        slug: 'demo-observation-begins',
        title: 'The HQ begins observing the election',
        lead: 'Our observers will check how polling stations get ready and will be there on voting day.',
        body: [
          'From today the HQ checks **polling station readiness**: access for people with disabilities, voter lists, equipment.',
          '',
          'On voting day observers stay at their stations from the opening until the results protocol is signed. We will publish the aggregate findings.',
        ].join('\n'),
      },
    },
  },
  {
    kind: 'opinion',
    daysAgo: 3,
    tags: ['день голосования'],
    versions: {
      ru: {
        slug: 'demo-mnenie-nablyudatelya',
        title: 'Что я увидел на участке',
        lead: 'Наблюдатель рассказывает о первом опыте наблюдения.',
        body: 'Комиссия работала открыто, копию протокола выдали без споров. Главное — прийти заранее и взять с собой направление.',
      },
    },
  },
  {
    kind: 'statement',
    daysAgo: null,
    tags: [],
    versions: {
      ru: {
        slug: 'demo-chernovik',
        title: 'Предварительное заявление (черновик)',
        lead: '',
        body: 'Текст готовится.',
      },
    },
  },
];

/** Writes the demo's posts, tied to the demo election (removing the demo removes them). */
export async function addDemoPosts(tx: Store, electionId: string, at: Date): Promise<void> {
  for (const demo of demoPosts) {
    const group = randomUUID();
    for (const [language, version] of Object.entries(demo.versions) as [
      PostLanguage,
      NonNullable<DemoPost['versions']['ru']>,
    ][]) {
      const taken = await tx.posts.slugsLike(version.slug);
      const id = language === 'ru' ? group : randomUUID();
      await tx.posts.create(
        {
          id,
          translationGroup: group,
          language,
          slug: freeSlug(version.slug, (s) => taken.has(s)),
          kind: demo.kind,
          status: 'draft',
          title: version.title,
          lead: version.lead,
          body: version.body,
          coverSha256: null,
          coverAlt: null,
          authorKind: 'organisation',
          authorName: null,
          authorConsent: false,
          tags: demo.tags,
          electionId,
          submittedBy: null,
        },
        null,
        at,
      );
      if (demo.daysAgo !== null) {
        await tx.posts.update(
          id,
          { status: 'published', publishAt: new Date(at.getTime() - demo.daysAgo * 86_400_000) },
          at,
        );
      }
    }
  }
}
