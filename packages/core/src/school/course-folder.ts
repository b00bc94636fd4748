import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { transliterate } from '../text/transliterate.ts';
import { checkQuiz, type QuizContent, type QuizQuestion, type SchoolLocale, type SchoolText } from './school.ts';

/**
 * A course as a folder of text files, so an HQ can write courses in a text editor and keep them
 * in git (`docs/school-course-folder.md` is the reference):
 *
 * ```
 * course.json                  the manifest: format, id, titles, requires, the ordered lessons and quizzes
 * lessons/01-rights.ru.md      front matter: title; then the lesson in Markdown
 * lessons/01-rights.kk.md      the same lesson in Kazakh (ru and kk required, en optional)
 * quizzes/01-final.md          front matter: title.ru/kk/en, pass_mark; then the questions
 * ```
 *
 * The manifest names every file and gives the order; a Markdown file it does not name is refused
 * (a lesson forgotten in the manifest would silently vanish otherwise). Pure: files in, a checked
 * course or a list of problems (file, line or JSON path, code) out, and back. Every problem is found
 * before anything is written, and each has a sentence in ru, kk and en.
 */

export const MANIFEST_FILE = 'course.json';
export const MANIFEST_FORMAT = 1;

export interface FolderFile {
  /** Relative, `/`-separated. */
  path: string;
  text: string;
}

export interface FolderLesson {
  /** The lesson's key in the manifest (`01-rights`). */
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
  | 'manifest_missing'
  | 'manifest_json'
  | 'manifest_required'
  | 'manifest_unknown_field'
  | 'manifest_value'
  | 'manifest_duplicate'
  | 'manifest_file_missing'
  | 'not_in_manifest'
  | 'front_matter'
  | 'front_matter_line'
  | 'unknown_key'
  | 'missing_key'
  | 'duplicate_key'
  | 'bad_number'
  | 'bad_quote'
  | 'empty_text'
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
  column?: number;
  /** A JSON pointer into the manifest (`/lessons/1/files/kk`). */
  path?: string;
  code: FolderProblemCode;
  params?: Record<string, string | number>;
}

export type ParsedFolder = { ok: true; course: CourseFolder } | { ok: false; problems: FolderProblem[] };

const LANGS = ['ru', 'kk', 'en'] as const;
const Key = Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z_-]{0,79}$' });
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
/** A relative Markdown file inside the folder: no `..`, no leading `/`. */
const MdFile = Type.String({ pattern: '^(?!/)(?!.*(^|/)\\.\\.?(/|$))[^\\\\]{1,200}\\.md$' });
const Title = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' });
const closed = { additionalProperties: false } as const;

