import { ALL_OPTIONS, type ProtocolTemplate } from './protocol-template.ts';

/**
 * Russia: the precinct commission's protocol (Federal Law 67-FZ, art. 67 and the CEC's protocol
 * forms). Line names are as printed; options follow from line 13 on.
 */
export const russiaProtocolTemplate: ProtocolTemplate = {
  code: 'ru',
  lines: [
    {
      key: 'voters_on_list',
      number: 1,
      kind: 'count',
      officialName: 'Число избирателей, включенных в список избирателей',
      label: {
        ru: 'Число избирателей, включенных в список избирателей',
        kk: 'Сайлаушылар тізіміне енгізілген сайлаушылар саны',
        en: 'Voters included in the voter list',
      },
    },
    {
      key: 'ballots_received',
      number: 2,
      kind: 'count',
      officialName: 'Число избирательных бюллетеней, полученных участковой избирательной комиссией',
      label: {
        ru: 'Число избирательных бюллетеней, полученных участковой избирательной комиссией',
        kk: 'Учаскелік сайлау комиссиясы алған сайлау бюллетеньдерінің саны',
        en: 'Ballots received by the precinct commission',
      },
    },
    {
      key: 'issued_early',
      number: 3,
      kind: 'count',
      officialName: 'Число избирательных бюллетеней, выданных избирателям, проголосовавшим досрочно',
      label: {
        ru: 'Число избирательных бюллетеней, выданных избирателям, проголосовавшим досрочно',
        kk: 'Мерзімінен бұрын дауыс берген сайлаушыларға берілген сайлау бюллетеньдерінің саны',
        en: 'Ballots issued to voters who voted early',
      },
    },
    {
      key: 'issued_in_station',
      number: 4,
      kind: 'count',
      officialName: 'Число избирательных бюллетеней, выданных в помещении для голосования в день голосования',
      label: {
        ru: 'Число избирательных бюллетеней, выданных в помещении для голосования в день голосования',
        kk: 'Дауыс беру күні дауыс беру үй-жайында берілген сайлау бюллетеньдерінің саны',
        en: 'Ballots issued in the polling room on election day',
      },
    },
    {
      key: 'issued_outside',
      number: 5,
      kind: 'count',
      officialName: 'Число избирательных бюллетеней, выданных вне помещения для голосования в день голосования',
      label: {
        ru: 'Число избирательных бюллетеней, выданных вне помещения для голосования в день голосования',
        kk: 'Дауыс беру күні дауыс беру үй-жайынан тыс жерде берілген сайлау бюллетеньдерінің саны',
        en: 'Ballots issued outside the polling room on election day',
      },
    },
    {
      key: 'cancelled',
      number: 6,
      kind: 'count',
      officialName: 'Число погашенных избирательных бюллетеней',
      label: {
        ru: 'Число погашенных избирательных бюллетеней',
        kk: 'Жойылған сайлау бюллетеньдерінің саны',
        en: 'Cancelled ballots',
      },
    },
    {
      key: 'in_portable_boxes',
      number: 7,
      kind: 'count',
      officialName: 'Число избирательных бюллетеней, содержащихся в переносных ящиках для голосования',
      label: {
        ru: 'Число избирательных бюллетеней, содержащихся в переносных ящиках для голосования',
        kk: 'Дауыс беруге арналған жылжымалы жәшіктердегі сайлау бюллетеньдерінің саны',
        en: 'Ballots found in portable ballot boxes',
      },
    },
    {
      key: 'in_stationary_boxes',
      number: 8,
      kind: 'count',
      officialName: 'Число избирательных бюллетеней, содержащихся в стационарных ящиках для голосования',
      label: {
        ru: 'Число избирательных бюллетеней, содержащихся в стационарных ящиках для голосования',
        kk: 'Дауыс беруге арналған тұрақты жәшіктердегі сайлау бюллетеньдерінің саны',
        en: 'Ballots found in stationary ballot boxes',
      },
    },
    {
      key: 'invalid',
      number: 9,
      kind: 'count',
      officialName: 'Число недействительных избирательных бюллетеней',
      label: {
        ru: 'Число недействительных избирательных бюллетеней',
        kk: 'Жарамсыз сайлау бюллетеньдерінің саны',
        en: 'Invalid ballots',
      },
    },
    {
      key: 'valid',
      number: 10,
      kind: 'count',
      officialName: 'Число действительных избирательных бюллетеней',
      label: {
        ru: 'Число действительных избирательных бюллетеней',
        kk: 'Жарамды сайлау бюллетеньдерінің саны',
        en: 'Valid ballots',
      },
    },
    {
      key: 'lost',
      number: 11,
      kind: 'count',
      officialName: 'Число утраченных избирательных бюллетеней',
      label: {
        ru: 'Число утраченных избирательных бюллетеней',
        kk: 'Жоғалған сайлау бюллетеньдерінің саны',
        en: 'Lost ballots',
      },
    },
    {
      key: 'not_counted',
      number: 12,
      kind: 'count',
      officialName: 'Число избирательных бюллетеней, не учтенных при получении',
      label: {
        ru: 'Число избирательных бюллетеней, не учтенных при получении',
        kk: 'Алу кезінде есепке алынбаған сайлау бюллетеньдерінің саны',
        en: 'Ballots not accounted for on receipt',
      },
    },
  ],
  relations: [
    {
      id: 'ru_received_balance',
      left: { plus: ['ballots_received'] },
      op: '=',
      right: {
        plus: ['issued_early', 'issued_in_station', 'issued_outside', 'cancelled', 'lost'],
        minus: ['not_counted'],
      },
      severity: 'error',
    },
    {
      id: 'ru_boxes_balance',
      left: { plus: ['in_portable_boxes', 'in_stationary_boxes'] },
      op: '=',
      right: { plus: ['invalid', 'valid'] },
      severity: 'error',
    },
    {
      id: 'ru_valid_is_options',
      left: { plus: ['valid'] },
      op: '=',
      right: { plus: [ALL_OPTIONS] },
      severity: 'error',
    },
    {
      id: 'ru_boxes_le_issued',
      left: { plus: ['in_portable_boxes', 'in_stationary_boxes'] },
      op: '<=',
      right: { plus: ['issued_early', 'issued_in_station', 'issued_outside'] },
      severity: 'warning',
    },
    {
      id: 'ru_portable_le_outside',
      left: { plus: ['in_portable_boxes'] },
      op: '<=',
      right: { plus: ['issued_outside'] },
      severity: 'warning',
    },
    {
      id: 'ru_issued_le_list',
      left: { plus: ['issued_early', 'issued_in_station', 'issued_outside'] },
      op: '<=',
      right: { plus: ['voters_on_list'] },
      severity: 'warning',
    },
  ],
};

