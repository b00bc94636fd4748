import { type InLanguages, texts } from '../i18n/texts.ts';
import type { FolderProblem, FolderProblemCode } from './course-folder.ts';
import type { SchoolLocale } from './school.ts';

/**
 * What is wrong with a course folder, one sentence per problem in the reader's language (the CLI
 * prints them; the console shows them under the upload). `{key}`-style names are the problem's
 * parameters; the file and line go in front.
 */
const TEXTS = texts<{ problem: Record<FolderProblemCode, InLanguages>; line: InLanguages; column: InLanguages }>({
  line: { ru: 'строка', kk: 'жол', en: 'line' },
  column: { ru: 'столбец', kk: 'баған', en: 'column' },
  problem: {
    manifest_missing: {
      ru: 'нет файла course.json — описи курса с названием, уроками и тестами',
      kk: 'course.json файлы жоқ — курс атауы, сабақтары мен тесттері бар тізімдеме',
      en: 'there is no course.json, the manifest with the course title, lessons and quizzes',
    },
    manifest_json: {
      ru: 'это не JSON: ошибка записи здесь (лишняя или пропущенная запятая, кавычка, скобка)',
      kk: 'бұл JSON емес: жазу қатесі осында (артық не жетіспейтін үтір, тырнақша, жақша)',
      en: 'this is not valid JSON: a syntax error here (a missing or extra comma, quote or bracket)',
    },
    manifest_required: {
      ru: 'не заполнено поле «{field}»',
      kk: '«{field}» өрісі толтырылмаған',
      en: 'the field “{field}” is missing',
    },
    manifest_unknown_field: {
      ru: 'неизвестное поле',
      kk: 'белгісіз өріс',
      en: 'unknown field',
    },
    manifest_value: {
      ru: 'неверное значение ({rule}): см. формат в docs/school-course-folder.md',
      kk: 'мән қате ({rule}): пішімін docs/school-course-folder.md файлынан қараңыз',
      en: 'wrong value ({rule}): see the format in docs/school-course-folder.md',
    },
    manifest_duplicate: {
      ru: '«{value}» уже указано в {other}',
      kk: '«{value}» {other} жерінде көрсетілген',
      en: '“{value}” is already given at {other}',
    },
    manifest_file_missing: {
      ru: 'файла {name} нет в папке',
      kk: 'қалтада {name} файлы жоқ',
      en: 'the folder has no file {name}',
    },
    not_in_manifest: {
      ru: 'файла нет в course.json: добавьте его в lessons или quizzes либо удалите',
      kk: 'файл course.json ішінде жоқ: оны lessons не quizzes тізіміне қосыңыз немесе жойыңыз',
      en: 'course.json does not name this file: add it to lessons or quizzes, or delete it',
    },
    front_matter: {
      ru: 'файл должен начинаться с блока настроек между строками «---»',
      kk: 'файл «---» жолдарының арасындағы баптаулар блогынан басталуы керек',
      en: 'the file must begin with a settings block between two “---” lines',
    },
    front_matter_line: {
      ru: 'строка настроек должна иметь вид «имя: значение»',
      kk: 'баптау жолы «атау: мән» түрінде болуы керек',
      en: 'a settings line must read “name: value”',
    },
    unknown_key: { ru: 'неизвестная настройка «{key}»', kk: 'белгісіз баптау «{key}»', en: 'unknown setting “{key}”' },
    missing_key: { ru: 'не заполнено «{key}»', kk: '«{key}» толтырылмаған', en: '“{key}” is missing' },
    duplicate_key: { ru: '«{key}» указано дважды', kk: '«{key}» екі рет көрсетілген', en: '“{key}” is given twice' },
    bad_number: {
      ru: '«{key}» — целое число от 1 до 100',
      kk: '«{key}» — 1-ден 100-ге дейінгі бүтін сан',
      en: '“{key}” must be a whole number from 1 to 100',
    },
    bad_quote: {
      ru: 'значение «{key}» в кавычках не закрыто или записано неверно',
      kk: '«{key}» мәніндегі тырнақша жабылмаған немесе қате жазылған',
      en: 'the quoted value of “{key}” is not closed or is malformed',
    },
    empty_text: { ru: 'текст урока пуст', kk: 'сабақ мәтіні бос', en: 'the lesson text is empty' },
    quiz_line: {
      ru: 'непонятная строка «{text}»: ожидались «## id single|multiple», «ru: …», «- [x] id» или «explanation.ru: …»',
      kk: 'түсініксіз жол «{text}»: «## id single|multiple», «ru: …», «- [x] id» немесе «explanation.ru: …» күтілген',
      en: 'unexpected line “{text}”: expected “## id single|multiple”, “ru: …”, “- [x] id” or “explanation.ru: …”',
    },
    quiz_no_questions: { ru: 'в тесте нет вопросов', kk: 'тестте сұрақ жоқ', en: 'the quiz has no questions' },
    question_text_missing: {
      ru: 'у вопроса «{question}» нет текста на русском или казахском',
      kk: '«{question}» сұрағының орысша немесе қазақша мәтіні жоқ',
      en: 'question “{question}” has no Russian or Kazakh text',
    },
    option_text_missing: {
      ru: 'у варианта «{option}» вопроса «{question}» нет текста на русском или казахском',
      kk: '«{question}» сұрағының «{option}» нұсқасының орысша немесе қазақша мәтіні жоқ',
      en: 'option “{option}” of question “{question}” has no Russian or Kazakh text',
    },
    explanation_missing: {
      ru: 'у вопроса «{question}» нет пояснения на русском или казахском',
      kk: '«{question}» сұрағының орысша немесе қазақша түсіндірмесі жоқ',
      en: 'question “{question}” has no Russian or Kazakh explanation',
    },
    quiz_rule: {
      ru: 'вопрос «{question}»: неверно «{field}» ({rule}) — нужно хотя бы два разных варианта, у single ровно один [x], у multiple хотя бы один',
      kk: '«{question}» сұрағы: «{field}» қате ({rule}) — кемінде екі түрлі нұсқа керек, single-де дәл бір [x], multiple-де кемінде біреуі',
      en: 'question “{question}”: “{field}” is wrong ({rule}) — give at least two different options, exactly one [x] for single, at least one for multiple',
    },
    too_long: {
      ru: '«{key}» длиннее {max} знаков',
      kk: '«{key}» {max} таңбадан ұзын',
      en: '“{key}” is longer than {max} characters',
    },
    not_text: {
      ru: 'файл не похож на текст в UTF-8',
      kk: 'файл UTF-8 мәтініне ұқсамайды',
      en: 'the file does not look like UTF-8 text',
    },
    requires_unknown: {
      ru: 'курса «{title}» нет в этих выборах (requires называет курс по его русскому названию)',
      kk: 'бұл сайлауда «{title}» курсы жоқ (requires курсты орысша атауымен атайды)',
      en: 'this election has no course “{title}” (requires names a course by its Russian title)',
    },
    lesson_unknown: {
      ru: 'урока с id {id} нет в этом курсе: уберите id, чтобы добавить урок',
      kk: 'бұл курста id {id} сабағы жоқ: сабақ қосу үшін id-ді алып тастаңыз',
      en: 'this course has no lesson with id {id}: remove the id to add a new lesson',
    },
    lesson_missing: {
      ru: 'в course.json нет урока «{title}» этого курса: загрузка уроки не удаляет',
      kk: 'course.json ішінде осы курстың «{title}» сабағы жоқ: жүктеу сабақтарды жоймайды',
      en: 'course.json lacks this course’s lesson “{title}”: an import never deletes lessons',
    },
    quiz_unknown: {
      ru: 'теста с id {id} нет в этом курсе: уберите id, чтобы добавить тест',
      kk: 'бұл курста id {id} тесті жоқ: тест қосу үшін id-ді алып тастаңыз',
      en: 'this course has no quiz with id {id}: remove the id to add a new quiz',
    },
  },
});

/**
 * `lessons/01-rights.kk.md, line 3: …`, `course.json, line 4, column 7: …` or
 * `course.json, /lessons/1/files/kk: …` in the reader's language.
 */
export function folderProblemText(problem: FolderProblem, locale: SchoolLocale): string {
  const t = TEXTS[locale];
  const text = t.problem[problem.code].replace(/\{(\w+)\}/g, (_m, name: string) =>
    String(problem.params?.[name] ?? ''),
  );
  const { line, column } = t;
  const where = [
    problem.file,
    ...(problem.line ? [`${line} ${problem.line}`] : []),
    ...(problem.column ? [`${column} ${problem.column}`] : []),
    ...(problem.path ? [problem.path] : []),
  ];
  return `${where.join(', ')}: ${text}`;
}
