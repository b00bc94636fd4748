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

const ru: ResolutionTextSet = {
  kindTitle: { preliminary: 'Предварительное заявление', final: 'Итоговая резолюция' },
  draftMark: 'ПРОЕКТ',
  chapter: {
    legal_framework: 'Правовая основа',
    election_administration: 'Организация выборов',
    voter_lists: 'Списки избирателей',
    candidates: 'Регистрация кандидатов',
    campaign: 'Предвыборная агитация',
    media: 'Средства массовой информации',
    complaints: 'Жалобы и обращения',
    election_day: 'День голосования',
    results: 'Подсчёт голосов и итоги',
  },
  recommendations: 'Рекомендации',
  followUps: 'Выполнение прежних рекомендаций',
  conclusions: 'Выводы',
  annex: 'Приложение. Данные по избирательным участкам',
  dataAsOf: (at) => `Данные по состоянию на ${at} (UTC)`,
  chainHead: (seq, hash) => `Цепочка хешей: запись ${seq}, ${hash}`,
  noChain: 'Цепочка хешей пуста: отчётов наблюдателей нет',
  noData: 'Данных нет.',
  noHqText: 'Штаб не добавил текст к этой главе.',
  votingDate: (date) => `День голосования: ${date}`,
  figure: {
    stations: 'Избирательных участков',
    applicants: 'Кандидатов в наблюдатели',
    observersReadyApplicants: 'Подготовленных наблюдателей',
    observersAssigned: 'Наблюдателей расставлено',
    readinessVisited: 'Участков посещено до дня голосования',
    readinessWithProblems: 'Участков с замечаниями о готовности',
    coverage: (shift) => `Покрытие, ${shift}`,
    votingDayStations: 'Участков с отчётами в день голосования',
    incidents: 'Сообщений о нарушениях',
    incidentsVerified: 'из них подтверждено штабом',
    incidentsRejected: 'отклонено штабом',
    remarks: 'Замечаний направлено комиссиям',
    copies: 'Копий протоколов от наблюдателей',
    compared: 'Сравнено с официальными итогами',
    discrepant: 'Участков с расхождениями',
    officialStations: 'Участков в официальных итогах',
    turnout: 'Явка по официальным данным',
    leader: 'Лидер',
    qcSample: 'Участков в выборке параллельного подсчёта',
    qcReported: 'из них прислали протокол',
    qcTurnout: 'Явка по параллельному подсчёту',
  },
  shift: { readiness: 'готовность', voting_day: 'день голосования', opening: 'открытие', counting: 'подсчёт' },
  table: {
    finding: 'Пункт проверки',
    stationsWithProblem: 'Участков с недостатком',
    area: 'Территория',
    stations: 'Участков',
    visited: 'Посещено',
    withProblems: 'С недостатками',
    incidents: 'Нарушений',
    kind: 'Вид отчёта',
    reports: 'Отчётов',
    category: 'Вид нарушения',
    severity: 'Серьёзность',
    count: 'Число',
    station: 'Участок',
    description: 'Описание',
    number: '№',
    commission: 'Комиссия',
    remark: 'Замечание',
    legalBasis: 'Правовое основание',
    status: 'Статус',
    answer: 'Ответ комиссии',
    votesMoved: 'Голосов расходится',
    lines: 'Строки протокола (копия / официально)',
    test: 'Проверка',
    value: 'Значение',
    observed: 'Наблюдается',
    expected: 'Ожидается',
    option: 'Вариант',
    estimate: 'Оценка, %',
    margin: 'Погрешность, ±',
    chapter: 'Глава',
    recommendation: 'Рекомендация',
    evidence: 'Основание оценки',
    readiness: 'Готовность',
    problems: 'Недостатки',
    protocolCopy: 'Копия протокола',
    yes: 'да',
    no: 'нет',
  },
  caption: {
    readinessFindings: 'Недостатки готовности по пунктам проверки',
    readinessAreas: 'Мониторинг готовности по территориям',
    votingDay: 'Отчёты наблюдателей в день голосования',
    byCategory: 'Нарушения по видам',
    bySeverity: 'Нарушения по серьёзности',
    byArea: 'Нарушения по территориям',
    examples: 'Подтверждённые примеры нарушений',
    remarks: 'Реестр замечаний и действия комиссий',
    remarksByStatus: 'Замечания по статусам',
    discrepancies: 'Расхождения между копиями протоколов и официальными итогами',
    tests: 'Статистические проверки официальных итогов',
    quickCount: (c) => `Параллельный подсчёт голосов (доверительный уровень ${c} %)`,
    recommendations: 'Рекомендации',
    followUps: 'Прежние рекомендации и их выполнение',
  },
  remarkStatus: {
    draft: 'черновик',
    sent: 'направлено',
    acknowledged: 'принято к рассмотрению',
    resolved: 'устранено',
    not_resolved: 'не устранено',
    no_answer: 'нет ответа',
  },
  reportKind: {
    opening: 'Открытие',
    turnout: 'Явка',
    incident: 'Нарушение',
    protocol: 'Протокол',
    closing: 'Закрытие',
    readiness: 'Готовность',
    voting: 'Голосование',
    custom: 'Анкета',
  },
  severity: { low: 'незначительное', medium: 'существенное', high: 'серьёзное' },
  followUpStatus: { addressed: 'выполнена', partly: 'выполнена частично', not_addressed: 'не выполнена' },
  preliminaryNote:
    'Предварительное заявление основано на данных, проверенных штабом к моменту его составления; итоговая резолюция последует.',
  statTest: {
    integer_percentages: 'Участки с целыми процентами явки или лидера',
    last_digit: 'Последние цифры числа голосов (χ²)',
    shpilkin: 'Аномальные голоса лидера (метод Шпилькина)',
    protocol_checks: 'Официальные протоколы с нарушенными контрольными соотношениями',
  },
};

