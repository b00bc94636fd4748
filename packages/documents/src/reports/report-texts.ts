import { type InLanguage, texts } from '@pollwatch/core';

/** The printed texts of the report documents (titles and column names), in the three languages. */
export type ReportLocale = 'ru' | 'kk' | 'en';

/** Every text once, keyed by language. */
const table = {
  made: { ru: 'Сформировано', kk: 'Құрастырылды', en: 'Made' },
  election: { ru: 'Выборы', kk: 'Сайлау', en: 'Election' },
  area: { ru: 'Территория', kk: 'Аумақ', en: 'Area' },
  wholeScope: { ru: 'вся территория', kk: 'бүкіл аумақ', en: 'whole area' },
  yes: { ru: 'да', kk: 'иә', en: 'yes' },
  no: { ru: 'нет', kk: 'жоқ', en: 'no' },
  none: { ru: 'нет данных', kk: 'дерек жоқ', en: 'no data' },
  incidents: {
    title: { ru: 'Список нарушений', kk: 'Бұзушылықтар тізімі', en: 'Incident list' },
    section: { ru: 'Нарушения', kk: 'Бұзушылықтар', en: 'Incidents' },
    columns: [
      { ru: 'Время', kk: 'Уақыты', en: 'Time' },
      { ru: 'Регион', kk: 'Өңір', en: 'Region' },
      { ru: 'Участок', kk: 'Учаске', en: 'Station' },
      { ru: 'Категория', kk: 'Санат', en: 'Category' },
      { ru: 'Серьёзность', kk: 'Маңыздылығы', en: 'Severity' },
      { ru: 'Описание', kk: 'Сипаттамасы', en: 'Description' },
      { ru: 'Жалоба подана', kk: 'Шағым берілді', en: 'Complaint filed' },
      { ru: 'Проверка', kk: 'Тексеру', en: 'Verification' },
      { ru: 'Отчёт', kk: 'Есеп', en: 'Report' },
    ],
    empty: { ru: 'Нарушений нет.', kk: 'Бұзушылық жоқ.', en: 'No incidents.' },
  },
  readiness: {
    title: {
      ru: 'Готовность избирательных участков',
      kk: 'Сайлау учаскелерінің дайындығы',
      en: 'Readiness of polling stations',
    },
    period: { ru: 'Период мониторинга', kk: 'Мониторинг кезеңі', en: 'Monitoring period' },
    totals: { ru: 'Итого', kk: 'Барлығы', en: 'Totals' },
    totalsColumns: [
      { ru: 'Участков', kk: 'Учаскелер', en: 'Stations' },
      { ru: 'Посещено', kk: 'Барылды', en: 'Visited' },
      { ru: 'С проблемами', kk: 'Мәселелері бар', en: 'With problems' },
    ],
    findings: {
      ru: 'Результаты по пунктам проверки',
      kk: 'Тексеру тармақтары бойынша нәтижелер',
      en: 'Findings per checklist item',
    },
    findingsColumns: [
      { ru: 'Пункт', kk: 'Тармақ', en: 'Item' },
      { ru: 'Участков с проблемой', kk: 'Мәселесі бар учаскелер', en: 'Stations with the problem' },
      { ru: 'Ответы', kk: 'Жауаптар', en: 'Answers' },
    ],
    areas: { ru: 'По территориям', kk: 'Аумақтар бойынша', en: 'By area' },
    areasColumns: [
      { ru: 'Территория', kk: 'Аумақ', en: 'Area' },
      { ru: 'Участков', kk: 'Учаскелер', en: 'Stations' },
      { ru: 'Посещено', kk: 'Барылды', en: 'Visited' },
      { ru: 'С проблемами', kk: 'Мәселелері бар', en: 'With problems' },
    ],
    stations: { ru: 'Участки', kk: 'Учаскелер', en: 'Stations' },
    stationsColumns: [
      { ru: '№', kk: '№', en: 'No.' },
      { ru: 'Адрес', kk: 'Мекенжайы', en: 'Address' },
      { ru: 'Территория', kk: 'Аумақ', en: 'Area' },
      { ru: 'Посещён', kk: 'Барылды', en: 'Visited' },
      { ru: 'Проблемы', kk: 'Мәселелер', en: 'Problems' },
    ],
  },
  dossier: {
    title: { ru: 'Досье избирательного участка', kk: 'Сайлау учаскесінің деректері', en: 'Polling station dossier' },
    station: { ru: 'Участок', kk: 'Учаске', en: 'Station' },
    address: { ru: 'Адрес', kk: 'Мекенжайы', en: 'Address' },
    registered: { ru: 'Избирателей в списках', kk: 'Тізімдегі сайлаушылар', en: 'Registered voters' },
    visits: { ru: 'Посещения для проверки готовности', kk: 'Дайындықты тексеру үшін бару', en: 'Readiness visits' },
    visitsColumns: [
      { ru: 'Дата', kk: 'Күні', en: 'Date' },
      { ru: 'Наблюдатель', kk: 'Байқаушы', en: 'Observer' },
    ],
    reports: { ru: 'Отчёты и их редакции', kk: 'Есептер және олардың редакциялары', en: 'Reports and their revisions' },
    reportsColumns: [
      { ru: 'Отчёт', kk: 'Есеп', en: 'Report' },
      { ru: 'Вид', kk: 'Түрі', en: 'Kind' },
      { ru: 'Редакция', kk: 'Редакция', en: 'Revision' },
      { ru: 'Получена', kk: 'Алынды', en: 'Received' },
      { ru: 'Канал', kk: 'Арна', en: 'Channel' },
      { ru: 'Отметки', kk: 'Белгілер', en: 'Flags' },
      { ru: 'Ответы', kk: 'Жауаптар', en: 'Answers' },
    ],
    photos: { ru: 'Фото', kk: 'Фото', en: 'Photos' },
    photosColumns: [
      { ru: 'Отчёт', kk: 'Есеп', en: 'Report' },
      { ru: 'Редакция', kk: 'Редакция', en: 'Revision' },
      { ru: 'SHA-256', kk: 'SHA-256', en: 'SHA-256' },
    ],
    remarks: { ru: 'Замечания', kk: 'Ескертулер', en: 'Remarks' },
    remarksColumns: [
      { ru: '№', kk: '№', en: 'No.' },
      { ru: 'Комиссия', kk: 'Комиссия', en: 'Commission' },
      { ru: 'Замечание', kk: 'Ескерту', en: 'Remark' },
      { ru: 'Статус', kk: 'Күйі', en: 'Status' },
      { ru: 'Ответ комиссии', kk: 'Комиссияның жауабы', en: "Commission's answer" },
    ],
    remarksMissing: {
      ru: 'Реестр замечаний недоступен.',
      kk: 'Ескертулер тізілімі қолжетімсіз.',
      en: 'The remarks register is not available.',
    },
    results: {
      ru: 'Официальный итог и копия протокола наблюдателя',
      kk: 'Ресми қорытынды және байқаушының хаттама көшірмесі',
      en: "Official result and the observer's protocol copy",
    },
    resultsColumns: [
      { ru: 'Строка', kk: 'Жол', en: 'Line' },
      { ru: 'Официально', kk: 'Ресми', en: 'Official' },
      { ru: 'Копия наблюдателя', kk: 'Байқаушы көшірмесі', en: "Observer's copy" },
      { ru: 'Разница', kk: 'Айырма', en: 'Difference' },
    ],
    noResults: {
      ru: 'Нет официального итога или копии протокола.',
      kk: 'Ресми қорытынды немесе хаттама көшірмесі жоқ.',
      en: 'No official result or protocol copy.',
    },
    empty: { ru: 'Нет.', kk: 'Жоқ.', en: 'None.' },
  },
};

export const reportTexts: Record<ReportLocale, InLanguage<typeof table>> = texts(table);
