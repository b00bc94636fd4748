import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateElection } from '@pollwatch/analytics';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from './analyze-command.ts';
import { russianResultsCsv } from './results-csv.ts';

const bin = new URL('../../bin/pollwatch.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pollwatch-analyze-'));
const leader = 'Иванов Иван Иванович';

const election = simulateElection({ stations: 3_000, seed: 'cli', roundedStations: 200, stuffedStations: 20 });
// One protocol that does not add up: 7 votes more for the leader than valid ballots.
const broken = election.rows[5];
if (broken) broken.options[leader] = (broken.options[leader] ?? 0) + 7;
const csvPath = join(dir, 'results-1251.csv');
writeFileSync(csvPath, iconv.encode(russianResultsCsv(election.rows, { numbered: true }), 'win1251'));

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pollwatch analyze', () => {
  it('reads a Windows-1251 CEC-style file, maps the official headers and runs every test', async () => {
    const report = await analyzeFile(csvPath);
    expect(report.file).toMatchObject({ format: 'csv', encoding: 'windows-1251', separator: ';', stations: 3_000 });
    expect(report.template).toBe('russia');
    expect(Object.keys(report.columns.lines)).toHaveLength(12);
    expect(report.columns.lines.voters_on_list).toBe('1. Число избирателей, включенных в список избирателей');
    expect(report.columns.station).toEqual({ region: 'Регион', number: 'Номер УИК' });
    expect(report.columns.options).toEqual([leader, 'Петрова Мария Сергеевна', 'Сидоров Пётр Алексеевич']);
    expect(report.leader).toBe(leader);
    expect(report.totals.stations).toBe(3_000);
    expect(report.totals.registered).toBe(election.rows.reduce((a, r) => a + r.registered, 0));
    const validIsOptions = report.protocolChecks?.relations.find((r) => r.relationId === 'ru_valid_is_options');
    expect(validIsOptions?.stations).toEqual([
      { stationKey: broken?.stationKey, left: broken?.valid, right: (broken?.valid ?? 0) + 7 },
    ]);
    expect(report.protocolChecks?.stationsWithErrors).toBe(1);
    expect(report.integerPercentages.turnoutFrom).toBe('issued');
    expect(report.integerPercentages.either.zScore).toBeGreaterThan(5);
    expect(report.shpilkin.anomalousVotes).toBeGreaterThan(0);
    expect(report.lastDigit.degreesOfFreedom).toBe(9);
    expect(report.outliers.stations.map((s) => s.stationKey)).toEqual(election.stuffed);
  });

  it('takes a mapping, a template and a leader given by the beginning of a name', async () => {
    const path = join(dir, 'short.csv');
    writeFileSync(
      path,
      'УИК;Избиратели;Бюллетени в ящиках;Недейств.;Иванов И.И.;Петрова М.С.\n1;1000;600;10;390;200\n2;800;400;0;150;250\n',
    );
    const mappingPath = join(dir, 'map.json');
    writeFileSync(
      mappingPath,
      JSON.stringify({ voters_on_list: 'Избиратели', invalid: 'Недейств.', in_stationary_boxes: 'Бюллетени в ящиках' }),
    );
    const report = await analyzeFile(path, { template: 'russia', mapping: mappingPath, leader: 'петрова' });
    expect(report.columns.options).toEqual(['Иванов И.И.', 'Петрова М.С.']);
    expect(report.leader).toBe('Петрова М.С.');
    expect(report.totals).toMatchObject({ registered: 1800, valid: 990, invalid: 10, ballots: 1000 });
    expect(report.integerPercentages.turnoutFrom).toBe('ballots in boxes');
    expect(report.file.stations).toBe(2);
  });

  it('explains what is wrong in one line', async () => {
    await expect(analyzeFile(join(dir, 'missing.csv'))).rejects.toThrow(/missing\.csv: no such file/);
    await expect(analyzeFile(csvPath, { template: 'belarus' })).rejects.toThrow(
      '--template must be russia or kazakhstan',
    );
    await expect(analyzeFile(csvPath, { leader: 'Никто' })).rejects.toThrow(/--leader "Никто" is not an option/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'УИК;Число избирателей, включенных в список избирателей;Иванов\n1;1000;12,5\n');
    await expect(analyzeFile(bad)).rejects.toThrow('line 2, column "Иванов": not a whole number ≥ 0');
    const none = join(dir, 'none.csv');
    writeFileSync(none, 'УИК;Голоса\n1;10\n');
    await expect(analyzeFile(none)).rejects.toThrow(/no column matches a protocol line/);
  });

  it('runs from the real command line and prints JSON', () => {
    const ok = cli(['analyze', csvPath, '--leader', leader]);
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.leader).toBe(leader);
    expect(report.totals.stations).toBe(3_000);
    expect(Object.keys(report)).toEqual([
      'file',
      'template',
      'columns',
      'mapping',
      'mappingWarnings',
      'leader',
      'totals',
      'protocolChecks',
      'integerPercentages',
      'shpilkin',
      'lastDigit',
      'outliers',
    ]);
    const failed = cli(['analyze', join(dir, 'missing.csv')]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toContain('no such file');
    expect(cli(['analyze', '--help']).stdout).toContain('--template');
  });
});
