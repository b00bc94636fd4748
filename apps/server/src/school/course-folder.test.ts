import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DomainError, type FolderProblem, folderProblemText } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { BROKEN_COURSE_FOLDER, GOOD_COURSE_FOLDER } from './course-folder.fixtures.ts';
import { CourseFolderService } from './course-folder.service.ts';
import { readFolder } from './course-folder-cli.ts';

async function writeFolder(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

describeEachDialect('course folders', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;
  let dir: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/elections',
      cookie: admin,
      body: {
        name: { ru: 'Выборы', kk: 'Сайлау' },
        kind: 'parliamentary',
        votingDate: '2027-03-19',
        timeZone: 'Asia/Almaty',
      },
    });
    electionId = created.json().election.id;
    dir = await mkdtemp(join(tmpdir(), 'pw-course-'));
  });
  afterEach(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a ZIP made by zip(1), exports it, and re-imports the export unchanged; an edit makes one new version', async () => {
    await writeFolder(join(dir, 'protocol-course'), GOOD_COURSE_FOLDER);
    execFileSync('zip', ['-qr', 'course.zip', 'protocol-course'], { cwd: dir });
    const imported = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/school/courses/import`,
      cookie: admin,
      body: await readFile(join(dir, 'course.zip')),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const result = imported.json();
    expect(result).toMatchObject({ created: true, lessons: { added: 2 }, quizzes: { added: 1 } });

    const detail = (
      await t.request({ method: 'GET', url: `/api/v1/school/courses/${result.courseId}`, cookie: admin })
    ).json();
    expect(detail.course).toMatchObject({
      title: { ru: 'Работа с протоколом', en: 'Working with the protocol' },
      published: false,
    });
    expect(detail.lessons.map((l: { title: { ru: string } }) => l.title.ru)).toEqual([
      'Как получить копию протокола',
      'Как отправить отчёт',
    ]);
    expect(detail.lessons[0].body.kk).toContain('**куәландырылған көшірмесін**');
    expect(detail.lessons[0].body.en).toBeUndefined();
    const quiz = detail.quizzes[0].content;
    expect(quiz.passMark).toBe(50);
    expect(quiz.questions[1]).toMatchObject({ id: 'check', kind: 'multiple', correct: ['numbers', 'signatures'] });
    expect(quiz.questions[1].text.en).toBe('What to compare on the copy?');

    const exported = await t.request({
      method: 'GET',
      url: `/api/v1/school/courses/${result.courseId}/export`,
      cookie: admin,
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('application/zip');
    await writeFile(join(dir, 'export.zip'), exported.rawPayload);
    execFileSync('unzip', ['-q', 'export.zip', '-d', 'exported'], { cwd: dir });
    const service = new CourseFolderService(t.store, t.now);
    const again = await service.importFiles(null, electionId, await readFolder(join(dir, 'exported')));
    expect(again).toMatchObject({ courseId: result.courseId, created: false, lessons: { added: 0, changed: 0 } });
    expect(again.quizzes).toEqual({ added: 0, changed: 0, newVersions: 0 });

    // The manifest, not the file names, gives the order: swap the two lessons in course.json.
    const manifestPath = join(dir, 'exported', 'course.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    expect(manifest).toMatchObject({ format: 1, id: result.courseId });
    manifest.lessons.reverse();
    await writeFile(manifestPath, JSON.stringify(manifest));
    const kk = join(dir, 'exported', 'lessons', '01-kak-poluchit-kopiyu-protokola.kk.md');
    await writeFile(kk, (await readFile(kk, 'utf8')).replace('# Хаттама көшірмесі', '# Хаттаманың көшірмесі'));
    const edited = await service.importFiles(null, electionId, await readFolder(join(dir, 'exported')));
    expect(edited.lessons).toEqual({ added: 0, changed: 1 });
    const lessons = await t.store.school.listLessons(result.courseId);
    expect(lessons.map((l) => [l.title.ru, l.version])).toEqual([
      ['Как отправить отчёт', 1],
      ['Как получить копию протокола', 2],
    ]);
    expect(lessons[1]?.body.kk).toContain('# Хаттаманың көшірмесі');
  });

  it('refuses a broken folder with every problem named by file and line, and changes nothing', async () => {
    await writeFolder(dir, BROKEN_COURSE_FOLDER);
    const service = new CourseFolderService(t.store, t.now);
    const error = await service.importFiles(null, electionId, await readFolder(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    const problems = ((error as DomainError).details as { problems: FolderProblem[] }).problems;
    expect(problems.map((p) => `${p.file}:${p.line ?? p.path ?? ''}:${p.code}`).sort()).toEqual(
      [
        'course.json:/title:manifest_required',
        'course.json:/lessons/0/files/kk:manifest_file_missing',
        'lessons/extra.ru.md::not_in_manifest',
        'quizzes/protocol.md:4:bad_number',
        'quizzes/protocol.md:21:quiz_line',
        'quizzes/protocol.md:7:quiz_rule',
      ].sort(),
    );
    const kk = problems.map((p) => folderProblemText(p, 'kk'));
    expect(kk).toContain('course.json, /title: «kk» өрісі толтырылмаған');
    expect(kk).toContain(
      'quizzes/protocol.md, жол 21: түсініксіз жол «this line means nothing»: «## id single|multiple», «ru: …», «- [x] id» немесе «explanation.ru: …» күтілген',
    );
    expect(await t.store.school.listCourses(electionId)).toEqual([]);

    const upload = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/school/courses/import`,
      cookie: admin,
      body: Buffer.from('not a zip at all'),
    });
    expect(upload.statusCode).toBe(422);
    expect(upload.json().error.code).toBe('file_unreadable');
  });

  it('names the required course by its Russian title and refuses one the election lacks, writing nothing', async () => {
    await writeFolder(dir, {
      ...GOOD_COURSE_FOLDER,
      'course.json': `${GOOD_COURSE_FOLDER['course.json']?.replace('"format": 1,', '"format": 1, "requires": "Основы",')}`,
    });
    const service = new CourseFolderService(t.store, t.now);
    const error = (await service
      .importFiles(null, electionId, await readFolder(dir))
      .catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('course_folder_invalid');
    expect((error.details as { problems: FolderProblem[] }).problems).toEqual([
      { file: 'course.json', path: '/requires', code: 'requires_unknown', params: { title: 'Основы' } },
    ]);
    expect(await t.store.school.listCourses(electionId)).toEqual([]);
  });
});
