// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import type { ProtocolTemplateBase } from '../../elections/election.ts';
import type { FormCheck, FormDefinition, FormGroup, Question } from '../form-definition.ts';
import {
  buildProtocolTemplate,
  expandSum,
  type FullText,
  type LinearSum,
  type ProtocolBallotOption,
  type ProtocolTemplate,
} from '../protocol/protocol-template.ts';
import { protocolTemplates } from '../protocol/protocol-templates.ts';
import {
  incidentCategories,
  incidentCategoryLabels,
  incidentSeverities,
  incidentSeverityLabels,
} from './incident-taxonomy.ts';

const t = (ru: string, kk: string, en: string): FullText => ({ ru, kk, en });

/** Letters an SMS code may use: no I, L or O, which read as 1 and 0. */
export const SMS_LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ';

/** A, B, …, Z, then AA, AB, …: bijective base-23 over the SMS letters. */
export function smsCodeAt(position: number): string {
  let n = position + 1;
  let code = '';
  while (n > 0) {
    n -= 1;
    code = SMS_LETTERS[n % SMS_LETTERS.length] + code;
    n = Math.floor(n / SMS_LETTERS.length);
  }
  return code;
}

/** Numbers every question of the form in document order, so SMS codes are short and stable. */
function withSmsCodes(groups: FormGroup[]): FormGroup[] {
  let position = 0;
  return groups.map((g) => ({ ...g, questions: g.questions.map((q) => ({ ...q, smsCode: smsCodeAt(position++) })) }));
}

const yes = (id: string, label: FullText, extra: Partial<Question> = {}): Question =>
  ({ id, type: 'yes_no', label, required: true, ...extra }) as Question;
const remarks = (): Question => ({
  id: 'remarks',
  type: 'text',
  maxLength: 2000,
  label: t('Замечания', 'Ескертулер', 'Remarks'),
});
const photos = (id: string, label: FullText, max = 5, required = false): Question => ({
  id,
  type: 'photo',
  multiple: true,
  max,
  label,
  ...(required ? { required } : {}),
});
const yesNoNotRequired = [
  { value: 'yes', label: t('Да', 'Иә', 'Yes') },
  { value: 'no', label: t('Нет', 'Жоқ', 'No') },
  { value: 'not_required', label: t('Не требуются', 'Талап етілмейді', 'Not required') },
];

function form(code: string, kind: FormDefinition['kind'], title: FullText, groups: FormGroup[], checks?: FormCheck[]) {
  const def: FormDefinition = { schemaVersion: 1, code, kind, title, groups: withSmsCodes(groups) };
  if (checks !== undefined && checks.length > 0) def.checks = checks;
  return def;
}

function readinessForm(): FormDefinition {
  return form('readiness', 'readiness', t('Готовность участка', 'Учаскенің дайындығы', 'Station readiness'), [
    {
      id: 'readiness',
      title: t('Проверка перед выборами', 'Сайлау алдындағы тексеру', 'Pre-election check'),
      questions: [
        {
          id: 'check_date',
          type: 'date',
          required: true,
          label: t('Дата посещения', 'Барған күні', 'Date of the visit'),
        },
        yes(
          'station_open',
          t(
            'Участок открыт в объявленные часы работы?',
            'Учаске жарияланған жұмыс уақытында ашық па?',
            'Is the station open at the published hours?',
          ),
        ),
        yes(
          'commission_present',
          t(
            'Присутствуют члены участковой комиссии?',
            'Учаскелік сайлау комиссиясының мүшелері орнында ма?',
            'Are members of the precinct commission present?',
          ),
        ),
        {
          id: 'members_present',
          type: 'integer',
          min: 0,
          max: 50,
          relevant: '${commission_present}',
          label: t(
            'Сколько членов комиссии присутствует?',
            'Комиссияның неше мүшесі орнында?',
            'How many commission members are present?',
          ),
        },
        yes(
          'voter_lists_available',
          t(
            'Списки избирателей доступны для ознакомления?',
            'Сайлаушылар тізімдерімен танысуға бола ма?',
            'Are the voter lists available for checking?',
          ),
        ),
        yes(
          'candidate_info_posted',
          t(
            'Размещена информация о кандидатах?',
            'Кандидаттар туралы ақпарат ілінген бе?',
            'Is information on the candidates posted?',
          ),
        ),
        yes(
          'booths_in_place',
          t(
            'Установлены кабины для тайного голосования?',
            'Жасырын дауыс беруге арналған кабиналар орнатылған ба?',
            'Are voting booths in place?',
          ),
        ),
        yes(
          'boxes_in_place',
          t(
            'Установлены ящики для голосования?',
            'Дауыс беруге арналған жәшіктер орнатылған ба?',
            'Are ballot boxes in place?',
          ),
        ),
        yes(
          'accessible',
          t(
            'Участок доступен избирателям с инвалидностью?',
            'Учаске мүмкіндігі шектеулі сайлаушыларға қолжетімді ме?',
            'Is the station accessible to voters with disabilities?',
          ),
        ),
        {
          id: 'cameras',
          type: 'single_choice',
          required: true,
          choices: yesNoNotRequired,
          label: t(
            'Установлены камеры видеонаблюдения (где требуется)?',
            'Бейнебақылау камералары орнатылған ба (талап етілетін жерде)?',
            'Are video cameras installed (where required)?',
          ),
        },
        yes(
          'premises_fit',
          t(
            'Помещение пригодно для голосования (площадь, свет, тепло)?',
            'Үй-жай дауыс беруге жарамды ма (аумағы, жарығы, жылуы)?',
            'Are the premises fit for voting (space, light, heating)?',
          ),
        ),
        remarks(),
        photos('photos', t('Фото участка', 'Учаскенің суреті', 'Photos of the station')),
      ],
    },
  ]);
}

