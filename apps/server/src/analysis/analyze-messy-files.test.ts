import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StationResult, simulateElection } from '@pollwatch/analytics';
import { russiaProtocolTemplate } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { type AnalyzeReport, analyzeFile } from './analyze-command.ts';
import { russianResultsCsv } from './results-csv.ts';

/**
 * Results files as research groups republish them: line names reworded and abbreviated, station
 * columns in Latin transliteration, a link per station at the end. The figures must come out the
 * same as from the CEC's own headers; only the mapping fields may differ.
 */

const bin = new URL('../../bin/pollwatch.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pollwatch-messy-'));
const election = simulateElection({ stations: 600, seed: 'messy', roundedStations: 30, stuffedStations: 6 });
const candidates = ['Иванов Иван Иванович', 'Петрова Мария Сергеевна', 'Сидоров Пётр Алексеевич'];

/** Reworded, abbreviated, renumbered: none of these is the official name of its line. */
const messyLineHeaders: Record<string, string> = {
  voters_on_list: 'izbirateley',
  ballots_received: 'Число бюллетеней, полученных УИК',
  issued_early: 'Число бюллетеней, выданных досрочно',
  issued_in_station: '4. Выдано в помещении',
  issued_outside: 'Выдано вне помещения',
  cancelled: 'Погашено бюллетеней',
  in_portable_boxes: 'Бюллетеней в переносных ящиках',
  in_stationary_boxes: 'Число бюлл. в стационарных ящиках',
  invalid: 'Число недейств. бюллетеней',
  valid: 'Число действ. бюллетеней',
  lost: 'Утрачено бюллетеней',
  not_counted: 'Строка 12',
};

function csv(rows: readonly string[][]): string {
  const quote = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return `${rows.map((r) => r.map(quote).join(';')).join('\r\n')}\r\n`;
}

/** The same stations under messy headers, lines in another order, with a trailing link column. */
function messyCsv(rows: readonly StationResult[]): string {
  const lines = [...russiaProtocolTemplate.lines].reverse();
  const header = ['oblast', 'Nomer_UIK', ...lines.map((l) => messyLineHeaders[l.key] ?? l.key), ...candidates, 'URL'];
  return csv([
    header,
    ...rows.map((row) => {
      const [region = '', number = ''] = row.stationKey.split(' / ');
      return [
        region,
        number,
        ...lines.map((l) => String(row.lines?.[l.key] ?? '')),
        ...candidates.map((c) => String(row.options[c] ?? 0)),
        `http://www.example.org/vybory/uik/${encodeURIComponent(region)}/${number}`,
      ];
    }),
  ]);
}

const cleanPath = join(dir, 'clean.csv');
const messyPath = join(dir, 'messy.csv');
writeFileSync(cleanPath, russianResultsCsv(election.rows, { numbered: true }));
writeFileSync(messyPath, messyCsv(election.rows));

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The analysis without the fields that describe the file's columns. */
function figures(report: AnalyzeReport) {
  const { file, columns, mapping, mappingWarnings, ...rest } = report;
  return { stations: file.stations, options: columns.options, ...rest };
}

