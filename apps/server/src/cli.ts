import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { ColumnMapping, ImportOptionsBody, ImportReport } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { Command, Option } from 'commander';
import type { Config } from './config.ts';
import { addSchoolCommands } from './school/course-folder-cli.ts';

// Each command loads what it needs when it runs (dynamic imports in its action), so that `--help`
// and a command that needs no HTTP server do not load the app, its routes and their libraries:
// start-up of every `pollwatch <cmd>` is a few hundred modules shorter.
const core = () => import('@pollwatch/core');
const database = () => import('@pollwatch/db');
const configModule = () => import('./config.ts');
const dataKeys = () => import('./security/data-keys.ts');

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  // Interactive: ask twice. Readline echoes what is typed into its output, so that output is muted.
  const ask = async (prompt: string) => {
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
    process.stdout.write(prompt);
    const answer = await rl.question('');
    rl.close();
    process.stdout.write('\n');
    return answer;
  };
  const first = await ask('Password: ');
  const second = await ask('Repeat password: ');
  if (first !== second) throw new CliError('the two passwords differ');
  return first;
}

class CliError extends Error {}

export function buildCli(): Command {
  const program = new Command('pollwatch')
    .description('pollwatch — HQ platform of an independent election-observer network')
    .showHelpAfterError();

  program
    .command('serve')
    .description('migrate the database, then serve the API and the web app')
    .addOption(new Option('-p, --port <port>', 'port to listen on').env('PORT'))
    .addOption(new Option('--host <host>', 'address to bind').env('HOST'))
    .option('--demo', 'load the demo (2022 election and the rehearsal campaign) first, unless it is there')
    .option('--live', 'with --demo: replay voting-day reports in real time once serving (as `demo live`)')
    .addOption(
      new Option('--workers <n>', 'server processes sharing the port (more than 1 needs PostgreSQL)').env('WORKERS'),
    )
    .action(async (opts: { port?: string; host?: string; demo?: boolean; live?: boolean; workers?: string }) => {
      const { loadConfig } = await configModule();
      const config = loadConfig({
        ...process.env,
        ...(opts.port ? { PORT: opts.port } : {}),
        ...(opts.host ? { HOST: opts.host } : {}),
      });
      const workers = opts.workers === undefined ? 1 : Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1)
        throw new Error(`--workers must be a whole number from 1, got "${opts.workers}"`);
      const { serveCommand } = await import('./serve.ts');
      await serveCommand(config, { demo: Boolean(opts.demo), live: Boolean(opts.demo && opts.live), workers });
    });

  program
    .command('seed')
    .description('load sample data')
    .command('demo')
    .description(
      'the 20 Nov 2022 presidential election of Kazakhstan (candidates, regions, generated Almaty stations) and a ' +
        'rehearsal campaign that voted yesterday: applicants, observers, assignments, reports, photos, official results',
    )
    .action(async () => {
      const { describeDemoSeed, seedDemo } = await import('./demo/demo-seed.ts');
      await withStore(async (store, config) => {
        const result = await seedDemo(store, () => new Date(), { dataDir: config.dataDir });
        console.log(describeDemoSeed(result));
      });
    });

  const demo = program.command('demo').description('the demo data: replay its voting day live, or remove it');
  demo
    .command('live')
    .description(
      "replay the rehearsal's voting-day reports against a running server, one every --interval-ms, so the live " +
        'page moves; stops after --count reports or on Ctrl-C',
    )
    .option('--url <url>', 'the running server (default: http://127.0.0.1:$PORT)')
    .option('--count <n>', 'reports to send at most', (v) => positiveInteger(v, '--count'), 60)
    .option('--interval-ms <ms>', 'pause between two reports', (v) => positiveInteger(v, '--interval-ms'), 1500)
    .action(async (opts: { url?: string; count: number; intervalMs: number }) => {
      const { DemoLiveError, httpPost, replayLive } = await import('./demo/demo-live.ts');
      await withStore(async (store, config) => {
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal);
        try {
          const url = opts.url ?? `http://127.0.0.1:${config.port}`;
          console.log(
            `replaying up to ${opts.count} reports to ${url}, one every ${opts.intervalMs} ms (Ctrl-C stops)`,
          );
          const result = await replayLive(store, httpPost(url), () => new Date(), {
            count: opts.count,
            intervalMs: opts.intervalMs,
            dataDir: config.dataDir,
            signal: stop.signal,
            log: (line) => console.log(line),
          });
          console.log(`sent ${result.sent}, accepted ${result.accepted}, flagged ${result.flagged}`);
        } catch (error) {
          if (error instanceof DemoLiveError) throw new CliError(error.message);
          throw error;
        } finally {
          process.off('SIGINT', onSignal);
        }
      });
    });
  demo
    .command('remove')
    .description(
      "delete exactly the demo's records (both demo elections, their stations, people, reports, photos, results); " +
        'the append-only audit log keeps its entries',
    )
    .action(async () => {
      const { removeDemo } = await import('./demo/demo-remove.ts');
      await withStore(async (store, config) => {
        const result = await removeDemo(store, () => new Date(), config.dataDir);
        if ('refused' in result) {
          throw new CliError(
            `not removed: ${result.laterEntries} report revision(s) that are not demo data were hash-chained after ` +
              "the demo's, and removing the demo's entries would break the chain",
          );
        }
        const r = result.removed;
        console.log(
          `demo removed: ${r.elections} elections, ${r.stations} stations, ${r.areas} areas, ${r.users} accounts, ` +
            `${r.applicants} applicants, ${r.assignments} assignments, ${r.reports} reports, ${r.photos} photos, ` +
            `${r.officialResults} official results; chain head now at entry ${result.chainHead.seq}`,
        );
        if (result.keptUsers > 0) {
          console.log(`${result.keptUsers} demo account(s) named in the audit log were disabled, not deleted`);
        }
        if (result.keptAreas > 0) console.log(`${result.keptAreas} demo area(s) still hold your own records: kept`);
      });
    });

  program
    .command('verify-chain')
    .description('recompute the hash chain of accepted reports and name the first entry that does not hold')
    .action(async () => {
      const { verifyChain } = await import('./reports/hash-chain.ts');
      await withStore(async (store) => {
        const verdict = await verifyChain(store);
        if (verdict.ok) {
          console.log(`chain intact: ${verdict.entries} entries, head ${verdict.head}`);
        } else {
          const { seq, reportId, revision, problem } = verdict.first;
          console.log(
            `chain broken at entry ${seq}: ${problem}${reportId ? ` (report ${reportId}, revision ${revision})` : ''}; ` +
              `${verdict.entries} entries before it hold`,
          );
          process.exitCode = 1;
        }
      });
    });

  program
    .command('backup')
    .argument('<dir>', 'a new folder for the backup')
    .description(
      'copy the database (SQLite online backup, or pg_dump) and the photos into a new folder; safe while serving',
    )
    .action(async (dir: string) => {
      const [{ backup }, { loadConfig }] = await Promise.all([import('./backup/backup.ts'), configModule()]);
      const manifest = await backup(loadConfig(), dir);
      console.log(`backup of the ${manifest.dialect} database and ${manifest.blobs} photo file(s) in ${dir}`);
      if (manifest.dataKeyIds?.length) {
        console.log(
          `personal data in it is sealed with data key ${manifest.dataKeyIds.join(', ')}, which is NOT in the backup: ` +
            'keep the key (DATA_KEYS or the key file) somewhere else; a restore cannot read phones or IINs without it',
        );
      }
    });

  program
    .command('restore')
    .argument('<dir>', 'a folder made by `pollwatch backup`')
    .description('restore a backup into an empty database and DATA_DIR, then verify the hash chain and the photos')
    .action(async (dir: string) => {
      const [{ restore }, { loadConfig }] = await Promise.all([import('./backup/backup.ts'), configModule()]);
      const report = await restore(loadConfig(), dir);
      console.log(
        `restored: hash chain ${report.chain.ok ? 'intact' : 'BROKEN'} (${report.chain.entries} entries), ` +
          `${report.blobs.checked} photo file(s) checked, ${report.blobs.damaged.length} damaged`,
      );
      if (!report.chain.ok || report.blobs.damaged.length > 0) process.exitCode = 1;
    });

  program
    .command('anonymise-applicants')
    .description(
      'replace the personal fields of the applicants of a finished election with placeholders, ' +
        'revoke their referral letters and clear notes (audited); refused before voting day + N days',
    )
    .requiredOption('--election <id>', 'the election whose applicants to anonymise')
    .requiredOption('--after-days <n>', 'days after voting day that must have passed', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new CliError('--after-days must be a whole number of days');
      return n;
    })
    .action(async (options: { election: string; afterDays: number }) => {
      const [{ ApplicantsService }, { AuthService }] = await Promise.all([
        import('./recruitment/applicants.service.ts'),
        import('./auth/auth.service.ts'),
      ]);
      await withStore(async (store, config) => {
        const now = () => new Date();
        const service = new ApplicantsService(store, new AuthService(store, config, now), now);
        const { anonymised } = await service.anonymise(null, options.election, options.afterDays);
        console.log(`anonymised ${anonymised} applicant(s)`);
      });
    });

  const importCommand = program
    .command('import')
    .description('import areas, stations or assignments from a CSV or XLSX file');
  for (const kind of ['stations', 'areas', 'assignments'] as const) {
    const command = importCommand
      .command(`${kind} <file>`)
      .description(
        kind === 'stations'
          ? 'import polling stations (upsert by region and number); all or nothing'
          : kind === 'assignments'
            ? 'import observer assignments (region, number, observer phone or e-mail, shift); adds only; all or nothing'
            : 'import the territory tree (upsert by code); all or nothing',
      );
    if (kind !== 'areas') command.option('--election <id>', 'the election (default: the current one)');
    if (kind === 'stations')
      command.option(
        '--create-areas',
        'create the regions and districts the file names that the territory tree lacks (the dry run lists them)',
      );
    command
      .option('--mapping <file>', 'JSON file: { "field": "column header", ... } (default: matched by header names)')
      .addOption(
        new Option('--encoding <encoding>', 'file encoding')
          .choices(['auto', 'utf-8', 'utf-16le', 'windows-1251', 'kz-1048'])
          .default('auto'),
      )
      .addOption(
        new Option('--separator <separator>', 'CSV separator').choices(['auto', ',', ';', 'tab']).default('auto'),
      )
      .option('--dry-run', 'report what would change, write nothing')
      .option('--json', 'print the report as JSON')
      .action(async (file: string, opts: ImportCliOptions) => {
        const [{ DomainError }, { ElectionsService }, { formatImportReport }, { ImportsService }] = await Promise.all([
          core(),
          import('./elections/elections.service.ts'),
          import('./imports/import-report-text.ts'),
          import('./imports/imports.service.ts'),
        ]);
        await withStore(async (store, config) => {
          const mapping = opts.mapping ? await readMapping(opts.mapping) : undefined;
          const imports = new ImportsService(store, config.dataDir, () => new Date(), config.importMaxBytes);
          const electionId =
            kind !== 'areas'
              ? (opts.election ?? (await new ElectionsService(store, () => new Date()).currentId()) ?? undefined)
              : undefined;
          let report: ImportReport;
          try {
            report = await imports.importFile(
              null,
              {
                kind,
                path: file,
                electionId,
                options: {
                  mapping,
                  encoding: opts.encoding as ImportOptionsBody['encoding'],
                  separator: (opts.separator === 'tab' ? '\t' : opts.separator) as ImportOptionsBody['separator'],
                  ...(opts.createAreas ? { createAreas: true } : {}),
                },
              },
              Boolean(opts.dryRun),
            );
          } catch (error) {
            const details =
              error instanceof DomainError ? (error.details as { report?: ImportReport } | undefined) : undefined;
            if (!details?.report) throw error;
            report = details.report;
          }
          console.log(opts.json ? JSON.stringify(report, null, 2) : formatImportReport(report, Boolean(opts.dryRun)));
          if (report.rejected > 0 || report.mappingProblems.length > 0) process.exitCode = 1;
        });
      });
  }

  program
    .command('analyze <file>')
    .description('statistical tests of per-station official results (CSV/XLSX), printed as JSON; no database needed')
    .option('--template <template>', 'protocol template: russia or kazakhstan (default: from the headers)')
    .option(
      '--mapping <file>',
      'JSON file as --print-mapping prints it: { "columns": { "column header": "lineKey" | "option" | null } } (default: recognised by meaning)',
    )
    .option('--leader <name>', 'the leader option (default: the option with most votes)')
    .option('--print-mapping', 'print the column mapping chosen (JSON for --mapping) instead of the analysis')
    .action(
      async (file: string, opts: { template?: string; mapping?: string; leader?: string; printMapping?: boolean }) => {
        // Loaded on demand: the analysis code is not needed by the other commands.
        const { runAnalyzeCommand } = await import('./analysis/analyze-command.ts');
        await runAnalyzeCommand(file, opts);
      },
    );

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const [{ loadConfig }, { openServerDatabase }, { describeDatabase }] = await Promise.all([
        configModule(),
        dataKeys(),
        import('./database-from-config.ts'),
      ]);
      const config = loadConfig();
      const { db, applied } = await openServerDatabase(config);
      try {
        console.log(
          `${describeDatabase(config)}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}`,
        );
      } finally {
        await db.close();
      }
    });

  program
    .command('rotate-keys')
    .description(
      'move personal data sealed with older data keys to the active (first) key, page by page; safe while serving, resumable',
    )
    .option('--generate', 'print a new key line (id:base64) to put FIRST in DATA_KEYS or the key file, and exit')
    .option('--page-size <n>', 'rows per page', '500')
    .action(async (opts: { generate?: boolean; pageSize: string }) => {
      if (opts.generate) {
        const { generateDataKeyLine } = await database();
        console.log(generateDataKeyLine());
        return;
      }
      const pageSize = positiveInteger(opts.pageSize, '--page-size');
      const { rotateDataKeys } = await dataKeys();
      await withStore(async (store) => {
        const { moved, remaining } = await rotateDataKeys(store, { pageSize });
        console.log(
          `re-sealed ${moved} applicant(s) with data key "${store.keyring.activeId}"; ${remaining} left on older keys` +
            (remaining === 0 ? ': the older keys can now be removed from the configuration' : ''),
        );
        if (remaining > 0) process.exitCode = 1;
      });
    });

  const admin = program.command('admin').description('manage administrator accounts');
  admin
    .command('create')
    .description(
      'create an admin account (also closes the /setup page). The password is read from a prompt or stdin, never from arguments',
    )
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .option('--locale <locale>', 'interface language: ru, kk or en', 'ru')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (opts: { email: string; name: string; locale: string; passwordStdin?: boolean }) => {
      const { isLocale } = await core();
      if (!isLocale(opts.locale)) throw new CliError(`--locale must be ru, kk or en, not "${opts.locale}"`);
      const password = await readPassword(Boolean(opts.passwordStdin));
      const [{ loadConfig }, { openServerDatabase }, { Store }, { AuthService }] = await Promise.all([
        configModule(),
        dataKeys(),
        database(),
        import('./auth/auth.service.ts'),
      ]);
      const config = loadConfig();
      const { db } = await openServerDatabase(config);
      try {
        const auth = new AuthService(Store.over(db), config, () => new Date());
        const user = await auth.createAdmin({
          email: opts.email,
          displayName: opts.name,
          password,
          locale: opts.locale,
        });
        console.log(`admin created: ${user.email} (${user.id})`);
      } finally {
        await db.close();
      }
    });

  addSchoolCommands(program, (work) => withStore((store) => work(store)));

  return program;
}