function openingForm(): FormDefinition {
  const admitted = '${admitted}';
  return form('opening', 'opening', t('Открытие участка', 'Учаскенің ашылуы', 'Opening'), [
    {
      id: 'opening',
      title: t('Открытие участка', 'Учаскенің ашылуы', 'Opening of the station'),
      questions: [
        {
          id: 'arrival_time',
          type: 'time',
          required: true,
          label: t('Время прибытия на участок', 'Учаскеге келген уақыт', 'Time of arrival at the station'),
        },
        yes(
          'admitted',
          t('Вас допустили на участок?', 'Сізді учаскеге кіргізді ме?', 'Were you admitted to the station?'),
        ),
        yes(
          'opened_on_time',
          t('Участок открылся вовремя?', 'Учаске уақытында ашылды ма?', 'Did the station open on time?'),
          { relevant: admitted },
        ),
        {
          id: 'opening_time',
          type: 'time',
          required: true,
          relevant: `${admitted} and not(\${opened_on_time})`,
          label: t('Фактическое время открытия', 'Нақты ашылған уақыты', 'Actual opening time'),
        },
        yes(
          'boxes_empty_sealed',
          t(
            'Ящики показаны пустыми и опечатаны?',
            'Жәшіктердің бос екені көрсетіліп, мөрленді ме?',
            'Were the ballot boxes shown empty and sealed?',
          ),
          { relevant: admitted },
        ),
        {
          id: 'ballots_announced',
          type: 'integer',
          min: 0,
          relevant: admitted,
          label: t(
            'Число полученных бюллетеней, объявленное комиссией',
            'Комиссия жариялаған алынған бюллетеньдер саны',
            'Ballots received, as announced by the commission',
          ),
        },
        remarks(),
        photos('photos', t('Фото', 'Суреттер', 'Photos')),
      ],
    },
  ]);
}

function votingForm(): FormDefinition {
  return form('voting', 'voting', t('Ход голосования', 'Дауыс беру барысы', 'Voting'), [
    {
      id: 'visit',
      repeatable: true,
      title: t(
        'Наблюдение (заполняется при каждом обходе)',
        'Байқау (әр айналып шыққан сайын толтырылады)',
        'Observation (one per round)',
      ),
      questions: [
        {
          id: 'visit_time',
          type: 'time',
          required: true,
          label: t('Время наблюдения', 'Байқау уақыты', 'Time of observation'),
        },
        {
          id: 'voters_in_queue',
          type: 'integer',
          min: 0,
          max: 10_000,
          label: t('Избирателей в очереди', 'Кезектегі сайлаушылар саны', 'Voters in the queue'),
        },
        yes(
          'secrecy_respected',
          t(
            'Соблюдается тайна голосования?',
            'Дауыс беру құпиясы сақталып отыр ма?',
            'Is the secrecy of the vote respected?',
          ),
        ),
        yes(
          'id_checked',
          t(
            'У избирателей проверяют документы?',
            'Сайлаушылардың құжаттары тексеріле ме?',
            "Are voters' identity documents checked?",
          ),
        ),
        yes(
          'unauthorised_present',
          t('На участке есть посторонние лица?', 'Учаскеде бөгде адамдар бар ма?', 'Are unauthorised persons present?'),
        ),
        yes(
          'observer_obstructed',
          t(
            'Вашему наблюдению препятствуют?',
            'Сіздің байқауыңызға кедергі келтіріле ме?',
            'Is your observation obstructed?',
          ),
        ),
        remarks(),
      ],
    },
  ]);
}

