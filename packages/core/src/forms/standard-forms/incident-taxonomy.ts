import type { FullText } from '../protocol/protocol-template.ts';

/** Incident categories: analytics count by these codes, so the list only ever grows. */
export const incidentCategories = [
  'ballot_stuffing',
  'carousel_voting',
  'group_voting',
  'pressure_on_voters',
  'observer_obstructed',
  'secrecy_broken',
  'voter_list_problems',
  'unauthorised_persons',
  'campaigning_on_voting_day',
  'other',
] as const;
export type IncidentCategory = (typeof incidentCategories)[number];

export const incidentCategoryLabels: Record<IncidentCategory, FullText> = {
  ballot_stuffing: { ru: 'Вброс бюллетеней', kk: 'Жәшікке бюллетеньдерді заңсыз салу', en: 'Ballot stuffing' },
  carousel_voting: {
    ru: '«Карусель» (многократное голосование)',
    kk: '«Карусель» (бір адамның бірнеше рет дауыс беруі)',
    en: 'Carousel voting',
  },
  group_voting: { ru: 'Групповое голосование', kk: 'Топтық дауыс беру', en: 'Group voting' },
  pressure_on_voters: { ru: 'Давление на избирателей', kk: 'Сайлаушыларға қысым жасау', en: 'Pressure on voters' },
  observer_obstructed: {
    ru: 'Воспрепятствование наблюдению',
    kk: 'Байқаушының жұмысына кедергі келтіру',
    en: 'Observer obstructed',
  },
  secrecy_broken: {
    ru: 'Нарушение тайны голосования',
    kk: 'Дауыс беру құпиясын бұзу',
    en: 'Secrecy of the vote broken',
  },
  voter_list_problems: {
    ru: 'Нарушения со списками избирателей',
    kk: 'Сайлаушылар тізіміндегі бұзушылықтар',
    en: 'Voter list problems',
  },
  unauthorised_persons: {
    ru: 'Посторонние лица на участке',
    kk: 'Учаскедегі бөгде адамдар',
    en: 'Unauthorised persons at the station',
  },
  campaigning_on_voting_day: {
    ru: 'Агитация в день голосования',
    kk: 'Дауыс беру күні үгіт жүргізу',
    en: 'Campaigning on voting day',
  },
  other: { ru: 'Другое', kk: 'Басқа', en: 'Other' },
};

export const incidentSeverities = ['low', 'medium', 'high'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];

export const incidentSeverityLabels: Record<IncidentSeverity, FullText> = {
  low: { ru: 'Незначительное', kk: 'Елеусіз', en: 'Low' },
  medium: { ru: 'Существенное', kk: 'Елеулі', en: 'Medium' },
  high: { ru: 'Грубое', kk: 'Өрескел', en: 'High' },
};
