import { describe, expect, it } from 'vitest';
import { type FolderProblem, formatCourseFolder, parseCourseFolder, writeValue } from './course-folder.ts';
import { folderProblemText } from './course-folder-texts.ts';
import type { QuizContent } from './school.ts';

const quiz: QuizContent = {
  title: { ru: 'Тест', kk: 'Тест', en: 'Quiz' },
  passMark: 75,
  questions: [
    {
      id: 'q1',
      kind: 'multiple',
      text: { ru: 'Что проверить?\nДва пункта.', kk: 'Нені тексеру керек?' },
      options: [
        { id: 'a', text: { ru: 'Урны', kk: 'Жәшіктер' } },
        { id: 'b', text: { ru: '"Печати"', kk: 'Мөрлер' } },
        { id: 'c', text: { ru: 'Погоду', kk: 'Ауа райы' } },
      ],
      correct: ['a', 'b'],
      explanation: { ru: 'Урны и печати.', kk: 'Жәшіктер мен мөрлер.' },
    },
  ],
};

describe('course folders', () => {
  it('reads back what it writes, line breaks and quotes included', () => {
    const files = formatCourseFolder({
      id: '4f9c1c52-5d43-4b43-9d7e-0d3f4b1e2a10',
      title: { ru: 'Курс', kk: 'Курс' },
      requires: 'Основы',
      lessons: [
        {
          id: '0b1e7f4a-2a7c-4f0e-9a57-5e9f3b2c1d00',
          title: { ru: 'Права', kk: 'Құқықтар' },
          body: { ru: '# Права\n\nТекст', kk: '# Құқықтар\n\nМәтін' },
        },
      ],
      quizzes: [{ id: '7d2f6c1e-3b4a-4c5d-8e9f-0a1b2c3d4e5f', content: quiz }],
    });
    expect(files.map((f) => f.path)).toEqual([
      'course.json',
      'lessons/01-prava.ru.md',
      'lessons/01-prava.kk.md',
      'quizzes/01-quiz.md',
    ]);
    expect(JSON.parse(files[0]?.text ?? '')).toMatchObject({
      format: 1,
      id: '4f9c1c52-5d43-4b43-9d7e-0d3f4b1e2a10',
      lessons: [{ key: '01-prava', files: { ru: 'lessons/01-prava.ru.md', kk: 'lessons/01-prava.kk.md' } }],
      quizzes: [{ key: '01-quiz', id: '7d2f6c1e-3b4a-4c5d-8e9f-0a1b2c3d4e5f', file: 'quizzes/01-quiz.md' }],
    });
    // A ZIP of the folder itself: the shared top folder is dropped.
    const parsed = parseCourseFolder(files.map((f) => ({ ...f, path: `my-course/${f.path}` })));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.course.requires).toBe('Основы');
    expect(parsed.course.lessons[0]).toMatchObject({ key: '01-prava', body: { ru: '# Права\n\nТекст' } });
    expect(parsed.course.quizzes[0]?.content).toEqual(quiz);
    expect(writeValue(' x')).toBe('" x"');
    expect(writeValue('plain: colon')).toBe('plain: colon');
  });

  it('takes the order from the manifest, not from the file names', () => {
    const lesson = (title: string) => `---\ntitle: ${title}\n---\n\nТекст\n`;
    const parsed = parseCourseFolder([
      {
        path: 'course.json',
        text: JSON.stringify({
          format: 1,
          title: { ru: 'Курс', kk: 'Курс' },
          lessons: [
            { key: 'z', files: { ru: 'b.ru.md', kk: 'b.kk.md' } },
            { key: 'a', files: { ru: 'a.ru.md', kk: 'a.kk.md' } },
          ],
          quizzes: [],
        }),
      },
      { path: 'a.ru.md', text: lesson('А') },
      { path: 'a.kk.md', text: lesson('А') },
      { path: 'b.ru.md', text: lesson('Б') },
      { path: 'b.kk.md', text: lesson('Б') },
    ]);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.course.lessons.map((l) => [l.key, l.title.ru])).toEqual([
      ['z', 'Б'],
      ['a', 'А'],
    ]);
  });

  it('names each problem by file and line or JSON path, in every language', () => {
    const bad = parseCourseFolder([{ path: 'course.json', text: '{\n  "format": 1,\n}' }]);
    expect(bad).toEqual({ ok: false, problems: [{ file: 'course.json', line: 3, column: 1, code: 'manifest_json' }] });
    if (bad.ok) return;
    expect(folderProblemText(bad.problems[0] as FolderProblem, 'kk')).toBe(
      'course.json, жол 3, баған 1: бұл JSON емес: жазу қатесі осында (артық не жетіспейтін үтір, тырнақша, жақша)',
    );
    const parsed = parseCourseFolder([
      {
        path: 'course.json',
        text: JSON.stringify({
          format: 1,
          title: { ru: 'Курс', de: 'Kurs' },
          lessons: [{ key: '1', files: { ru: 'lessons/1.ru.md', kk: 'lessons/1.kk.md' } }],
          quizzes: [],
        }),
      },
      { path: 'lessons/1.ru.md', text: '---\ntitle: Урок\ncolor: red\n---\n' },
      { path: 'notes.md', text: 'hello' },
    ]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => [p.file, p.path ?? p.line, p.code])).toEqual([
      ['course.json', '/title', 'manifest_required'],
      ['course.json', '/title/de', 'manifest_unknown_field'],
      ['lessons/1.ru.md', 3, 'unknown_key'],
      ['lessons/1.ru.md', 5, 'empty_text'],
      ['course.json', '/lessons/0/files/kk', 'manifest_file_missing'],
      ['notes.md', undefined, 'not_in_manifest'],
    ]);
    const missing = parsed.problems[4] as FolderProblem;
    expect(folderProblemText(missing, 'ru')).toBe(
      'course.json, /lessons/0/files/kk: файла lessons/1.kk.md нет в папке',
    );
    expect(folderProblemText(missing, 'kk')).toBe(
      'course.json, /lessons/0/files/kk: қалтада lessons/1.kk.md файлы жоқ',
    );
    expect(folderProblemText(missing, 'en')).toBe(
      'course.json, /lessons/0/files/kk: the folder has no file lessons/1.kk.md',
    );
    const unknown = parsed.problems[2] as FolderProblem;
    expect(folderProblemText(unknown, 'ru')).toBe('lessons/1.ru.md, строка 3: неизвестная настройка «color»');
  });
});
