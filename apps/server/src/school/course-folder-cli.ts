import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { FolderFile, FolderProblem, SchoolLocale } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { Command } from 'commander';

// Loaded when a school command runs, not whenever the CLI starts (cli.ts says why).
const courseFolderService = async () => (await import('./course-folder.service.ts')).CourseFolderService;

type WithStore = (work: (store: Store) => Promise<void>) => Promise<void>;

/** Every text file under `dir`, paths relative to it (`.git` and other dot folders skipped). */
export async function readFolder(dir: string): Promise<FolderFile[]> {
  const files: FolderFile[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        files.push({ path: relative(dir, path).split(sep).join('/'), text: await readFile(path, 'utf8') });
      }
    }
  };
  await walk(dir);
  return files;
}

function languageOf(value: string | undefined): SchoolLocale {
  return value === 'kk' || value === 'en' ? value : 'ru';
}

/**
 * `pollwatch school import-course DIR|ZIP` and `pollwatch school export-course ID DIR|ZIP`: a course
 * as a folder of Markdown files that can live in git. Problems are printed one per line, in the
 * language asked for (`--lang`, Russian by default), and an import with any problem writes nothing.
 */
export function addSchoolCommands(program: Command, withStore: WithStore): void {
  const school = program.command('school').description('the observer school: courses as folders of Markdown files');
  school
    .command('import-course')
    .argument('<path>', 'a course folder (course.json, lessons/, quizzes/) or a ZIP of one')
    .description('create a course from the folder, or update the course whose id course.json names; all or nothing')
    .option('--election <id>', 'the election (default: the current one)')
    .option('--lang <ru|kk|en>', 'language of the messages', 'ru')
    .action(async (path: string, opts: { election?: string; lang?: string }) => {
      const lang = languageOf(opts.lang);
      const [{ DomainError, folderProblemText }, { ElectionsService }, CourseFolderService] = await Promise.all([
        import('@pollwatch/core'),
        import('../elections/elections.service.ts'),
        courseFolderService(),
      ]);
      await withStore(async (store) => {
        const electionId = opts.election ?? (await new ElectionsService(store, () => new Date()).currentId());
        if (!electionId) throw new DomainError('not_found', 'no current election: pass --election');
        const service = new CourseFolderService(store, () => new Date());
        try {
          const result = (await stat(path)).isDirectory()
            ? await service.importFiles(null, electionId, await readFolder(path))
            : await service.importZip(null, electionId, await readFile(path));
          console.log(
            `${result.created ? 'created' : 'updated'} course ${result.courseId} "${result.title[lang] ?? result.title.ru}": ` +
              `lessons +${result.lessons.added} ~${result.lessons.changed}, ` +
              `quizzes +${result.quizzes.added} ~${result.quizzes.changed} (${result.quizzes.newVersions} new version(s))`,
          );
        } catch (error) {
          const problems =
            error instanceof DomainError && error.code === 'course_folder_invalid'
              ? (error.details as { problems: FolderProblem[] }).problems
              : null;
          if (!problems) throw error;
          for (const p of problems) console.error(folderProblemText(p, lang));
          console.error(
            {
              ru: 'Курс не загружен: ничего не изменено.',
              kk: 'Курс жүктелмеді: ештеңе өзгертілмеді.',
              en: 'Course not imported: nothing was changed.',
            }[lang],
          );
          process.exitCode = 1;
        }
      });
    });
  school
    .command('export-course')
    .argument('<course-id>', 'the course to export')
    .argument('<path>', 'a folder to write into, or a file name ending in .zip')
    .description('write a course as a folder of Markdown files (or a ZIP of one) that import-course reads back')
    .action(async (courseId: string, path: string) => {
      const CourseFolderService = await courseFolderService();
      await withStore(async (store) => {
        const service = new CourseFolderService(store, () => new Date());
        if (path.toLowerCase().endsWith('.zip')) {
          const { bytes } = await service.exportZip(courseId);
          await writeFile(path, bytes);
          console.log(`wrote ${path}`);
          return;
        }
        const { files } = await service.exportFiles(courseId);
        for (const f of files) {
          const target = join(path, ...f.path.split('/'));
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, f.text);
        }
        console.log(`wrote ${files.length} file(s) into ${path}`);
      });
    });
}