const kk: ResolutionTextSet = {
  kindTitle: { preliminary: 'Алдын ала мәлімдеме', final: 'Қорытынды қарар' },
  draftMark: 'ЖОБА',
  chapter: {
    legal_framework: 'Құқықтық негіз',
    election_administration: 'Сайлауды ұйымдастыру',
    voter_lists: 'Сайлаушылар тізімі',
    candidates: 'Кандидаттарды тіркеу',
    campaign: 'Сайлауалды үгіт',
    media: 'Бұқаралық ақпарат құралдары',
    complaints: 'Шағымдар мен өтініштер',
    election_day: 'Дауыс беру күні',
    results: 'Дауыстарды санау және қорытындылар',
  },
  recommendations: 'Ұсынымдар',
  followUps: 'Бұрынғы ұсынымдардың орындалуы',
  conclusions: 'Қорытындылар',
  annex: 'Қосымша. Сайлау учаскелері бойынша деректер',
  dataAsOf: (at) => `Деректер ${at} (UTC) жағдай бойынша`,
  chainHead: (seq, hash) => `Хэш тізбегі: ${seq}-жазба, ${hash}`,
  noChain: 'Хэш тізбегі бос: байқаушылардың есептері жоқ',
  noData: 'Деректер жоқ.',
  noHqText: 'Штаб бұл тарауға мәтін қоспады.',
  votingDate: (date) => `Дауыс беру күні: ${date}`,
  figure: {
    stations: 'Сайлау учаскелері',
    applicants: 'Байқаушылыққа үміткерлер',
    observersReadyApplicants: 'Дайын байқаушылар',
    observersAssigned: 'Орналастырылған байқаушылар',
    readinessVisited: 'Дауыс беру күніне дейін барған учаскелер',
    readinessWithProblems: 'Дайындығында кемшілік бар учаскелер',
    coverage: (shift) => `Қамту, ${shift}`,
    votingDayStations: 'Дауыс беру күні есеп берген учаскелер',
    incidents: 'Бұзушылық туралы хабарламалар',
    incidentsVerified: 'оның ішінде штаб растағаны',
    incidentsRejected: 'штаб қабылдамағаны',
    remarks: 'Комиссияларға жолданған ескертулер',
    copies: 'Байқаушылардың хаттама көшірмелері',
    compared: 'Ресми қорытындылармен салыстырылғаны',
    discrepant: 'Сәйкессіздігі бар учаскелер',
    officialStations: 'Ресми қорытындылардағы учаскелер',
    turnout: 'Ресми деректер бойынша сайлаушылардың келуі',
    leader: 'Көшбасшы',
    qcSample: 'Параллель санау іріктемесіндегі учаскелер',
    qcReported: 'оның ішінде хаттама жібергені',
    qcTurnout: 'Параллель санау бойынша сайлаушылардың келуі',
  },
  shift: { readiness: 'дайындық', voting_day: 'дауыс беру күні', opening: 'ашылуы', counting: 'санау' },
  table: {
    finding: 'Тексеру тармағы',
    stationsWithProblem: 'Кемшілігі бар учаскелер',
    area: 'Аумақ',
    stations: 'Учаскелер',
    visited: 'Барғаны',
    withProblems: 'Кемшілігі барлары',
    incidents: 'Бұзушылықтар',
    kind: 'Есеп түрі',
    reports: 'Есептер',
    category: 'Бұзушылық түрі',
    severity: 'Ауырлығы',
    count: 'Саны',
    station: 'Учаске',
    description: 'Сипаттамасы',
    number: '№',
    commission: 'Комиссия',
    remark: 'Ескерту',
    legalBasis: 'Құқықтық негіз',
    status: 'Мәртебесі',
    answer: 'Комиссияның жауабы',
    votesMoved: 'Сәйкес келмейтін дауыстар',
    lines: 'Хаттама жолдары (көшірме / ресми)',
    test: 'Тексеру',
    value: 'Мәні',
    observed: 'Байқалғаны',
    expected: 'Күтілгені',
    option: 'Нұсқа',
    estimate: 'Бағалау, %',
    margin: 'Қателік, ±',
    chapter: 'Тарау',
    recommendation: 'Ұсыным',
    evidence: 'Бағалау негізі',
    readiness: 'Дайындық',
    problems: 'Кемшіліктер',
    protocolCopy: 'Хаттама көшірмесі',
    yes: 'иә',
    no: 'жоқ',
  },
  caption: {
    readinessFindings: 'Тексеру тармақтары бойынша дайындық кемшіліктері',
    readinessAreas: 'Аумақтар бойынша дайындық мониторингі',
    votingDay: 'Дауыс беру күнгі байқаушылардың есептері',
    byCategory: 'Бұзушылықтар түрлері бойынша',
    bySeverity: 'Бұзушылықтар ауырлығы бойынша',
    byArea: 'Бұзушылықтар аумақтар бойынша',
    examples: 'Расталған бұзушылықтардың мысалдары',
    remarks: 'Ескертулер тізілімі және комиссиялардың әрекеттері',
    remarksByStatus: 'Ескертулер мәртебелері бойынша',
    discrepancies: 'Хаттама көшірмелері мен ресми қорытындылар арасындағы сәйкессіздіктер',
    tests: 'Ресми қорытындыларды статистикалық тексеру',
    quickCount: (c) => `Дауыстарды параллель санау (сенімділік деңгейі ${c} %)`,
    recommendations: 'Ұсынымдар',
    followUps: 'Бұрынғы ұсынымдар және олардың орындалуы',
  },
  remarkStatus: {
    draft: 'жоба',
    sent: 'жолданды',
    acknowledged: 'қарауға алынды',
    resolved: 'жойылды',
    not_resolved: 'жойылмады',
    no_answer: 'жауап жоқ',
  },
  reportKind: {
    opening: 'Ашылуы',
    turnout: 'Сайлаушылардың келуі',
    incident: 'Бұзушылық',
    protocol: 'Хаттама',
    closing: 'Жабылуы',
    readiness: 'Дайындық',
    voting: 'Дауыс беру',
    custom: 'Сауалнама',
  },
  severity: { low: 'елеусіз', medium: 'елеулі', high: 'ауыр' },
  followUpStatus: { addressed: 'орындалды', partly: 'ішінара орындалды', not_addressed: 'орындалмады' },
  preliminaryNote:
    'Алдын ала мәлімдеме штаб оны жасаған сәтке дейін растаған деректерге негізделген; қорытынды қарар кейін шығады.',
  statTest: {
    integer_percentages: 'Сайлаушылардың келуі немесе көшбасшы үлесі бүтін пайыз болған учаскелер',
    last_digit: 'Дауыстар санының соңғы цифрлары (χ²)',
    shpilkin: 'Көшбасшының аномальды дауыстары (Шпилькин әдісі)',
    protocol_checks: 'Бақылау арақатынасы бұзылған ресми хаттамалар',
  },
};

