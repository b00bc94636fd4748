import { transliterate } from '../text/transliterate.ts';
import { checkQuiz, type QuizContent, type QuizQuestion, type SchoolLocale, type SchoolText } from './school.ts';

/**
 * A course as a folder of text files, so an HQ can write courses in a text editor and keep them
 * in git (`docs/school-course-folder.md` is the reference):
 *
 * ```
 * course.md                    front matter: id (optional), title.ru, title.kk, title.en, requires
 * lessons/01-rights.ru.md      front matter: id (optional), title; then the lesson in Markdown
 * lessons/01-rights.kk.md      the same lesson in Kazakh (ru and kk required, en optional)
 * quizzes/01-final.md          front matter: id, title.ru/kk/en, pass_mark; then the questions
 * ```
 *
 * Pure: files in, a checked course or a list of problems (file, line, code) out, and back. Every
 * problem is found before anything is written, and each has a sentence in ru, kk and en.
 */

export interface FolderFile {
  /** Relative, `/`-separated. */
  path: string;
  text: string;
}

export interface FolderLesson {
  /** The file name without language and extension (`01-rights`): the lesson's place and name. */
  key: string;
  id?: string;
  title: SchoolText;
  body: SchoolText;
}

export interface FolderQuiz {
  key: string;
  id?: string;
  content: QuizContent;
}

export interface CourseFolder {
  id?: string;
  title: SchoolText;
  /** The Russian title of the course of the same election that must be completed first. */
  requires?: string;
  lessons: FolderLesson[];
  quizzes: FolderQuiz[];
}

export type FolderProblemCode =
  | 'no_course_file'
  | 'front_matter'
  | 'front_matter_line'
  | 'unknown_key'
  | 'missing_key'
  | 'duplicate_key'
  | 'bad_number'
  | 'bad_quote'
  | 'file_name'
  | 'language_missing'
  | 'empty_text'
  | 'different_ids'
  | 'quiz_line'
  | 'quiz_no_questions'
  | 'question_text_missing'
  | 'option_text_missing'
  | 'explanation_missing'
  | 'quiz_rule'
  | 'too_long'
  | 'not_text'
  | 'requires_unknown'
  | 'lesson_unknown'
  | 'lesson_missing'
  | 'quiz_unknown';

export interface FolderProblem {
  file: string;
  line?: number;
  code: FolderProblemCode;
  params?: Record<string, string | number>;
}

export type ParsedFolder = { ok: true; course: CourseFolder } | { ok: false; problems: FolderProblem[] };

const LANGS = ['ru', 'kk', 'en'] as const;
const LESSON_FILE = /^lessons\/([0-9A-Za-z][0-9A-Za-z_-]*)\.(ru|kk|en)\.md$/;
const QUIZ_FILE = /^quizzes\/([0-9A-Za-z][0-9A-Za-z_-]*)\.md$/;

