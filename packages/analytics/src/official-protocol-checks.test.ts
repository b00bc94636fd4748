import { checkProtocol, kazakhstanProtocolTemplate as kz, russiaProtocolTemplate as ru } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import {
  checkOfficialProtocols,
  protocolValues,
  resultsProtocolTemplate,
  stationResultFromLines,
} from './official-protocol-checks.ts';
import { seededRandom } from './seeded-random.ts';
import { simulateElection } from './synthetic-election.ts';

const names = ['Иванов Иван Иванович', 'Петрова Мария Сергеевна', 'Сидоров Пётр Алексеевич'];

describe('protocol checks on official rows', () => {
  it('passes balanced Russian protocols and lists the stations that fail each relation', () => {
    const { rows } = simulateElection({ stations: 200, seed: 'checks' });
    const { template, optionLines } = resultsProtocolTemplate(ru, names);
    const clean = checkOfficialProtocols(rows, template, optionLines);
    expect(clean.stationsWithErrors).toBe(0);
    expect(clean.stationsWithWarnings).toBe(0);
    expect(clean.relations.map((r) => [r.relationId, r.checked, r.failing])).toEqual(
      ru.relations.map((r) => [r.id, 200, 0]),
    );

    const broken = rows.map((r) => ({ ...r, options: { ...r.options }, lines: { ...r.lines } }));
    const first = broken[3];
    const second = broken[7];
    if (!first || !second) throw new Error('rows missing');
    first.options[names[0] as string] = (first.options[names[0] as string] ?? 0) + 25; // votes written in
    second.lines.in_portable_boxes = (second.lines.in_portable_boxes ?? 0) + 1;
    const result = checkOfficialProtocols(broken, template, optionLines);
    const byId = Object.fromEntries(result.relations.map((r) => [r.relationId, r]));
    expect(byId.ru_valid_is_options?.failing).toBe(1);
    expect(byId.ru_valid_is_options?.stations).toEqual([
      { stationKey: first.stationKey, left: first.valid, right: first.valid + 25 },
    ]);
    expect(byId.ru_boxes_balance?.stations.map((s) => s.stationKey)).toEqual([second.stationKey]);
    expect(byId.ru_portable_le_outside?.failing).toBe(1);
    expect(result.stationsWithErrors).toBe(2);
    expect(result.stationsWithWarnings).toBe(1);
  });

  it('checks rows without protocol lines on the fields they have, and Kazakh protocols', () => {
    const { template, optionLines } = resultsProtocolTemplate(kz, ['А', 'Б']);
    const good = stationResultFromLines(
      'kz',
      '1',
      {
        voters_on_lists: 1000,
        ballots_received: 1000,
        voters_received_ballots: 600,
        ballots_cancelled: 400,
        voters_took_part: 600,
        invalid_ballots: 10,
      },
      { А: 400, Б: 190 },
    );
    expect(good).toMatchObject({ registered: 1000, issued: 600, valid: 590, invalid: 10 });
    const bad = stationResultFromLines('kz', '2', { ...good.lines, voters_took_part: 650 }, { А: 400, Б: 190 });
    const result = checkOfficialProtocols([good, bad], template, optionLines);
    expect(result.relations.find((r) => r.relationId === 'kz_boxes_balance')?.stations).toEqual([
      { stationKey: '2', left: 600, right: 650 },
    ]);
    expect(result.relations.find((r) => r.relationId === 'kz_boxes_le_issued')?.failing).toBe(1);

    // Without lines: only relations over registered/valid/invalid and the options can be judged.
    const bare = { stationKey: '3', registered: 500, valid: 300, invalid: 5, options: { А: 200, Б: 90 } };
    const russian = resultsProtocolTemplate(ru, ['А', 'Б']);
    const r = checkOfficialProtocols([bare], russian.template, russian.optionLines);
    expect(r.relations.find((x) => x.relationId === 'ru_valid_is_options')).toMatchObject({ checked: 1, failing: 1 });
    expect(r.relations.find((x) => x.relationId === 'ru_boxes_balance')).toMatchObject({ checked: 0, failing: 0 });
  });

  it('maps Russian lines to a station result', () => {
    const r = stationResultFromLines(
      'ru',
      'x',
      { voters_on_list: 900, issued_early: 5, issued_in_station: 400, invalid: 4, valid: 396 },
      { a: 396 },
    );
    expect(r).toMatchObject({ registered: 900, issued: 405, valid: 396, invalid: 4 });
    expect(stationResultFromLines('ru', 'y', { voters_on_list: 900 }, { a: 10, b: 5 })).toMatchObject({
      valid: 15,
      invalid: 0,
    });
    expect(stationResultFromLines('ru', 'y', { voters_on_list: 900 }, { a: 10 }).issued).toBeUndefined();
    expect(() => stationResultFromLines('xx', 'z', {}, {})).toThrow(RangeError);
  });
});

describe('the screening of rows before checkProtocol', () => {
  it('reports exactly what checkProtocol finds row by row, with lines missing at random', () => {
    const random = seededRandom('agreement');
    for (const base of [ru, kz]) {
      const { template, optionLines } = resultsProtocolTemplate(base, names);
      const rows = simulateElection({ stations: 300, seed: `agree-${base.code}` }).rows.map((row, i) => {
        const lines: Record<string, number> = {};
        for (const line of template.lines) {
          if (line.kind === 'option' || random.next() < 0.1) continue;
          lines[line.key] = random.nextInt(1000);
        }
        const options: Record<string, number> = {};
        for (const name of names) options[name] = random.nextInt(400);
        return { ...row, stationKey: String(i), lines, options };
      });
      const result = checkOfficialProtocols(rows, template, optionLines);
      const expected = new Map<string, { stationKey: string; left: number; right: number }[]>(
        template.relations.map((r) => [r.id, []]),
      );
      for (const row of rows) {
        for (const f of checkProtocol(template, protocolValues(row, template, optionLines))) {
          expected.get(f.relationId)?.push({ stationKey: row.stationKey, left: f.left, right: f.right });
        }
      }
      expect(result.relations.reduce((a, r) => a + r.failing, 0)).toBeGreaterThan(100);
      for (const r of result.relations) expect(r.stations).toEqual(expected.get(r.relationId));
    }
  });
});