function positiveInteger(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${name} must be a whole number above 0`);
  return n;
}

interface ImportCliOptions {
  election?: string;
  createAreas?: boolean;
  mapping?: string;
  encoding: string;
  separator: string;
  dryRun?: boolean;
  json?: boolean;
}

async function readMapping(path: string): Promise<ColumnMapping> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`--mapping ${path}: ${(error as Error).message}`);
  }
  if (
    !parsed ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => v !== null && typeof v !== 'string')
  ) {
    throw new CliError('--mapping must be a JSON object of field → column header');
  }
  return parsed as ColumnMapping;
}

/** Migrates, then hands a store to `work`, closing the database whatever happens. */
async function withStore(work: (store: Store, config: Config) => Promise<void>): Promise<void> {
  const [{ loadConfig }, { openServerDatabase }, { Store }] = await Promise.all([
    configModule(),
    dataKeys(),
    database(),
  ]);
  const config = loadConfig();
  const { db } = await openServerDatabase(config);
  try {
    await work(Store.over(db), config);
  } finally {
    await db.close();
  }
}

const cliMessages: Partial<Record<string, string>> = {
  email_taken: 'an account with this email already exists',
  password_too_weak: 'the password is too weak: use at least 12 characters, not your email or name',
  validation_failed: 'the input is not valid',
};

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    const { DomainError } = await core();
    if (error instanceof DomainError) {
      console.error(`pollwatch: ${cliMessages[error.code] ?? error.message} [${error.code}]`);
    } else if (error instanceof CliError) {
      console.error(`pollwatch: ${error.message}`);
    } else {
      console.error(`pollwatch: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  }
}
