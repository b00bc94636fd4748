import type { AreaLevel, BallotOption, LocalizedText } from '@pollwatch/core';

/**
 * The demo: Kazakhstan's presidential election of 20 November 2022. Regions as they were then
 * (17 oblasts after the June 2022 reform, and three cities of national significance); Almaty's
 * eight districts; the six candidates in ballot order (alphabetical) and "against all".
 * Station addresses are generated and fictional.
 */
export const demoElection = {
  name: {
    ru: 'Выборы Президента Республики Казахстан 20 ноября 2022 года (демо)',
    kk: 'Қазақстан Республикасы Президентінің 2022 жылғы 20 қарашадағы сайлауы (демо)',
    en: 'Presidential election of Kazakhstan, 20 November 2022 (demo)',
  },
  kind: 'presidential' as const,
  votingDate: '2022-11-20',
  timeZone: 'Asia/Almaty',
  pollsOpen: '07:00',
  pollsClose: '20:00',
  monitoringFrom: '2022-11-10',
};

export const demoBallotOptions: BallotOption[] = [
  {
    code: 'abden',
    kind: 'candidate',
    name: { ru: 'Абден Каракат Бейсеновна', kk: 'Әбден Қаракат Бейсенқызы', en: 'Karakat Abden' },
  },
  {
    code: 'auesbayev',
    kind: 'candidate',
    name: { ru: 'Ауесбаев Нурлан Ахметжанович', kk: 'Әуесбаев Нұрлан Ахметжанұлы', en: 'Nurlan Auesbayev' },
  },
  {
    code: 'dairabayev',
    kind: 'candidate',
    name: { ru: 'Дайрабаев Жигули Алдабергенович', kk: 'Дайрабаев Жиғули Алдабергенұлы', en: 'Zhiguli Dairabayev' },
  },
  { code: 'kazhyken', kind: 'candidate', name: { ru: 'Кажыкен Мейрам', kk: 'Қажыкен Мейірам', en: 'Meiram Kazhyken' } },
  {
    code: 'tokayev',
    kind: 'candidate',
    name: { ru: 'Токаев Касым-Жомарт Кемелевич', kk: 'Тоқаев Қасым-Жомарт Кемелұлы', en: 'Kassym-Jomart Tokayev' },
  },
  {
    code: 'tursynbekova',
    kind: 'candidate',
    name: { ru: 'Турсынбекова Салтанат Закановна', kk: 'Тұрсынбекова Салтанат Заққызы', en: 'Saltanat Tursynbekova' },
  },
  { code: 'against_all', kind: 'against_all', name: { ru: 'Против всех', kk: 'Барлығына қарсы', en: 'Against all' } },
];

export interface DemoArea {
  code: string;
  parent: string | null;
  level: AreaLevel;
  name: LocalizedText;
}

const region = (code: string, ru: string, kk: string, en: string): DemoArea => ({
  code: `DEMO-${code}`,
  parent: 'DEMO-KZ',
  level: 'region',
  name: { ru, kk, en },
});

export const demoAreas: DemoArea[] = [
  { code: 'DEMO-KZ', parent: null, level: 'country', name: { ru: 'Казахстан', kk: 'Қазақстан', en: 'Kazakhstan' } },
  region('AST', 'Астана', 'Астана қаласы', 'Astana'),
  region('ALA', 'Алматы', 'Алматы қаласы', 'Almaty'),
  region('SHY', 'Шымкент', 'Шымкент қаласы', 'Shymkent'),
  region('ABA', 'Абайская область', 'Абай облысы', 'Abai Region'),
  region('AKM', 'Акмолинская область', 'Ақмола облысы', 'Akmola Region'),
  region('AKT', 'Актюбинская область', 'Ақтөбе облысы', 'Aktobe Region'),
  region('ALM', 'Алматинская область', 'Алматы облысы', 'Almaty Region'),
  region('ATY', 'Атырауская область', 'Атырау облысы', 'Atyrau Region'),
  region('VOS', 'Восточно-Казахстанская область', 'Шығыс Қазақстан облысы', 'East Kazakhstan Region'),
  region('ZHA', 'Жамбылская область', 'Жамбыл облысы', 'Zhambyl Region'),
  region('ZHT', 'Область Жетісу', 'Жетісу облысы', 'Jetisu Region'),
  region('ZAP', 'Западно-Казахстанская область', 'Батыс Қазақстан облысы', 'West Kazakhstan Region'),
  region('KAR', 'Карагандинская область', 'Қарағанды облысы', 'Karaganda Region'),
  region('KUS', 'Костанайская область', 'Қостанай облысы', 'Kostanay Region'),
  region('KZY', 'Кызылординская область', 'Қызылорда облысы', 'Kyzylorda Region'),
  region('MAN', 'Мангистауская область', 'Маңғыстау облысы', 'Mangystau Region'),
  region('PAV', 'Павлодарская область', 'Павлодар облысы', 'Pavlodar Region'),
  region('SEV', 'Северо-Казахстанская область', 'Солтүстік Қазақстан облысы', 'North Kazakhstan Region'),
  region('YUZ', 'Туркестанская область', 'Түркістан облысы', 'Turkestan Region'),
  region('ULY', 'Область Ұлытау', 'Ұлытау облысы', 'Ulytau Region'),
  {
    code: 'DEMO-ABROAD',
    parent: 'DEMO-KZ',
    level: 'abroad',
    name: { ru: 'Участки за рубежом', kk: 'Шетелдегі учаскелер', en: 'Stations abroad' },
  },
  ...(
    [
      ['ALATAU', 'Алатауский район', 'Алатау ауданы', 'Alatau District'],
      ['ALMALY', 'Алмалинский район', 'Алмалы ауданы', 'Almaly District'],
      ['AUEZOV', 'Ауэзовский район', 'Әуезов ауданы', 'Auezov District'],
      ['BOSTANDYK', 'Бостандыкский район', 'Бостандық ауданы', 'Bostandyk District'],
      ['ZHETYSU', 'Жетысуский район', 'Жетісу ауданы', 'Zhetysu District'],
      ['MEDEU', 'Медеуский район', 'Медеу ауданы', 'Medeu District'],
      ['NAURYZBAY', 'Наурызбайский район', 'Наурызбай ауданы', 'Nauryzbay District'],
      ['TURKSIB', 'Турксибский район', 'Түрксіб ауданы', 'Turksib District'],
    ] as const
  ).map(
    ([code, ru, kk, en]): DemoArea => ({
      code: `DEMO-ALA-${code}`,
      parent: 'DEMO-ALA',
      level: 'district',
      name: { ru, kk, en },
    }),
  ),
];

/** Streets for generated addresses; house and school numbers are random, so addresses are fictional. */
export const demoStreets = [
  'пр. Абая',
  'ул. Толе би',
  'пр. Райымбека',
  'ул. Жандосова',
  'ул. Сатпаева',
  'пр. Аль-Фараби',
  'ул. Розыбакиева',
  'мкр. Самал-2',
  'мкр. Аксай-4',
  'мкр. Орбита-3',
  'ул. Момышулы',
  'пр. Суюнбая',
  'ул. Шевченко',
  'ул. Кабанбай батыра',
  'мкр. Шанырак-1',
  'ул. Бекмаханова',
];

export const DEMO_STATIONS_PER_DISTRICT = 50;
