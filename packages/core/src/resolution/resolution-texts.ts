import { type SideBySide, texts } from '../i18n/texts.ts';
import type { RecommendationStatus, ResolutionChapter, ResolutionKind } from './resolution-model.ts';

export type DocumentLocale = 'ru' | 'kk' | 'en';

/** The fixed texts of the resolution document in Russian, Kazakh and English. */
export interface ResolutionTextSet {
  kindTitle: Record<ResolutionKind, string>;
  draftMark: string;
  chapter: Record<ResolutionChapter, string>;
  recommendations: string;
  followUps: string;
  conclusions: string;
  annex: string;
  dataAsOf: (at: string) => string;
  chainHead: (seq: number, hash: string) => string;
  noChain: string;
  noData: string;
  noHqText: string;
  votingDate: (date: string) => string;
  figure: {
    stations: string;
    applicants: string;
    observersReadyApplicants: string;
    observersAssigned: string;
    readinessVisited: string;
    readinessWithProblems: string;
    coverage: (shift: string) => string;
    votingDayStations: string;
    incidents: string;
    incidentsVerified: string;
    incidentsRejected: string;
    remarks: string;
    copies: string;
    compared: string;
    discrepant: string;
    officialStations: string;
    turnout: string;
    leader: string;
    qcSample: string;
    qcReported: string;
    qcTurnout: string;
  };
  shift: Record<string, string>;
  table: {
    finding: string;
    stationsWithProblem: string;
    area: string;
    stations: string;
    visited: string;
    withProblems: string;
    incidents: string;
    kind: string;
    reports: string;
    category: string;
    severity: string;
    count: string;
    station: string;
    description: string;
    number: string;
    commission: string;
    remark: string;
    legalBasis: string;
    status: string;
    answer: string;
    votesMoved: string;
    lines: string;
    test: string;
    value: string;
    observed: string;
    expected: string;
    option: string;
    estimate: string;
    margin: string;
    chapter: string;
    recommendation: string;
    evidence: string;
    readiness: string;
    problems: string;
    protocolCopy: string;
    yes: string;
    no: string;
  };
  caption: {
    readinessFindings: string;
    readinessAreas: string;
    votingDay: string;
    byCategory: string;
    bySeverity: string;
    byArea: string;
    examples: string;
    remarks: string;
    remarksByStatus: string;
    discrepancies: string;
    tests: string;
    quickCount: (confidence: number) => string;
    recommendations: string;
    followUps: string;
  };
  remarkStatus: Record<string, string>;
  reportKind: Record<string, string>;
  severity: Record<string, string>;
  followUpStatus: Record<RecommendationStatus, string>;
  preliminaryNote: string;
  statTest: Record<string, string>;
}

