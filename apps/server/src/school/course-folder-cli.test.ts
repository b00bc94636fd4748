import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase, Store } from '@pollwatch/db';
import { describe, expect, it } from 'vitest';
import { BROKEN_COURSE_FOLDER, GOOD_COURSE_FOLDER } from './course-folder.fixtures.ts';

const bin = new URL('../../bin/pollwatch.js', import.meta.url).pathname;

function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeFolder(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('pollwatch school import-course / export-course', () => {
  it('refuses a broken folder in Kazakh with exit code 1, imports a good one and exports it as a folder', async () => {
    const DATA_DIR = mkdtempSync(join(tmpdir(), 'pollwatch-course-cli-'));
    const electionId = '3f1e0c2a-6b7d-4e8f-9a0b-1c2d3e4f5a6b';
    // The folder is checked before the database is touched (this first run also migrates it).
    const broken = join(DATA_DIR, 'broken');
    writeFolder(broken, BROKEN_COURSE_FOLDER);
    const refused = cli(['school', 'import-course', broken, '--election', electionId, '--lang', 'kk'], { DATA_DIR });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('course.json, /title: «kk» өрісі толтырылмаған');
    expect(refused.stderr).toContain('quizzes/protocol.md, жол 4: «pass_mark» — 1-ден 100-ге дейінгі бүтін сан');
    expect(refused.stderr).toContain('Курс жүктелмеді: ештеңе өзгертілмеді.');

    const db = openDatabase({ sqliteFile: join(DATA_DIR, 'pollwatch.db') });
    try {
      await Store.over(db).elections.create(
        electionId,
        {
          name: { ru: 'Выборы', kk: 'Сайлау' },
          kind: 'parliamentary',
          votingDate: '2027-03-19',
          timeZone: 'Asia/Almaty',
          pollsOpen: '07:00',
          pollsClose: '20:00',
          monitoringFrom: '2027-03-01',
          turnoutCheckpoints: ['10:00'],
          ballotOptions: [],
          protocolTemplate: 'kz',
          isDemo: false,
        },
        new Date(),
      );
    } finally {
      await db.close();
    }

    const good = join(DATA_DIR, 'good');
    writeFolder(good, GOOD_COURSE_FOLDER);
    const imported = cli(['school', 'import-course', good, '--election', electionId], { DATA_DIR });
    expect(imported.code, imported.stderr).toBe(0);
    const courseId = /created course ([\w-]+)/.exec(imported.stdout)?.[1] ?? '';
    expect(imported.stdout).toContain('lessons +2 ~0, quizzes +1 ~0');

    const out = join(DATA_DIR, 'exported');
    const exported = cli(['school', 'export-course', courseId, out], { DATA_DIR });
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'course.json'), 'utf8'))).toMatchObject({
      format: 1,
      id: courseId,
      title: { ru: 'Работа с протоколом' },
    });
  }, 120_000);
});