/** The manifest `course.json`, checked field by field; every error carries its JSON path. */
export const CourseManifestSchema = Type.Object(
  {
    format: Type.Literal(MANIFEST_FORMAT),
    id: Type.Optional(Uuid),
    title: Type.Object({ ru: Title, kk: Title, en: Type.Optional(Type.String({ maxLength: 300 })) }, closed),
    requires: Type.Optional(Type.String({ maxLength: 300 })),
    lessons: Type.Array(
      Type.Object(
        {
          key: Key,
          id: Type.Optional(Uuid),
          files: Type.Object({ ru: MdFile, kk: MdFile, en: Type.Optional(MdFile) }, closed),
        },
        closed,
      ),
      { maxItems: 500 },
    ),
    quizzes: Type.Array(Type.Object({ key: Key, id: Type.Optional(Uuid), file: MdFile }, closed), { maxItems: 100 }),
  },
  closed,
);
export interface CourseManifest {
  format: typeof MANIFEST_FORMAT;
  id?: string;
  title: SchoolText;
  requires?: string;
  lessons: { key: string; id?: string; files: { ru: string; kk: string; en?: string } }[];
  quizzes: { key: string; id?: string; file: string }[];
}

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
    !clean.some((f) => f.path === MANIFEST_FILE)
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

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** The manifest, or its problems: bad JSON with line and column, each schema error with its JSON path. */
export function parseManifest(file: FolderFile, problems: FolderProblem[]): CourseManifest | null {
  const text = file.text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const at = /position (\d+)/.exec(message);
    const { line, column } = lineColumn(text, at ? Number(at[1]) : text.length);
    problems.push({ file: file.path, line, column, code: 'manifest_json' });
    return null;
  }
  const before = problems.length;
  /** Whether the lists of files can still be read, so their files' problems are reported too. */
  let listsReadable = value !== null && typeof value === 'object' && !Array.isArray(value);
  for (const e of Value.Errors(CourseManifestSchema, value)) {
    const path = e.instancePath || '/';
    if (/^\/(lessons|quizzes)(\/|$)/.test(path)) listsReadable = false;
    if (e.keyword === 'additionalProperties') continue; // each extra field is also reported on its own path
    if (e.keyword === 'boolean') problems.push({ file: file.path, path, code: 'manifest_unknown_field' });
    else if (e.keyword === 'required') {
      const fields = (e.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      if (path === '/' && fields.some((f) => f === 'lessons' || f === 'quizzes')) listsReadable = false;
      for (const field of fields)
        problems.push({ file: file.path, path, code: 'manifest_required', params: { field } });
    } else problems.push({ file: file.path, path, code: 'manifest_value', params: { rule: e.keyword } });
  }
  if (problems.length > before && !listsReadable) return null;
  const manifest = value as CourseManifest;
  const seen = new Map<string, string>();
  const once = (value: string, path: string) => {
    if (seen.has(value)) {
      problems.push({
        file: file.path,
        path,
        code: 'manifest_duplicate',
        params: { value, other: seen.get(value) ?? '' },
      });
    } else seen.set(value, path);
  };
  manifest.lessons.forEach((l, i) => {
    once(`lesson:${l.key}`, `/lessons/${i}/key`);
    if (l.id) once(l.id.toLowerCase(), `/lessons/${i}/id`);
    for (const lang of LANGS) {
      const f = l.files[lang];
      if (f) once(f, `/lessons/${i}/files/${lang}`);
    }
  });
  manifest.quizzes.forEach((q, i) => {
    once(`quiz:${q.key}`, `/quizzes/${i}/key`);
    if (q.id) once(q.id.toLowerCase(), `/quizzes/${i}/id`);
    once(q.file, `/quizzes/${i}/file`);
  });
  // The messages name keys and files, not the internal prefixes.
  for (const p of problems.slice(before)) {
    if (p.params?.value) p.params.value = String(p.params.value).replace(/^(lesson|quiz):/, '');
  }
  return manifest;
}

