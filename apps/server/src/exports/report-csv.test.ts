import { PassThrough } from 'node:stream';
import { type ExportFormInfo, type FormDefinition, ReportTable } from '@pollwatch/core';
import { csvSink } from '@pollwatch/documents';
import { describe, expect, it } from 'vitest';
import { ReportCsv } from './report-csv.ts';

// The lean CSV writer must write exactly what ReportTable through csvSink writes: same bytes for
// every kind of answer, text that looks like a formula, quotes, separators, line breaks, groups,
// flags, photos, unknown stations and forms, in both shapes, from SQLite's text and PostgreSQL's
// parsed values alike.

const definition = (code: string, groups: FormDefinition['groups']) =>
  ({ schemaVersion: 1, code, kind: 'voting', title: { ru: code }, groups }) as unknown as FormDefinition;
const q = (id: string, type = 'text') => ({ id, type, label: { ru: id } });

const forms: ExportFormInfo[] = [
  {
    id: 'form-b',
    code: 'B',
    definitions: [
      definition('B', [
        { id: 'main', title: { ru: 'm' }, questions: [q('when'), q('note', 'note'), q('count', 'integer')] as never },
        { id: 'visit', title: { ru: 'v' }, repeatable: true, questions: [q('time'), q('ok', 'yes_no')] as never },
      ]),
      // an older version with a question the newer one dropped
      definition('B', [{ id: 'main', title: { ru: 'm' }, questions: [q('when'), q('old')] as never }]),
    ],
  },
  {
    id: 'form-a',
    code: 'A',
    definitions: [definition('A', [{ id: 'g', title: { ru: 'g' }, questions: [q('text'), q('choices')] as never }])],
  },
  { id: 'form-empty', code: '=EMPTY', definitions: [] },
];

const stations = new Map([
  ['st-1', { region: 'R1', area: '=A1+1', number: 12 }],
  ['st-2', { region: 'Регион; "два"', area: '', number: 7 }],
]);

type Raw = {
  id: string;
  station: string;
  form: string;
  kind: string;
  observer: string;
  channel: string;
  latest: number;
  revision: number;
  version: number;
  answers: unknown;
  photos: string[];
  flags: { code: string; ref?: string }[];
  clientTime: string | null;
  receivedAt: string;
  seq: number;
  hash: string;
};

const answersOf = (i: number): Record<string, unknown> => {
  const all: Record<string, unknown>[] = [
    {
      when: '=SUM(A1)',
      count: 5,
      visit: [
        { time: '10:00', ok: true },
        { time: '-1+2', ok: false },
      ],
    },
    { when: 'line\r\nbreak', count: -3.5, old: '@x', visit: [] },
    { text: 'say "hi"; bye', choices: ['a', 'b', 3] },
    { text: null, choices: [{ nested: 1 }], extra: { deep: [1, 2] } },
    { when: "'=already", count: 1e21, visit: [{ time: 12 }, 'not a record'] },
    {},
    { '': 'empty key', '+plus': '+7', tab: '\tx', cr: 'a\rb', full: '＝1' },
    { visit: { notAnArray: true }, count: 0 },
  ];
  return all[i % all.length] as Record<string, unknown>;
};

const raws: Raw[] = [];
for (let i = 0; i < 40; i++) {
  const revisions = (i % 3) + 1;
  for (let r = 1; r <= revisions; r++) {
    raws.push({
      id: `rep-${String(i).padStart(3, '0')}`,
      station: ['st-1', 'st-2', 'st-missing'][i % 3] as string,
      form: ['form-a', 'form-b', 'form-empty', 'form-unknown'][i % 4] as string,
      kind: i % 5 === 0 ? '=kind' : 'voting',
      observer: `obs-${i % 4}`,
      channel: i % 2 ? 'web' : 'telegram',
      latest: revisions,
      revision: r,
      version: 1 + (i % 2),
      answers: answersOf(i + r),
      photos: i % 4 === 0 ? ['aa', 'bb'] : [],
      flags: i % 6 === 0 ? [{ code: 'missing_required', ref: 'when' }, { code: 'late' }] : [],
      clientTime: i % 7 === 0 ? null : i % 7 === 1 ? '-cmd' : '2026-11-10T10:00:00.000Z',
      receivedAt: '2026-11-10T10:00:01.000Z',
      seq: 1_000_000 + i * 3 + r,
      hash: '0'.repeat(64),
    });
  }
}

/** As SQLite gives a row: JSON as text, times as text. */
const sqliteRow = (v: Raw) => [
  v.id,
  v.station,
  v.form,
  v.kind,
  v.observer,
  v.channel,
  v.latest,
  v.revision,
  v.version,
  JSON.stringify(v.answers),
  JSON.stringify(v.photos),
  JSON.stringify(v.flags),
  v.clientTime,
  v.receivedAt,
  v.seq,
  v.hash,
];
/** As PostgreSQL gives it: JSON parsed, times as Date, bigint as digits. */
const postgresRow = (v: Raw) => [
  v.id,
  v.station,
  v.form,
  v.kind,
  v.observer,
  v.channel,
  v.latest,
  v.revision,
  v.version,
  structuredClone(v.answers),
  [...v.photos],
  structuredClone(v.flags),
  v.clientTime,
  new Date(v.receivedAt),
  String(v.seq),
  v.hash,
];

async function throughTable(shape: 'wide' | 'long'): Promise<string> {
  const table = new ReportTable(shape, forms, (id) => stations.get(id));
  const out = new PassThrough();
  const pieces: Buffer[] = [];
  out.on('data', (d: Buffer) => pieces.push(d));
  const sink = csvSink(out, table.headers);
  const rows = [];
  for (const v of raws) {
    const report = {
      id: v.id,
      stationId: v.station,
      formId: v.form,
      formKind: v.kind,
      observerId: v.observer,
      channel: v.channel,
      latestRevision: v.latest,
    };
    const revision = {
      revision: v.revision,
      formVersion: v.version,
      answers: structuredClone(v.answers) as Record<string, unknown>,
      photos: v.photos,
      flags: v.flags as never,
      clientTime: v.clientTime,
      receivedAt: v.receivedAt,
      chainSeq: v.seq,
      chainHash: v.hash,
    };
    rows.push(...table.rows(report, revision));
  }
  await sink.write(rows);
  await sink.end();
  return Buffer.concat(pieces).toString('utf8');
}

function throughLean(shape: 'wide' | 'long', row: (v: Raw) => unknown[]): string {
  const csv = new ReportCsv(shape, forms, (id) => stations.get(id));
  let text = csv.headerLine();
  for (const v of raws) text += csv.lines(row(v));
  return text;
}

describe('the lean reports CSV', () => {
  for (const shape of ['wide', 'long'] as const) {
    it(`writes the same bytes as ReportTable through csvSink (${shape}, SQLite and PostgreSQL rows)`, async () => {
      const expected = await throughTable(shape);
      expect(expected.length).toBeGreaterThan(1000);
      // the data is tricky enough to matter: escaped formulas and quoted cells are in it
      expect(expected).toContain(`'=SUM(A1)`);
      expect(expected).toContain('"say ""hi""; bye"');
      expect(throughLean(shape, sqliteRow) === expected).toBe(true);
      expect(throughLean(shape, postgresRow) === expected).toBe(true);
    });
  }

  it('has the headers of ReportTable', () => {
    for (const shape of ['wide', 'long'] as const) {
      expect(new ReportCsv(shape, forms, () => undefined).headers).toEqual(
        new ReportTable(shape, forms, () => undefined).headers,
      );
    }
  });
});
