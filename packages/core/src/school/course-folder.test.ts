import { describe, expect, it } from 'vitest';
import { formatCourseFolder, parseCourseFolder, writeValue } from './course-folder.ts';
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
      'course.md',
      'lessons/01-prava.ru.md',
      'lessons/01-prava.kk.md',
      'quizzes/01-quiz.md',
    ]);
    // A ZIP of the folder itself: the shared top folder is dropped.
    const parsed = parseCourseFolder(files.map((f) => ({ ...f, path: `my-course/${f.path}` })));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.course.requires).toBe('Основы');
    expect(parsed.course.lessons[0]).toMatchObject({ key: '01-prava', body: { ru: '# Права\n\nТекст' } });
    expect(parsed.course.quizzes[0]?.content).toEqual(quiz);
    expect(writeValue(' x')).toBe('" x"');
    expect(writeValue('plain: colon')).toBe('plain: colon');
  });

  it('names each problem by file and line, in every language', () => {
    const parsed = parseCourseFolder([
      { path: 'course.md', text: 'title.ru: no settings block' },
      { path: 'lessons/1.ru.md', text: '---\ntitle: Урок\ncolor: red\n---\n' },
      { path: 'notes.md', text: 'hello' },
    ]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => [p.file, p.line, p.code])).toEqual([
      ['course.md', 1, 'front_matter'],
      ['lessons/1.ru.md', 3, 'unknown_key'],
      ['lessons/1.ru.md', 5, 'empty_text'],
      ['notes.md', undefined, 'file_name'],
      ['lessons/1.kk.md', undefined, 'language_missing'],
    ]);
    const unknown = parsed.problems[1];
    if (!unknown) throw new Error('no problem');
    expect(folderProblemText(unknown, 'ru')).toBe('lessons/1.ru.md, строка 3: неизвестная настройка «color»');
    expect(folderProblemText(unknown, 'kk')).toBe('lessons/1.ru.md, жол 3: белгісіз баптау «color»');
    expect(folderProblemText(unknown, 'en')).toBe('lessons/1.ru.md, line 3: unknown setting “color”');
  });
});