function closingForm(): FormDefinition {
  return form(
    'closing',
    'closing',
    t('Закрытие и подсчёт голосов', 'Учаскенің жабылуы және дауыстарды санау', 'Closing and counting'),
    [
      {
        id: 'closing',
        title: t('Закрытие и подсчёт голосов', 'Жабылу және дауыстарды санау', 'Closing and counting'),
        questions: [
          {
            id: 'closing_time',
            type: 'time',
            required: true,
            label: t('Время закрытия участка', 'Учаскенің жабылған уақыты', 'Time the station closed'),
          },
          {
            id: 'queue_voted',
            type: 'single_choice',
            required: true,
            label: t(
              'Проголосовали избиратели, стоявшие в очереди при закрытии?',
              'Жабылу сәтінде кезекте тұрған сайлаушылар дауыс берді ме?',
              'Could the voters queuing at closing time vote?',
            ),
            choices: [
              { value: 'yes', label: t('Да', 'Иә', 'Yes') },
              { value: 'no', label: t('Нет', 'Жоқ', 'No') },
              { value: 'no_queue', label: t('Очереди не было', 'Кезек болған жоқ', 'There was no queue') },
            ],
          },
          yes(
            'unused_cancelled',
            t(
              'Неиспользованные бюллетени погашены до вскрытия ящиков?',
              'Пайдаланылмаған бюллетеньдер жәшіктер ашылғанға дейін жойылды ма?',
              'Were unused ballots cancelled before the boxes were opened?',
            ),
          ),
          yes(
            'count_visible',
            t(
              'Подсчёт шёл на виду у наблюдателей?',
              'Дауыстар байқаушылардың көз алдында саналды ма?',
              'Was the count done in full view of observers?',
            ),
          ),
          yes(
            'ballots_shown',
            t(
              'Каждый бюллетень оглашали и показывали присутствующим?',
              'Әр бюллетень жария етіліп, қатысушыларға көрсетілді ме?',
              'Was each ballot announced and shown to those present?',
            ),
          ),
          yes(
            'copy_received',
            t(
              'Вы получили заверенную копию протокола?',
              'Хаттаманың куәландырылған көшірмесін алдыңыз ба?',
              'Did you receive a certified copy of the protocol?',
            ),
          ),
          {
            id: 'count_end_time',
            type: 'time',
            label: t('Время окончания подсчёта', 'Санау аяқталған уақыт', 'Time the count ended'),
          },
          remarks(),
          photos('photos', t('Фото', 'Суреттер', 'Photos')),
        ],
      },
    ],
  );
}

function turnoutForm(): FormDefinition {
  return form('turnout', 'turnout', t('Явка', 'Сайлаушылардың келуі', 'Turnout'), [
    {
      id: 'turnout',
      title: t('Явка на контрольное время', 'Бақылау уақытындағы сайлаушылардың келуі', 'Turnout at a checkpoint'),
      questions: [
        {
          id: 'checkpoint_time',
          type: 'time',
          required: true,
          label: t('Контрольное время', 'Бақылау уақыты', 'Checkpoint time'),
        },
        {
          id: 'voters_received',
          type: 'integer',
          min: 0,
          required: true,
          constraint: '. <= station.registeredVoters',
          constraintMessage: t(
            'Больше, чем избирателей в списке участка',
            'Учаске тізіміндегі сайлаушылардан көп',
            'More than the voters registered at the station',
          ),
          label: t(
            'Сколько избирателей получили бюллетени к этому времени?',
            'Осы уақытқа дейін неше сайлаушы бюллетень алды?',
            'How many voters have received ballots so far?',
          ),
        },
        {
          id: 'source',
          type: 'single_choice',
          required: true,
          label: t('Откуда эта цифра?', 'Бұл сан қайдан алынды?', 'Where does the figure come from?'),
          choices: [
            { value: 'own_count', label: t('Собственный подсчёт', 'Өз есебім', 'My own count') },
            { value: 'commission', label: t('Данные комиссии', 'Комиссия деректері', "The commission's figure") },
          ],
        },
        {
          id: 'turnout_percent',
          type: 'computed',
          calculate: 'round(${voters_received} div station.registeredVoters * 100, 1)',
          label: t('Явка, %', 'Сайлаушылардың келуі, %', 'Turnout, %'),
        },
      ],
    },
  ]);
}