describe('pollwatch analyze on results files as people have them', () => {
  it('gives the same analysis on reworded lines, Latin station headers and a link column as on the CEC headers', async () => {
    const clean = await analyzeFile(cleanPath);
    const messy = await analyzeFile(messyPath);
    expect(figures(messy)).toEqual(figures(clean));
    expect(clean.protocolChecks?.stationsWithErrors).toBe(0);
    expect(messy.mappingWarnings).toEqual([]);
    expect(messy.columns.station).toEqual({ region: 'oblast', number: 'Nomer_UIK' });
    expect(messy.columns.options).toEqual(candidates);
    expect(messy.columns.lines).toEqual(messyLineHeaders);
    // The link column is set aside, with the reason, never taken for a candidate.
    expect(messy.columns.ignored).toEqual([{ header: 'URL', reason: 'url' }]);
    // Every choice is shown with how sure it is.
    const confidence = Object.fromEntries(messy.mapping.map((c) => [c.header, c.confidence ?? c.reason]));
    expect(confidence).toMatchObject({
      oblast: 'strong',
      Nomer_UIK: 'strong',
      'Число действ. бюллетеней': 'strong',
      'Строка 12': 'strong',
      URL: 'url',
    });
    expect(clean.mapping.filter((c) => c.role === 'line').every((c) => c.confidence === 'exact')).toBe(true);
  });

  it('prints the mapping it chose, which --mapping takes back with the same result, null ignoring a column', async () => {
    const printed = cli(['analyze', messyPath, '--print-mapping']);
    expect(printed.code, printed.stderr).toBe(0);
    const mapping = JSON.parse(printed.stdout);
    expect(mapping.template).toBe('russia');
    expect(mapping.columns).toMatchObject({
      oblast: 'region',
      Nomer_UIK: 'number',
      izbirateley: 'voters_on_list',
      'Число действ. бюллетеней': 'valid',
      'Иванов Иван Иванович': 'option',
      URL: null,
    });
    expect(Object.keys(mapping.columns)).toHaveLength(2 + 12 + 3 + 1);
    // The automatic choices worth a look are on stderr, not mixed into the JSON.
    expect(printed.stderr).toContain('column "URL" ignored (links, not numbers)');

    const mappingPath = join(dir, 'mapping.json');
    writeFileSync(mappingPath, printed.stdout);
    const again = await analyzeFile(messyPath, { mapping: mappingPath });
    expect(figures(again)).toEqual(figures(await analyzeFile(messyPath)));
    expect(again.mapping.find((c) => c.header === 'URL')).toMatchObject({ role: 'ignored', reason: 'by_mapping' });

    // Edited: a candidate set to null is no longer an option.
    writeFileSync(
      mappingPath,
      JSON.stringify({ ...mapping, columns: { ...mapping.columns, 'Сидоров Пётр Алексеевич': null } }),
    );
    const edited = await analyzeFile(messyPath, { mapping: mappingPath });
    expect(edited.columns.options).toEqual(candidates.slice(0, 2));
  });

  it('says which columns a swapped mapping misassigns, with the fix, in the JSON and on stderr', async () => {
    const mappingPath = join(dir, 'swapped.json');
    // Valid and invalid swapped, and a count line taken for a candidate.
    writeFileSync(
      mappingPath,
      JSON.stringify({
        columns: {
          'Число действ. бюллетеней': 'invalid',
          'Число недейств. бюллетеней': 'valid',
          'Число бюллетеней, выданных досрочно': 'option',
        },
      }),
    );
    const report = await analyzeFile(messyPath, { mapping: mappingPath });
    expect(report.columns.options).toContain('Число бюллетеней, выданных досрочно');
    const warning = report.mappingWarnings.find((w) => w.relationId === 'ru_valid_is_options');
    expect(warning?.failing).toBeGreaterThan(0.5 * (warning?.judged ?? 0));
    expect(warning?.columns).toEqual(
      expect.arrayContaining([
        'Число действ. бюллетеней',
        'Число недейств. бюллетеней',
        'Число бюллетеней, выданных досрочно',
      ]),
    );
    expect(warning?.fix).toEqual(
      expect.arrayContaining([
        { header: 'Число бюллетеней, выданных досрочно', from: '@options', to: 'issued_early' },
        { header: 'Число действ. бюллетеней', from: 'invalid', to: 'valid' },
      ]),
    );
    expect(warning?.holdsAfterFix).toBe(1);
    expect(warning?.message).toMatch(/"Число действ\. бюллетеней" as line 10 \(valid\)/);

    const run = cli(['analyze', messyPath, '--mapping', mappingPath]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).mappingWarnings.length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/warning: ru_valid_is_options fails at \d+ of 600 stations/);
  });

  it('reads a Kazakh protocol file headed in Russian and Kazakh words, with a date column', async () => {
    const header = [
      'Облыс',
      'Учаске нөмірі',
      'Сайлаушылар саны',
      'Получено бюллетеней',
      'Избирателей, получивших бюллетени',
      'Погашено',
      'Жарамсыз бюллетеньдер',
      'Дауыс беруге қатысқан сайлаушылар',
      ...candidates,
      'Хаттама күні',
    ];
    const rows = election.rows.slice(0, 300).map((row) => {
      const [region = '', number = ''] = row.stationKey.split(' / ');
      const l = row.lines ?? {};
      return [
        region,
        number,
        String(row.registered),
        String(l.ballots_received),
        String(row.issued),
        String((l.ballots_received ?? 0) - (row.issued ?? 0)),
        String(row.invalid),
        String(row.valid + row.invalid),
        ...candidates.map((c) => String(row.options[c] ?? 0)),
        '05.06.2023',
      ];
    });
    const path = join(dir, 'kz.csv');
    writeFileSync(path, csv([header, ...rows]));
    const report = await analyzeFile(path);
    expect(report.template).toBe('kazakhstan');
    expect(report.columns.lines).toEqual({
      voters_on_lists: 'Сайлаушылар саны',
      ballots_received: 'Получено бюллетеней',
      voters_received_ballots: 'Избирателей, получивших бюллетени',
      ballots_cancelled: 'Погашено',
      invalid_ballots: 'Жарамсыз бюллетеньдер',
      voters_took_part: 'Дауыс беруге қатысқан сайлаушылар',
    });
    expect(report.columns.station).toEqual({ region: 'Облыс', number: 'Учаске нөмірі' });
    expect(report.columns.options).toEqual(candidates);
    expect(report.columns.ignored).toEqual([{ header: 'Хаттама күні', reason: 'date' }]);
    expect(report.mappingWarnings).toEqual([]);
    expect(report.protocolChecks?.stationsWithErrors).toBe(0);
    expect(report.totals.registered).toBe(election.rows.slice(0, 300).reduce((a, r) => a + r.registered, 0));
  });
});
