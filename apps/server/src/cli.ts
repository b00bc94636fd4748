import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { DomainError, isLocale } from '@pollwatch/core';
import { migrateToLatest, Store } from '@pollwatch/db';
import { Command, Option } from 'commander';
import { AuthService } from './auth/auth.service.ts';
import { loadConfig } from './config.ts';
import { describeDatabase, openConfiguredDatabase } from './database-from-config.ts';
import { serve } from './serve.ts';

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
    .action(async (opts: { port?: string; host?: string }) => {
      const config = loadConfig({
        ...process.env,
        ...(opts.port ? { PORT: opts.port } : {}),
        ...(opts.host ? { HOST: opts.host } : {}),
      });
      await serve(config);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const config = loadConfig();
      const db = openConfiguredDatabase(config);
      try {
        const { applied } = await migrateToLatest(db.kysely);
        console.log(
          `${describeDatabase(config)}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}`,
        );
      } finally {
        await db.close();
      }
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
      if (!isLocale(opts.locale)) throw new CliError(`--locale must be ru, kk or en, not "${opts.locale}"`);
      const password = await readPassword(Boolean(opts.passwordStdin));
      const config = loadConfig();
      const db = openConfiguredDatabase(config);
      try {
        await migrateToLatest(db.kysely);
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

  return program;
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