/** Reads a course folder; a course only when every file is right. */
export function parseCourseFolder(input: FolderFile[]): ParsedFolder {
  const problems: FolderProblem[] = [];
  const files = normaliseFolder(input);
  for (const f of files) {
    if (
      (f.path.endsWith('.md') || f.path === MANIFEST_FILE) &&
      (f.text.includes('\u0000') || f.text.includes('\uFFFD'))
    )
      problems.push({ file: f.path, code: 'not_text' });
  }
  if (problems.length) return { ok: false, problems };
  const manifestFile = files.find((f) => f.path === MANIFEST_FILE);
  if (!manifestFile) return { ok: false, problems: [{ file: MANIFEST_FILE, code: 'manifest_missing' }] };
  const manifest = parseManifest(manifestFile, problems);
  if (!manifest) return { ok: false, problems };

  const byPath = new Map(files.map((f) => [f.path, f]));
  const named = new Set<string>();
  const fileAt = (path: string, pointer: string): FolderFile | undefined => {
    named.add(path);
    const f = byPath.get(path);
    if (!f)
      problems.push({ file: MANIFEST_FILE, path: pointer, code: 'manifest_file_missing', params: { name: path } });
    return f;
  };

  const lessons: FolderLesson[] = [];
  manifest.lessons.forEach((entry, i) => {
    const title: Partial<SchoolText> = {};
    const body: Partial<SchoolText> = {};
    for (const lang of LANGS) {
      const path = entry.files[lang];
      if (!path) continue;
      const f = fileAt(path, `/lessons/${i}/files/${lang}`);
      if (!f) continue;
      const fm = frontMatter(f, ['title'], problems);
      if (!fm) continue;
      const t = fm.values.get('title')?.value.trim() ?? '';
      if (!t) problems.push({ file: f.path, code: 'missing_key', params: { key: 'title' } });
      if (t.length > 300) problems.push({ file: f.path, code: 'too_long', params: { key: 'title', max: 300 } });
      if (!fm.body) problems.push({ file: f.path, line: fm.bodyLine, code: 'empty_text' });
      if (fm.body.length > 50_000)
        problems.push({ file: f.path, code: 'too_long', params: { key: 'text', max: 50_000 } });
      title[lang] = t;
      body[lang] = fm.body;
    }
    const text = (t: Partial<SchoolText>): SchoolText => ({
      ru: t.ru ?? '',
      kk: t.kk ?? '',
      ...(t.en ? { en: t.en } : {}),
    });
    lessons.push({
      key: entry.key,
      ...(entry.id ? { id: entry.id.toLowerCase() } : {}),
      title: text(title),
      body: text(body),
    });
  });
  const quizzes: FolderQuiz[] = [];
  manifest.quizzes.forEach((entry, i) => {
    const f = fileAt(entry.file, `/quizzes/${i}/file`);
    if (!f) return;
    const parsed = parseQuizFile(f, problems);
    if (parsed) quizzes.push({ key: entry.key, ...(entry.id ? { id: entry.id.toLowerCase() } : {}), content: parsed });
  });
  for (const f of files) {
    if (f.path.endsWith('.md') && !named.has(f.path) && !/(^|\/)readme\.md$/i.test(f.path))
      problems.push({ file: f.path, code: 'not_in_manifest' });
  }
  if (problems.length) return { ok: false, problems };
  const requires = manifest.requires?.trim();
  const en = manifest.title.en?.trim();
  return {
    ok: true,
    course: {
      ...(manifest.id ? { id: manifest.id.toLowerCase() } : {}),
      title: { ru: manifest.title.ru.trim(), kk: manifest.title.kk.trim(), ...(en ? { en } : {}) },
      ...(requires ? { requires } : {}),
      lessons,
      quizzes,
    },
  };
}

type Target = { kind: 'question' } | { kind: 'option'; index: number };

function parseQuizFile(file: FolderFile, problems: FolderProblem[]): QuizContent | null {
  const before = problems.length;
  const fm = frontMatter(file, ['title.ru', 'title.kk', 'title.en', 'pass_mark'], problems);
  if (!fm) return null;
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
  return content;
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
  const manifest: CourseManifest = {
    format: MANIFEST_FORMAT,
    id: course.id,
    title: course.title,
    ...(course.requires ? { requires: course.requires } : {}),
    lessons: [],
    quizzes: [],
  };
  const width = Math.max(2, String(course.lessons.length).length);
  const keys = new Set<string>();
  course.lessons.forEach((lesson, i) => {
    let key = `${String(i + 1).padStart(width, '0')}-${slug(lesson.title.en ?? transliterate(lesson.title.ru))}`;
    while (keys.has(key)) key = `${key}-x`;
    keys.add(key);
    const entry: CourseManifest['lessons'][number] = { key, id: lesson.id, files: { ru: '', kk: '' } };
    for (const lang of LANGS) {
      const body = lesson.body[lang];
      if (!body) continue;
      const path = `lessons/${key}.${lang}.md`;
      entry.files[lang] = path;
      files.push({
        path,
        text: ['---', `title: ${writeValue(lesson.title[lang] ?? lesson.title.ru)}`, '---', '', body, ''].join('\n'),
      });
    }
    manifest.lessons.push(entry);
  });
  course.quizzes.forEach((quiz, i) => {
    const c = quiz.content;
    const lines = ['---', ...textKeys('title', c.title), `pass_mark: ${c.passMark}`, '---'];
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
    const key = `${String(i + 1).padStart(2, '0')}-quiz`;
    const path = `quizzes/${key}.md`;
    manifest.quizzes.push({ key, id: quiz.id, file: path });
    files.push({ path, text: `${lines.join('\n')}\n` });
  });
  files.unshift({ path: MANIFEST_FILE, text: `${JSON.stringify(manifest, null, 2)}\n` });
  return files;
}
