import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, Store } from '@pollwatch/db';
import { postgresSkipReason } from '@pollwatch/db/testing';
import iconv from 'iconv-lite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const bin = new URL('../bin/pollwatch.js', import.meta.url).pathname;
const dataDir = () => mkdtempSync(join(tmpdir(), 'pollwatch-cli-'));

function cli(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('pollwatch CLI', () => {
  it('explains every command with --help', () => {
    const top = cli(['--help'], {});
    expect(top.code).toBe(0);
    for (const command of ['serve', 'migrate', 'admin', 'seed', 'import']) expect(top.stdout).toContain(command);
    expect(cli(['serve', '--help'], {}).stdout).toContain('--port');
    expect(cli(['migrate', '--help'], {}).stdout).toContain('migrations');
    const create = cli(['admin', 'create', '--help'], {});
    expect(create.stdout).toContain('--email');
    expect(create.stdout).toContain('--password-stdin');
  });

  it('migrates, then creates an admin from stdin, which closes /setup', async () => {
    const DATA_DIR = dataDir();
    const migrated = cli(['migrate'], { DATA_DIR });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/applied 20\d{12}-foundation/);
    expect(cli(['migrate'], { DATA_DIR }).stdout).toContain('already up to date');

    const created = cli(
      ['admin', 'create', '--email', 'Chief@Example.org', '--name', 'Марат', '--password-stdin'],
      { DATA_DIR },
      'a strong pass phrase\n',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('admin created: chief@example.org');
    expect(created.stdout + created.stderr).not.toContain('a strong pass phrase');

    const db = openDatabase({ sqliteFile: join(DATA_DIR, 'pollwatch.db') });
    try {
      const store = Store.over(db);
      expect(await store.settings.get('setup_completed')).toBeDefined();
      const found = await store.users.findWithPasswordByEmail('chief@example.org');
      expect(found?.user.role).toBe('admin');
    } finally {
      await db.close();
    }
  });

  it('refuses a weak password or a taken email with a clear message and exit code 1', () => {
    const DATA_DIR = dataDir();
    const weak = cli(
      ['admin', 'create', '--email', 'a@example.org', '--name', 'A', '--password-stdin'],
      { DATA_DIR },
      'short\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('password_too_weak');
    const args = ['admin', 'create', '--email', 'a@example.org', '--name', 'A', '--password-stdin'];
    expect(cli(args, { DATA_DIR }, 'long enough password\n').code).toBe(0);
    const taken = cli(args, { DATA_DIR }, 'long enough password\n');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already exists');
    const badLocale = cli([...args, '--locale', 'fr'], { DATA_DIR }, 'long enough password\n');
    expect(badLocale.code).toBe(1);
    expect(badLocale.stderr).toContain('--locale');
  });

  it('seeds the demo once, then imports stations from a file with the same report as the API', () => {
    const DATA_DIR = dataDir();
    const seeded = cli(['seed', 'demo'], { DATA_DIR });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/demo loaded: election [0-9a-f-]{36}, 30 areas, 400 stations/);
    expect(cli(['seed', 'demo'], { DATA_DIR }).stdout).toContain('nothing changed');

    const file = join(DATA_DIR, 'stations.csv');
    writeFileSync(
      file,
      iconv.encode(
        'Регион;Район;№ участка;Адрес;Избирателей\r\nDEMO-ALA;Ауэзовский район;9001;ул. Жандосова, 1;1200\r\nDEMO-ALA;Ауэзовский район;9001;Дубль;5\r\nDEMO-ALA;Нет такого;9002;ул. 2;-1\r\n',
        'win1251',
      ),
    );
    const rejected = cli(['import', 'stations', file], { DATA_DIR });
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain('encoding windows-1251, separator ;');
    expect(rejected.stdout).toContain('rows 3: added 1, changed 0, unchanged 0, rejected 2');
    expect(rejected.stdout).toContain('line 3, number: duplicate_in_file firstLine=2');
    expect(rejected.stdout).toContain('line 4, area: unknown_area');
    expect(rejected.stdout).toContain('line 4, registeredVoters: negative');
    expect(rejected.stdout).toContain('nothing was written');

    const mapping = join(DATA_DIR, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ region: 'Регион', area: 'Район', number: '№ участка', address: 'Адрес' }));
    writeFileSync(file, 'Регион,Район,№ участка,Адрес\nDEMO-ALA,Әуезов ауданы,9001,"Абай даңғылы, 1"\n');
    const dry = cli(['import', 'stations', file, '--mapping', mapping, '--dry-run', '--json'], { DATA_DIR });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ applied: false, added: 1, rows: 1 });
    const applied = cli(['import', 'stations', file, '--mapping', mapping], { DATA_DIR });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('applied: stations');
    expect(cli(['import', 'stations', file, '--mapping', mapping], { DATA_DIR }).stdout).toContain('unchanged 1');
    const badMapping = cli(['import', 'stations', file, '--mapping', file], { DATA_DIR });
    expect(badMapping.code).toBe(1);
    expect(badMapping.stderr).toContain('--mapping');
  }, 180_000);

  const onPostgres = !postgresSkipReason;
  it.skipIf(!onPostgres)('serves on PostgreSQL when DATABASE_URL is set [postgres]', async () => {
    const base = process.env.TEST_DATABASE_URL ?? '';
    const schema = `pw_cli_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir(),
      },
      stdio: 'ignore',
    });
    try {
      let ready = 0;
      for (let i = 0; i < 100 && ready !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
      }
      expect(ready).toBe(200);
      const setup = await fetch(`http://127.0.0.1:${port}/api/v1/setup`).then((r) => r.json());
      expect(setup).toEqual({ needed: true });
      const tables = await admin.query('select table_name from information_schema.tables where table_schema = $1', [
        schema,
      ]);
      expect(tables.rows.map((r) => r.table_name)).toContain('users');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });
});