function incidentForm(): FormDefinition {
  return form('incident', 'incident', t('Нарушение', 'Бұзушылық', 'Incident'), [
    {
      id: 'incident',
      title: t('Сообщение о нарушении', 'Бұзушылық туралы хабарлама', 'Incident report'),
      questions: [
        {
          id: 'category',
          type: 'single_choice',
          required: true,
          label: t('Вид нарушения', 'Бұзушылық түрі', 'Kind of incident'),
          choices: incidentCategories.map((value) => ({ value, label: incidentCategoryLabels[value] })),
        },
        {
          id: 'severity',
          type: 'single_choice',
          required: true,
          label: t('Насколько серьёзно?', 'Қаншалықты ауыр?', 'How serious?'),
          choices: incidentSeverities.map((value) => ({ value, label: incidentSeverityLabels[value] })),
        },
        { id: 'incident_time', type: 'time', required: true, label: t('Время', 'Уақыты', 'Time') },
        {
          id: 'description',
          type: 'text',
          required: true,
          maxLength: 4000,
          label: t('Что произошло?', 'Не болды?', 'What happened?'),
          hint: t(
            'Кто, что, где; без лишних личных данных',
            'Кім, не, қайда; артық жеке деректерсіз',
            'Who, what, where; no needless personal data',
          ),
        },
        yes(
          'complaint_filed',
          t(
            'Вы подали жалобу в комиссию?',
            'Комиссияға шағым бердіңіз бе?',
            'Did you file a complaint with the commission?',
          ),
        ),
        photos('evidence', t('Фото и документы', 'Суреттер мен құжаттар', 'Photos and documents'), 10),
      ],
    },
  ]);
}

function sumExpression(template: ProtocolTemplate, sum: LinearSum): string {
  const plus = expandSum(template, sum.plus).map((k) => `\${${k}}`);
  const minus = expandSum(template, sum.minus ?? []).map((k) => ` - \${${k}}`);
  return `${plus.length > 0 ? plus.join(' + ') : '0'}${minus.join('')}`;
}

function protocolForm(template: ProtocolTemplate): FormDefinition {
  const checks: FormCheck[] = template.relations.map((r) => ({
    id: r.id,
    left: sumExpression(template, r.left),
    op: r.op,
    right: sumExpression(template, r.right),
    severity: r.severity,
  }));
  return form(
    'protocol',
    'protocol',
    t('Копия протокола', 'Хаттаманың көшірмесі', 'Protocol copy'),
    [
      {
        id: 'protocol_lines',
        title: t('Строки протокола', 'Хаттама жолдары', 'Protocol lines'),
        questions: template.lines.map(
          (line): Question => ({
            id: line.key,
            type: 'integer',
            min: 0,
            required: true,
            label: line.number === undefined ? line.label : prefixNumber(line.number, line.label),
          }),
        ),
      },
      {
        id: 'protocol_photo',
        title: t('Фото протокола', 'Хаттаманың суреті', 'Photo of the protocol'),
        questions: [
          photos(
            'protocol_photos',
            t('Фото вывешенного протокола', 'Ілінген хаттаманың суреті', 'Photo of the posted protocol'),
            5,
            true,
          ),
        ],
      },
    ],
    checks,
  );
}

function prefixNumber(n: number, label: FullText): FullText {
  return { ru: `${n}. ${label.ru}`, kk: `${n}. ${label.kk}`, en: `${n}. ${label.en}` };
}

export interface ElectionForForms {
  ballotOptions: readonly ProtocolBallotOption[];
  /** The country's base template, by name (`kz`, `ru`) or as a template; options are added here. */
  protocolTemplate: ProtocolTemplateBase | ProtocolTemplate;
}

/** The forms every new election starts with, labelled in ru, kk and en, every question with an SMS code. */
export function standardForms(election: ElectionForForms): FormDefinition[] {
  const base =
    typeof election.protocolTemplate === 'string'
      ? protocolTemplates[election.protocolTemplate]
      : election.protocolTemplate;
  const template = buildProtocolTemplate(base, election.ballotOptions);
  return [
    readinessForm(),
    openingForm(),
    votingForm(),
    closingForm(),
    turnoutForm(),
    incidentForm(),
    protocolForm(template),
  ];
}