const en: ResolutionTextSet = {
  kindTitle: { preliminary: 'Statement of preliminary findings', final: 'Final resolution' },
  draftMark: 'DRAFT',
  chapter: {
    legal_framework: 'Legal framework',
    election_administration: 'Election administration',
    voter_lists: 'Voter lists',
    candidates: 'Candidate registration',
    campaign: 'Campaign',
    media: 'Media',
    complaints: 'Complaints and appeals',
    election_day: 'Election day',
    results: 'Counting and results',
  },
  recommendations: 'Recommendations',
  followUps: 'Follow-up of earlier recommendations',
  conclusions: 'Conclusions',
  annex: 'Annex. Data per polling station',
  dataAsOf: (at) => `Data as of ${at} (UTC)`,
  chainHead: (seq, hash) => `Hash chain: entry ${seq}, ${hash}`,
  noChain: 'The hash chain is empty: no observers’ reports',
  noData: 'No data.',
  noHqText: 'The HQ added no text to this chapter.',
  votingDate: (date) => `Voting day: ${date}`,
  figure: {
    stations: 'Polling stations',
    applicants: 'Observer applicants',
    observersReadyApplicants: 'Observers ready',
    observersAssigned: 'Observers assigned',
    readinessVisited: 'Stations visited before voting day',
    readinessWithProblems: 'Stations with readiness findings',
    coverage: (shift) => `Coverage, ${shift}`,
    votingDayStations: 'Stations reporting on voting day',
    incidents: 'Incident reports',
    incidentsVerified: 'verified by the HQ',
    incidentsRejected: 'rejected by the HQ',
    remarks: 'Remarks addressed to commissions',
    copies: 'Observers’ protocol copies',
    compared: 'Compared with official results',
    discrepant: 'Stations with discrepancies',
    officialStations: 'Stations in the official results',
    turnout: 'Official turnout',
    leader: 'Leader',
    qcSample: 'Stations in the quick count sample',
    qcReported: 'of them reported',
    qcTurnout: 'Quick count turnout',
  },
  shift: { readiness: 'readiness', voting_day: 'voting day', opening: 'opening', counting: 'counting' },
  table: {
    finding: 'Checklist item',
    stationsWithProblem: 'Stations with the problem',
    area: 'Area',
    stations: 'Stations',
    visited: 'Visited',
    withProblems: 'With problems',
    incidents: 'Incidents',
    kind: 'Report',
    reports: 'Reports',
    category: 'Category',
    severity: 'Severity',
    count: 'Count',
    station: 'Station',
    description: 'Description',
    number: 'No.',
    commission: 'Commission',
    remark: 'Remark',
    legalBasis: 'Legal basis',
    status: 'Status',
    answer: 'Commission’s answer',
    votesMoved: 'Votes moved',
    lines: 'Protocol lines (copy / official)',
    test: 'Test',
    value: 'Value',
    observed: 'Observed',
    expected: 'Expected',
    option: 'Option',
    estimate: 'Estimate, %',
    margin: 'Margin, ±',
    chapter: 'Chapter',
    recommendation: 'Recommendation',
    evidence: 'Evidence',
    readiness: 'Readiness',
    problems: 'Problems',
    protocolCopy: 'Protocol copy',
    yes: 'yes',
    no: 'no',
  },
  caption: {
    readinessFindings: 'Readiness findings per checklist item',
    readinessAreas: 'Readiness monitoring per area',
    votingDay: 'Observers’ reports on voting day',
    byCategory: 'Incidents by category',
    bySeverity: 'Incidents by severity',
    byArea: 'Incidents by area',
    examples: 'Verified examples of incidents',
    remarks: 'Remarks register and what the commissions did',
    remarksByStatus: 'Remarks by status',
    discrepancies: 'Discrepancies between observers’ protocol copies and official results',
    tests: 'Statistical tests of the official results',
    quickCount: (c) => `Quick count (${c} % confidence)`,
    recommendations: 'Recommendations',
    followUps: 'Earlier recommendations and their follow-up',
  },
  remarkStatus: {
    draft: 'draft',
    sent: 'sent',
    acknowledged: 'acknowledged',
    resolved: 'resolved',
    not_resolved: 'not resolved',
    no_answer: 'no answer',
  },
  reportKind: {
    opening: 'Opening',
    turnout: 'Turnout',
    incident: 'Incident',
    protocol: 'Protocol',
    closing: 'Closing',
    readiness: 'Readiness',
    voting: 'Voting',
    custom: 'Checklist',
  },
  severity: { low: 'low', medium: 'medium', high: 'high' },
  followUpStatus: { addressed: 'addressed', partly: 'partly addressed', not_addressed: 'not addressed' },
  preliminaryNote:
    'This preliminary statement rests on what the HQ had verified when it was written; the final resolution will follow.',
  statTest: {
    integer_percentages: 'Stations with an integer turnout or leader share',
    last_digit: 'Last digits of vote counts (χ²)',
    shpilkin: 'Anomalous votes for the leader (Shpilkin)',
    protocol_checks: 'Official protocols failing control relations',
  },
};

export const resolutionTexts: Record<DocumentLocale, ResolutionTextSet> = { ru, kk, en };