/** Drops a top folder every file shares (a ZIP of `my-course/`), dot files, and notes beside the course. */
export function normaliseFolder(files: FolderFile[]): FolderFile[] {
  const clean = files
    .map((f) => ({ ...f, path: f.path.replace(/\\/g, '/').replace(/^\.?\//, '') }))
    .filter((f) => f.path && !f.path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX'));
  const tops = new Set(clean.map((f) => f.path.split('/')[0]));
  const [top] = [...tops];
  if (
    tops.size === 1 &&
    top &&
    clean.every((f) => f.path.startsWith(`${top}/`)) &&
    !clean.some((f) => f.path === 'course.md')
  ) {
    return clean.map((f) => ({ ...f, path: f.path.slice(top.length + 1) }));
  }
  return clean;
}

interface FrontMatter {
  values: Map<string, { value: string; line: number }>;
  /** What follows the settings, trimmed (a lesson's text). */
  body: string;
  /** The same, untrimmed, starting at line `bodyLine` (a quiz reports line numbers). */
  rawBody: string;
  bodyLine: number;
}

/** A value: as written, or a JSON string when it starts with `"` (for newlines or edge spaces). */
function readValue(raw: string): string | undefined {
  const value = raw.trim();
  if (!value.startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a value so `readValue` gives it back. */
export function writeValue(value: string): string {
  return /[\n\r]|^\s|\s$|^"/.test(value) || value === '' ? JSON.stringify(value) : value;
}

function frontMatter(file: FolderFile, allowed: readonly string[], problems: FolderProblem[]): FrontMatter | null {
  const lines = file.text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    problems.push({ file: file.path, line: 1, code: 'front_matter' });
    return null;
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    problems.push({ file: file.path, line: 1, code: 'front_matter' });
    return null;
  }
  const values = new Map<string, { value: string; line: number }>();
  for (let i = 1; i < end; i++) {
    const line = lines[i] ?? '';
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const match = /^([A-Za-z_.]+):(.*)$/.exec(line);
    if (!match) {
      problems.push({ file: file.path, line: i + 1, code: 'front_matter_line' });
      continue;
    }
    const key = match[1] as string;
    const value = readValue(match[2] as string);
    if (!allowed.includes(key)) problems.push({ file: file.path, line: i + 1, code: 'unknown_key', params: { key } });
    else if (values.has(key)) problems.push({ file: file.path, line: i + 1, code: 'duplicate_key', params: { key } });
    else if (value === undefined) problems.push({ file: file.path, line: i + 1, code: 'bad_quote', params: { key } });
    else values.set(key, { value, line: i + 1 });
  }
  const rawBody = lines.slice(end + 1).join('\n');
  return { values, body: rawBody.trim(), rawBody, bodyLine: end + 2 };
}

function textOf(fm: FrontMatter, prefix: string, file: string, problems: FolderProblem[], max: number): SchoolText {
  const get = (lang: string) => fm.values.get(`${prefix}.${lang}`)?.value.trim() ?? '';
  for (const lang of ['ru', 'kk']) {
    if (!get(lang)) problems.push({ file, code: 'missing_key', params: { key: `${prefix}.${lang}` } });
  }
  for (const lang of LANGS) {
    if (get(lang).length > max) problems.push({ file, code: 'too_long', params: { key: `${prefix}.${lang}`, max } });
  }
  const en = get('en');
  return { ru: get('ru'), kk: get('kk'), ...(en ? { en } : {}) };
}

function optionalId(fm: FrontMatter, file: string, problems: FolderProblem[]): string | undefined {
  const entry = fm.values.get('id');
  if (!entry?.value) return undefined;
  if (!/^[0-9a-f-]{36}$/i.test(entry.value)) {
    problems.push({ file, line: entry.line, code: 'front_matter_line' });
    return undefined;
  }
  return entry.value.toLowerCase();
}

/** Reads a course folder; a course only when every file is right. */
export function parseCourseFolder(input: FolderFile[]): ParsedFolder {
  const problems: FolderProblem[] = [];
  const files = normaliseFolder(input);
  for (const f of files) {
    if (f.path.endsWith('.md') && (f.text.includes('\u0000') || f.text.includes('\uFFFD')))
      problems.push({ file: f.path, code: 'not_text' });
  }
  const courseFile = files.find((f) => f.path === 'course.md');
  let course: Pick<CourseFolder, 'id' | 'title' | 'requires'> = { title: { ru: '', kk: '' } };
  if (!courseFile) problems.push({ file: 'course.md', code: 'no_course_file' });
  else {
    const fm = frontMatter(courseFile, ['id', 'title.ru', 'title.kk', 'title.en', 'requires'], problems);
    if (fm) {
      const id = optionalId(fm, courseFile.path, problems);
      const requires = fm.values.get('requires')?.value.trim();
      course = {
        title: textOf(fm, 'title', courseFile.path, problems, 300),
        ...(id ? { id } : {}),
        ...(requires ? { requires } : {}),
      };
    }
  }

  const lessons = new Map<
    string,
    { id?: string; idFile?: string; title: Partial<SchoolText>; body: Partial<SchoolText> }
  >();
  const quizzes: FolderQuiz[] = [];
  for (const f of files) {
    if (f.path === 'course.md' || !f.path.endsWith('.md') || /(^|\/)readme\.md$/i.test(f.path)) continue;
    const lesson = LESSON_FILE.exec(f.path);
    const quiz = QUIZ_FILE.exec(f.path);
    if (lesson) {
      const [, key, lang] = lesson as unknown as [string, string, SchoolLocale];
      const fm = frontMatter(f, ['id', 'title'], problems);
      if (!fm) continue;
      const entry = lessons.get(key) ?? { title: {}, body: {} };
      const id = optionalId(fm, f.path, problems);
      if (id && entry.id && id !== entry.id)
        problems.push({ file: f.path, code: 'different_ids', params: { other: entry.idFile ?? '' } });
      if (id && !entry.id) {
        entry.id = id;
        entry.idFile = f.path;
      }
      const title = fm.values.get('title')?.value.trim() ?? '';
      if (!title) problems.push({ file: f.path, code: 'missing_key', params: { key: 'title' } });
      if (title.length > 300) problems.push({ file: f.path, code: 'too_long', params: { key: 'title', max: 300 } });
      if (!fm.body) problems.push({ file: f.path, line: fm.bodyLine, code: 'empty_text' });
      if (fm.body.length > 50_000)
        problems.push({ file: f.path, code: 'too_long', params: { key: 'text', max: 50_000 } });
      entry.title[lang] = title;
      entry.body[lang] = fm.body;
      lessons.set(key, entry);
    } else if (quiz) {
      const parsed = parseQuizFile(f, problems);
      if (parsed) quizzes.push({ key: quiz[1] as string, ...parsed });
    } else {
      problems.push({ file: f.path, code: 'file_name' });
    }
  }
  const lessonList: FolderLesson[] = [];
  for (const key of [...lessons.keys()].sort()) {
    const entry = lessons.get(key);
    if (!entry) continue;
    for (const lang of ['ru', 'kk'] as const) {
      if (entry.body[lang] === undefined) {
        problems.push({
          file: `lessons/${key}.${lang}.md`,
          code: 'language_missing',
          params: { lesson: key, language: lang },
        });
      }
    }
    const text = (t: Partial<SchoolText>): SchoolText => ({
      ru: t.ru ?? '',
      kk: t.kk ?? '',
      ...(t.en ? { en: t.en } : {}),
    });
    lessonList.push({ key, ...(entry.id ? { id: entry.id } : {}), title: text(entry.title), body: text(entry.body) });
  }
  quizzes.sort((a, b) => a.key.localeCompare(b.key));
  if (problems.length) return { ok: false, problems };
  return { ok: true, course: { ...course, lessons: lessonList, quizzes } };
}

type Target = { kind: 'question' } | { kind: 'option'; index: number };

function parseQuizFile(file: FolderFile, problems: FolderProblem[]): Omit<FolderQuiz, 'key'> | null {
  const before = problems.length;
  const fm = frontMatter(file, ['id', 'title.ru', 'title.kk', 'title.en', 'pass_mark'], problems);
  if (!fm) return null;
  const id = optionalId(fm, file.path, problems);
  const title = textOf(fm, 'title', file.path, problems, 300);
  const passRaw = fm.values.get('pass_mark');
  const passMark = Number(passRaw?.value);
  if (!passRaw) problems.push({ file: file.path, code: 'missing_key', params: { key: 'pass_mark' } });
  else if (!Number.isInteger(passMark) || passMark < 1 || passMark > 100) {
    problems.push({ file: file.path, line: passRaw.line, code: 'bad_number', params: { key: 'pass_mark' } });
  }
  const questions: (QuizQuestion & { line: number })[] = [];
  let target: Target = { kind: 'question' };
  const lines = fm.rawBody.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const at = fm.bodyLine + i;
    if (!line || line.startsWith('<!--')) return;
    const heading = /^##\s+([A-Za-z0-9_-]{1,40})\s+(single|multiple)\s*$/.exec(line);
    if (heading) {
      const empty = { ru: '', kk: '' };
      questions.push({
        id: heading[1] as string,
        kind: heading[2] as 'single' | 'multiple',
        text: { ...empty },
        options: [],
        correct: [],
        explanation: { ...empty },
        line: at,
      });
      target = { kind: 'question' };
      return;
    }
    const question = questions.at(-1);
    const option = /^-\s+\[( |x|X)\]\s+([A-Za-z0-9_-]{1,40})\s*$/.exec(line);
    const text = /^(explanation\.)?(ru|kk|en):(.*)$/.exec(line);
    if (question && option) {
      const optionId = option[2] as string;
      question.options.push({ id: optionId, text: { ru: '', kk: '' } });
      if (option[1] !== ' ') question.correct.push(optionId);
      target = { kind: 'option', index: question.options.length - 1 };
    } else if (question && text) {
      const value = readValue(text[3] as string);
      const lang = text[2] as SchoolLocale;
      if (value === undefined) {
        problems.push({ file: file.path, line: at, code: 'bad_quote', params: { key: lang } });
        return;
      }
      if (text[1]) question.explanation[lang] = value;
      else if (target.kind === 'option') {
        const o = question.options[target.index];
        if (o) o.text[lang] = value;
      } else question.text[lang] = value;
    } else {
      problems.push({ file: file.path, line: at, code: 'quiz_line', params: { text: line.slice(0, 60) } });
    }
  });
  if (questions.length === 0) problems.push({ file: file.path, code: 'quiz_no_questions' });
  for (const q of questions) {
    const where = { file: file.path, line: q.line };
    if (!q.text.ru || !q.text.kk)
      problems.push({ ...where, code: 'question_text_missing', params: { question: q.id } });
    if (!q.explanation.ru || !q.explanation.kk) {
      problems.push({ ...where, code: 'explanation_missing', params: { question: q.id } });
    }
    for (const o of q.options) {
      if (!o.text.ru || !o.text.kk) {
        problems.push({ ...where, code: 'option_text_missing', params: { question: q.id, option: o.id } });
      }
    }
  }
  const content: QuizContent = {
    title,
    passMark,
    questions: questions.map(({ line: _line, ...q }) => ({
      ...q,
      text: clean(q.text),
      explanation: clean(q.explanation),
      options: q.options.map((o) => ({ ...o, text: clean(o.text) })),
    })),
  };
  for (const p of checkQuiz(content)) {
    if (p.path === '/passMark' || p.path === '/questions') continue;
    const index = Number(/^\/questions\/(\d+)/.exec(p.path)?.[1] ?? -1);
    const q = questions[index];
    problems.push({
      file: file.path,
      ...(q ? { line: q.line } : {}),
      code: 'quiz_rule',
      params: { question: q?.id ?? '', rule: p.code, field: p.path.split('/').pop() ?? '' },
    });
  }
  if (problems.length > before) return null;
  return { ...(id ? { id } : {}), content };
}

function clean(text: SchoolText): SchoolText {
  const en = text.en?.trim();
  return { ru: text.ru.trim(), kk: text.kk.trim(), ...(en ? { en } : {}) };
}

function slug(text: string): string {
  const s = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'lesson';
}

/** The folder of a course: what `parseCourseFolder` reads back to the same course. */
export function formatCourseFolder(course: {
  id: string;
  title: SchoolText;
  requires?: string | undefined;
  lessons: { id: string; title: SchoolText; body: SchoolText }[];
  quizzes: { id: string; content: QuizContent }[];
}): FolderFile[] {
  const files: FolderFile[] = [];
  const textKeys = (prefix: string, text: SchoolText) =>
    LANGS.filter((l) => (l === 'en' ? Boolean(text.en) : true)).map(
      (l) => `${prefix}.${l}: ${writeValue(text[l] ?? '')}`,
    );
  files.push({
    path: 'course.md',
    text: [
      '---',
      `id: ${course.id}`,
      ...textKeys('title', course.title),
      ...(course.requires ? [`requires: ${writeValue(course.requires)}`] : []),
      '---',
      '',
    ].join('\n'),
  });
  const width = Math.max(2, String(course.lessons.length).length);
  course.lessons.forEach((lesson, i) => {
    const key = `${String(i + 1).padStart(width, '0')}-${slug(lesson.title.en ?? transliterate(lesson.title.ru))}`;
    for (const lang of LANGS) {
      const body = lesson.body[lang];
      if (!body) continue;
      files.push({
        path: `lessons/${key}.${lang}.md`,
        text: [
          '---',
          `id: ${lesson.id}`,
          `title: ${writeValue(lesson.title[lang] ?? lesson.title.ru)}`,
          '---',
          '',
          body,
          '',
        ].join('\n'),
      });
    }
  });
  course.quizzes.forEach((quiz, i) => {
    const c = quiz.content;
    const lines = ['---', `id: ${quiz.id}`, ...textKeys('title', c.title), `pass_mark: ${c.passMark}`, '---'];
    for (const q of c.questions) {
      lines.push('', `## ${q.id} ${q.kind}`, '');
      for (const l of LANGS) if (q.text[l]) lines.push(`${l}: ${writeValue(q.text[l] ?? '')}`);
      lines.push('');
      for (const o of q.options) {
        lines.push(`- [${q.correct.includes(o.id) ? 'x' : ' '}] ${o.id}`);
        for (const l of LANGS) if (o.text[l]) lines.push(`  ${l}: ${writeValue(o.text[l] ?? '')}`);
      }
      lines.push('');
      for (const l of LANGS)
        if (q.explanation[l]) lines.push(`explanation.${l}: ${writeValue(q.explanation[l] ?? '')}`);
    }
    files.push({ path: `quizzes/${String(i + 1).padStart(2, '0')}-quiz.md`, text: `${lines.join('\n')}\n` });
  });
  return files;
}