/** Every fixed text of the resolution once, with its three languages side by side (a missing one shows). */
const table: SideBySide<ResolutionTextSet> = {
  kindTitle: {
    preliminary: {
      ru: 'Предварительное заявление',
      kk: 'Алдын ала мәлімдеме',
      en: 'Statement of preliminary findings',
    },
    final: { ru: 'Итоговая резолюция', kk: 'Қорытынды қарар', en: 'Final resolution' },
  },
  draftMark: { ru: 'ПРОЕКТ', kk: 'ЖОБА', en: 'DRAFT' },
  chapter: {
    legal_framework: { ru: 'Правовая основа', kk: 'Құқықтық негіз', en: 'Legal framework' },
    election_administration: { ru: 'Организация выборов', kk: 'Сайлауды ұйымдастыру', en: 'Election administration' },
    voter_lists: { ru: 'Списки избирателей', kk: 'Сайлаушылар тізімі', en: 'Voter lists' },
    candidates: { ru: 'Регистрация кандидатов', kk: 'Кандидаттарды тіркеу', en: 'Candidate registration' },
    campaign: { ru: 'Предвыборная агитация', kk: 'Сайлауалды үгіт', en: 'Campaign' },
    media: { ru: 'Средства массовой информации', kk: 'Бұқаралық ақпарат құралдары', en: 'Media' },
    complaints: { ru: 'Жалобы и обращения', kk: 'Шағымдар мен өтініштер', en: 'Complaints and appeals' },
    election_day: { ru: 'День голосования', kk: 'Дауыс беру күні', en: 'Election day' },
    results: { ru: 'Подсчёт голосов и итоги', kk: 'Дауыстарды санау және қорытындылар', en: 'Counting and results' },
  },
  recommendations: { ru: 'Рекомендации', kk: 'Ұсынымдар', en: 'Recommendations' },
  followUps: {
    ru: 'Выполнение прежних рекомендаций',
    kk: 'Бұрынғы ұсынымдардың орындалуы',
    en: 'Follow-up of earlier recommendations',
  },
  conclusions: { ru: 'Выводы', kk: 'Қорытындылар', en: 'Conclusions' },
  annex: {
    ru: 'Приложение. Данные по избирательным участкам',
    kk: 'Қосымша. Сайлау учаскелері бойынша деректер',
    en: 'Annex. Data per polling station',
  },
  dataAsOf: {
    ru: (at) => `Данные по состоянию на ${at} (UTC)`,
    kk: (at) => `Деректер ${at} (UTC) жағдай бойынша`,
    en: (at) => `Data as of ${at} (UTC)`,
  },
  chainHead: {
    ru: (seq, hash) => `Цепочка хешей: запись ${seq}, ${hash}`,
    kk: (seq, hash) => `Хэш тізбегі: ${seq}-жазба, ${hash}`,
    en: (seq, hash) => `Hash chain: entry ${seq}, ${hash}`,
  },
  noChain: {
    ru: 'Цепочка хешей пуста: отчётов наблюдателей нет',
    kk: 'Хэш тізбегі бос: байқаушылардың есептері жоқ',
    en: 'The hash chain is empty: no observers’ reports',
  },
  noData: { ru: 'Данных нет.', kk: 'Деректер жоқ.', en: 'No data.' },
  noHqText: {
    ru: 'Штаб не добавил текст к этой главе.',
    kk: 'Штаб бұл тарауға мәтін қоспады.',
    en: 'The HQ added no text to this chapter.',
  },
  votingDate: {
    ru: (date) => `День голосования: ${date}`,
    kk: (date) => `Дауыс беру күні: ${date}`,
    en: (date) => `Voting day: ${date}`,
  },
  figure: {
    stations: { ru: 'Избирательных участков', kk: 'Сайлау учаскелері', en: 'Polling stations' },
    applicants: { ru: 'Кандидатов в наблюдатели', kk: 'Байқаушылыққа үміткерлер', en: 'Observer applicants' },
    observersReadyApplicants: { ru: 'Подготовленных наблюдателей', kk: 'Дайын байқаушылар', en: 'Observers ready' },
    observersAssigned: { ru: 'Наблюдателей расставлено', kk: 'Орналастырылған байқаушылар', en: 'Observers assigned' },
    readinessVisited: {
      ru: 'Участков посещено до дня голосования',
      kk: 'Дауыс беру күніне дейін барған учаскелер',
      en: 'Stations visited before voting day',
    },
    readinessWithProblems: {
      ru: 'Участков с замечаниями о готовности',
      kk: 'Дайындығында кемшілік бар учаскелер',
      en: 'Stations with readiness findings',
    },
    coverage: {
      ru: (shift) => `Покрытие, ${shift}`,
      kk: (shift) => `Қамту, ${shift}`,
      en: (shift) => `Coverage, ${shift}`,
    },
    votingDayStations: {
      ru: 'Участков с отчётами в день голосования',
      kk: 'Дауыс беру күні есеп берген учаскелер',
      en: 'Stations reporting on voting day',
    },
    incidents: { ru: 'Сообщений о нарушениях', kk: 'Бұзушылық туралы хабарламалар', en: 'Incident reports' },
    incidentsVerified: { ru: 'из них подтверждено штабом', kk: 'оның ішінде штаб растағаны', en: 'verified by the HQ' },
    incidentsRejected: { ru: 'отклонено штабом', kk: 'штаб қабылдамағаны', en: 'rejected by the HQ' },
    remarks: {
      ru: 'Замечаний направлено комиссиям',
      kk: 'Комиссияларға жолданған ескертулер',
      en: 'Remarks addressed to commissions',
    },
    copies: {
      ru: 'Копий протоколов от наблюдателей',
      kk: 'Байқаушылардың хаттама көшірмелері',
      en: 'Observers’ protocol copies',
    },
    compared: {
      ru: 'Сравнено с официальными итогами',
      kk: 'Ресми қорытындылармен салыстырылғаны',
      en: 'Compared with official results',
    },
    discrepant: {
      ru: 'Участков с расхождениями',
      kk: 'Сәйкессіздігі бар учаскелер',
      en: 'Stations with discrepancies',
    },
    officialStations: {
      ru: 'Участков в официальных итогах',
      kk: 'Ресми қорытындылардағы учаскелер',
      en: 'Stations in the official results',
    },
    turnout: {
      ru: 'Явка по официальным данным',
      kk: 'Ресми деректер бойынша сайлаушылардың келуі',
      en: 'Official turnout',
    },
    leader: { ru: 'Лидер', kk: 'Көшбасшы', en: 'Leader' },
    qcSample: {
      ru: 'Участков в выборке параллельного подсчёта',
      kk: 'Параллель санау іріктемесіндегі учаскелер',
      en: 'Stations in the quick count sample',
    },
    qcReported: { ru: 'из них прислали протокол', kk: 'оның ішінде хаттама жібергені', en: 'of them reported' },
    qcTurnout: {
      ru: 'Явка по параллельному подсчёту',
      kk: 'Параллель санау бойынша сайлаушылардың келуі',
      en: 'Quick count turnout',
    },
  },
  shift: {
    readiness: { ru: 'готовность', kk: 'дайындық', en: 'readiness' },
    voting_day: { ru: 'день голосования', kk: 'дауыс беру күні', en: 'voting day' },
    opening: { ru: 'открытие', kk: 'ашылуы', en: 'opening' },
    counting: { ru: 'подсчёт', kk: 'санау', en: 'counting' },
  },
  table: {
    finding: { ru: 'Пункт проверки', kk: 'Тексеру тармағы', en: 'Checklist item' },
    stationsWithProblem: {
      ru: 'Участков с недостатком',
      kk: 'Кемшілігі бар учаскелер',
      en: 'Stations with the problem',
    },
    area: { ru: 'Территория', kk: 'Аумақ', en: 'Area' },
    stations: { ru: 'Участков', kk: 'Учаскелер', en: 'Stations' },
    visited: { ru: 'Посещено', kk: 'Барғаны', en: 'Visited' },
    withProblems: { ru: 'С недостатками', kk: 'Кемшілігі барлары', en: 'With problems' },
    incidents: { ru: 'Нарушений', kk: 'Бұзушылықтар', en: 'Incidents' },
    kind: { ru: 'Вид отчёта', kk: 'Есеп түрі', en: 'Report' },
    reports: { ru: 'Отчётов', kk: 'Есептер', en: 'Reports' },
    category: { ru: 'Вид нарушения', kk: 'Бұзушылық түрі', en: 'Category' },
    severity: { ru: 'Серьёзность', kk: 'Ауырлығы', en: 'Severity' },
    count: { ru: 'Число', kk: 'Саны', en: 'Count' },
    station: { ru: 'Участок', kk: 'Учаске', en: 'Station' },
    description: { ru: 'Описание', kk: 'Сипаттамасы', en: 'Description' },
    number: { ru: '№', kk: '№', en: 'No.' },
    commission: { ru: 'Комиссия', kk: 'Комиссия', en: 'Commission' },
    remark: { ru: 'Замечание', kk: 'Ескерту', en: 'Remark' },
    legalBasis: { ru: 'Правовое основание', kk: 'Құқықтық негіз', en: 'Legal basis' },
    status: { ru: 'Статус', kk: 'Мәртебесі', en: 'Status' },
    answer: { ru: 'Ответ комиссии', kk: 'Комиссияның жауабы', en: 'Commission’s answer' },
    votesMoved: { ru: 'Голосов расходится', kk: 'Сәйкес келмейтін дауыстар', en: 'Votes moved' },
    lines: {
      ru: 'Строки протокола (копия / официально)',
      kk: 'Хаттама жолдары (көшірме / ресми)',
      en: 'Protocol lines (copy / official)',
    },
    test: { ru: 'Проверка', kk: 'Тексеру', en: 'Test' },
    value: { ru: 'Значение', kk: 'Мәні', en: 'Value' },
    observed: { ru: 'Наблюдается', kk: 'Байқалғаны', en: 'Observed' },
    expected: { ru: 'Ожидается', kk: 'Күтілгені', en: 'Expected' },
    option: { ru: 'Вариант', kk: 'Нұсқа', en: 'Option' },
    estimate: { ru: 'Оценка, %', kk: 'Бағалау, %', en: 'Estimate, %' },
    margin: { ru: 'Погрешность, ±', kk: 'Қателік, ±', en: 'Margin, ±' },
    chapter: { ru: 'Глава', kk: 'Тарау', en: 'Chapter' },
    recommendation: { ru: 'Рекомендация', kk: 'Ұсыным', en: 'Recommendation' },
    evidence: { ru: 'Основание оценки', kk: 'Бағалау негізі', en: 'Evidence' },
    readiness: { ru: 'Готовность', kk: 'Дайындық', en: 'Readiness' },
    problems: { ru: 'Недостатки', kk: 'Кемшіліктер', en: 'Problems' },
    protocolCopy: { ru: 'Копия протокола', kk: 'Хаттама көшірмесі', en: 'Protocol copy' },
    yes: { ru: 'да', kk: 'иә', en: 'yes' },
    no: { ru: 'нет', kk: 'жоқ', en: 'no' },
  },
  caption: {
    readinessFindings: {
      ru: 'Недостатки готовности по пунктам проверки',
      kk: 'Тексеру тармақтары бойынша дайындық кемшіліктері',
      en: 'Readiness findings per checklist item',
    },
    readinessAreas: {
      ru: 'Мониторинг готовности по территориям',
      kk: 'Аумақтар бойынша дайындық мониторингі',
      en: 'Readiness monitoring per area',
    },
    votingDay: {
      ru: 'Отчёты наблюдателей в день голосования',
      kk: 'Дауыс беру күнгі байқаушылардың есептері',
      en: 'Observers’ reports on voting day',
    },
    byCategory: { ru: 'Нарушения по видам', kk: 'Бұзушылықтар түрлері бойынша', en: 'Incidents by category' },
    bySeverity: { ru: 'Нарушения по серьёзности', kk: 'Бұзушылықтар ауырлығы бойынша', en: 'Incidents by severity' },
    byArea: { ru: 'Нарушения по территориям', kk: 'Бұзушылықтар аумақтар бойынша', en: 'Incidents by area' },
    examples: {
      ru: 'Подтверждённые примеры нарушений',
      kk: 'Расталған бұзушылықтардың мысалдары',
      en: 'Verified examples of incidents',
    },
    remarks: {
      ru: 'Реестр замечаний и действия комиссий',
      kk: 'Ескертулер тізілімі және комиссиялардың әрекеттері',
      en: 'Remarks register and what the commissions did',
    },
    remarksByStatus: { ru: 'Замечания по статусам', kk: 'Ескертулер мәртебелері бойынша', en: 'Remarks by status' },
    discrepancies: {
      ru: 'Расхождения между копиями протоколов и официальными итогами',
      kk: 'Хаттама көшірмелері мен ресми қорытындылар арасындағы сәйкессіздіктер',
      en: 'Discrepancies between observers’ protocol copies and official results',
    },
    tests: {
      ru: 'Статистические проверки официальных итогов',
      kk: 'Ресми қорытындыларды статистикалық тексеру',
      en: 'Statistical tests of the official results',
    },
    quickCount: {
      ru: (c) => `Параллельный подсчёт голосов (доверительный уровень ${c} %)`,
      kk: (c) => `Дауыстарды параллель санау (сенімділік деңгейі ${c} %)`,
      en: (c) => `Quick count (${c} % confidence)`,
    },
    recommendations: { ru: 'Рекомендации', kk: 'Ұсынымдар', en: 'Recommendations' },
    followUps: {
      ru: 'Прежние рекомендации и их выполнение',
      kk: 'Бұрынғы ұсынымдар және олардың орындалуы',
      en: 'Earlier recommendations and their follow-up',
    },
  },
  remarkStatus: {
    draft: { ru: 'черновик', kk: 'жоба', en: 'draft' },
    sent: { ru: 'направлено', kk: 'жолданды', en: 'sent' },
    acknowledged: { ru: 'принято к рассмотрению', kk: 'қарауға алынды', en: 'acknowledged' },
    resolved: { ru: 'устранено', kk: 'жойылды', en: 'resolved' },
    not_resolved: { ru: 'не устранено', kk: 'жойылмады', en: 'not resolved' },
    no_answer: { ru: 'нет ответа', kk: 'жауап жоқ', en: 'no answer' },
  },
  reportKind: {
    opening: { ru: 'Открытие', kk: 'Ашылуы', en: 'Opening' },
    turnout: { ru: 'Явка', kk: 'Сайлаушылардың келуі', en: 'Turnout' },
    incident: { ru: 'Нарушение', kk: 'Бұзушылық', en: 'Incident' },
    protocol: { ru: 'Протокол', kk: 'Хаттама', en: 'Protocol' },
    closing: { ru: 'Закрытие', kk: 'Жабылуы', en: 'Closing' },
    readiness: { ru: 'Готовность', kk: 'Дайындық', en: 'Readiness' },
    voting: { ru: 'Голосование', kk: 'Дауыс беру', en: 'Voting' },
    custom: { ru: 'Анкета', kk: 'Сауалнама', en: 'Checklist' },
  },
  severity: {
    low: { ru: 'незначительное', kk: 'елеусіз', en: 'low' },
    medium: { ru: 'существенное', kk: 'елеулі', en: 'medium' },
    high: { ru: 'серьёзное', kk: 'ауыр', en: 'high' },
  },
  followUpStatus: {
    addressed: { ru: 'выполнена', kk: 'орындалды', en: 'addressed' },
    partly: { ru: 'выполнена частично', kk: 'ішінара орындалды', en: 'partly addressed' },
    not_addressed: { ru: 'не выполнена', kk: 'орындалмады', en: 'not addressed' },
  },
  preliminaryNote: {
    ru: 'Предварительное заявление основано на данных, проверенных штабом к моменту его составления; итоговая резолюция последует.',
    kk: 'Алдын ала мәлімдеме штаб оны жасаған сәтке дейін растаған деректерге негізделген; қорытынды қарар кейін шығады.',
    en: 'This preliminary statement rests on what the HQ had verified when it was written; the final resolution will follow.',
  },
  statTest: {
    integer_percentages: {
      ru: 'Участки с целыми процентами явки или лидера',
      kk: 'Сайлаушылардың келуі немесе көшбасшы үлесі бүтін пайыз болған учаскелер',
      en: 'Stations with an integer turnout or leader share',
    },
    last_digit: {
      ru: 'Последние цифры числа голосов (χ²)',
      kk: 'Дауыстар санының соңғы цифрлары (χ²)',
      en: 'Last digits of vote counts (χ²)',
    },
    shpilkin: {
      ru: 'Аномальные голоса лидера (метод Шпилькина)',
      kk: 'Көшбасшының аномальды дауыстары (Шпилькин әдісі)',
      en: 'Anomalous votes for the leader (Shpilkin)',
    },
    protocol_checks: {
      ru: 'Официальные протоколы с нарушенными контрольными соотношениями',
      kk: 'Бақылау арақатынасы бұзылған ресми хаттамалар',
      en: 'Official protocols failing control relations',
    },
  },
};

export const resolutionTexts = texts(table) as Record<DocumentLocale, ResolutionTextSet>;