/**
 * Kazakhstan: the precinct commission's protocol per the Constitutional Law "On elections in the
 * Republic of Kazakhstan" (art. 43) and the CEC's protocol forms. The official Russian names below
 * follow the law's wording and have NOT been checked against a printed form yet (see README).
 * The number of valid ballots is not a line of its own: it is the sum of the option lines.
 */
export const kazakhstanProtocolTemplate: ProtocolTemplate = {
  code: 'kz',
  lines: [
    {
      key: 'voters_on_lists',
      number: 1,
      kind: 'count',
      officialName: 'Количество избирателей, внесенных в списки избирателей',
      label: {
        ru: 'Количество избирателей, внесенных в списки избирателей',
        kk: 'Сайлаушылар тізімдеріне енгізілген сайлаушылар саны',
        en: 'Voters on the voter lists',
      },
    },
    {
      key: 'ballots_received',
      number: 2,
      kind: 'count',
      officialName: 'Количество избирательных бюллетеней, полученных участковой избирательной комиссией',
      label: {
        ru: 'Количество избирательных бюллетеней, полученных участковой избирательной комиссией',
        kk: 'Учаскелік сайлау комиссиясы алған сайлау бюллетеньдерінің саны',
        en: 'Ballots received by the precinct commission',
      },
    },
    {
      key: 'voters_received_ballots',
      number: 3,
      kind: 'count',
      officialName: 'Количество избирателей, получивших избирательные бюллетени',
      label: {
        ru: 'Количество избирателей, получивших избирательные бюллетени',
        kk: 'Сайлау бюллетеньдерін алған сайлаушылар саны',
        en: 'Voters who received ballots',
      },
    },
    {
      key: 'ballots_cancelled',
      number: 4,
      kind: 'count',
      officialName:
        'Количество испорченных и неиспользованных избирательных бюллетеней, погашенных в установленном порядке',
      label: {
        ru: 'Количество испорченных и неиспользованных избирательных бюллетеней, погашенных в установленном порядке',
        kk: 'Белгіленген тәртіппен жойылған бүлінген және пайдаланылмаған сайлау бюллетеньдерінің саны',
        en: 'Spoiled and unused ballots cancelled',
      },
    },
    {
      key: 'voters_took_part',
      number: 5,
      kind: 'count',
      officialName: 'Количество избирателей, принявших участие в голосовании',
      label: {
        ru: 'Количество избирателей, принявших участие в голосовании (бюллетени в ящиках)',
        kk: 'Дауыс беруге қатысқан сайлаушылар саны (жәшіктердегі бюллетеньдер)',
        en: 'Voters who took part (ballots found in the boxes)',
      },
    },
    {
      key: 'invalid_ballots',
      number: 6,
      kind: 'count',
      officialName: 'Количество избирательных бюллетеней, признанных недействительными',
      label: {
        ru: 'Количество избирательных бюллетеней, признанных недействительными',
        kk: 'Жарамсыз деп танылған сайлау бюллетеньдерінің саны',
        en: 'Ballots declared invalid',
      },
    },
  ],
  relations: [
    {
      id: 'kz_received_balance',
      left: { plus: ['ballots_received'] },
      op: '=',
      right: { plus: ['voters_received_ballots', 'ballots_cancelled'] },
      severity: 'error',
    },
    {
      id: 'kz_boxes_balance',
      left: { plus: [ALL_OPTIONS, 'invalid_ballots'] },
      op: '=',
      right: { plus: ['voters_took_part'] },
      severity: 'error',
    },
    {
      id: 'kz_boxes_le_issued',
      left: { plus: ['voters_took_part'] },
      op: '<=',
      right: { plus: ['voters_received_ballots'] },
      severity: 'warning',
    },
    {
      id: 'kz_issued_le_lists',
      left: { plus: ['voters_received_ballots'] },
      op: '<=',
      right: { plus: ['voters_on_lists'] },
      severity: 'warning',
    },
  ],
};

export const protocolTemplates = { kz: kazakhstanProtocolTemplate, ru: russiaProtocolTemplate } as const;
