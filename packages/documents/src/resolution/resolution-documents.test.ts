import { buildResolutionDocument, emptyResolutionTexts, type ResolutionSnapshot } from '@pollwatch/core';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { docxText, pdfText } from './read-back.ts';
import { resolutionDocx } from './resolution-docx.ts';
import { resolutionPdf } from './resolution-pdf.ts';

function snapshot(): ResolutionSnapshot {
  return {
    format: 1,
    takenAt: '2026-12-07T06:00:00.000Z',
    chainHead: { seq: 42, hash: 'ab'.repeat(32) },
    organisationName: 'ОО «Сайлау»',
    election: {
      id: 'e',
      name: { ru: 'Выборы Президента', kk: 'Президент сайлауы' },
      votingDate: '2026-12-06',
      kind: 'x',
    },
    overview: {
      stations: 1234,
      applicants: 77,
      observersReadyApplicants: 55,
      observersAssigned: 44,
      readinessVisited: 321,
      coverage: [{ shift: 'voting_day', covered: 987 }],
    },
    readiness: {
      visited: 321,
      withProblems: 12,
      findings: [{ questionId: 'ramp', label: { ru: 'Есть пандус', kk: 'Пандус бар' }, problem: 12 }],
      areas: [
        {
          areaId: 'a',
          name: { ru: 'Алматы', kk: 'Алматы' },
          stations: 1234,
          visited: 321,
          withProblems: 12,
          incidents: 3,
        },
      ],
    },
    votingDay: { stationsWithReports: 900, byKind: [{ kind: 'incident', reports: 3, stations: 3 }] },
    incidents: {
      total: 3,
      verified: 2,
      rejected: 0,
      byCategory: [
        { key: 'ballot_stuffing', label: { ru: 'Вброс бюллетеней', kk: 'Бюллетеньдерді заңсыз салу' }, count: 3 },
      ],
      bySeverity: [{ key: 'high', label: null, count: 3 }],
      examples: [
        {
          reportId: 'r',
          stationNumber: 17,
          areaName: { ru: 'Алматы' },
          category: 'ballot_stuffing',
          severity: 'high',
          description: 'Пачка бюллетеней в урне',
        },
      ],
    },
    remarks: {
      total: 1,
      byStatus: [{ key: 'resolved', label: null, count: 1 }],
      items: [
        {
          number: 'З-7',
          commission: 'УИК № 17',
          stationNumber: 17,
          text: 'Нет пандуса у входа',
          legalBasis: 'ст. 41',
          status: 'resolved',
          answer: 'Пандус установлен',
          answeredOn: '2026-12-01',
        },
      ],
    },
    protocols: { copies: 5, compared: 5, discrepant: 1, items: [] },
    statistics: null,
    quickCount: {
      sampleStations: 300,
      reported: 290,
      confidence: 95,
      turnout: { estimate: 61.23, margin: 1.4 },
      options: [{ code: 'A', estimate: 51.2, margin: 1.9 }],
    },
    earlierRecommendations: [],
    annex: [
      {
        number: 17,
        areaName: { ru: 'Алматы' },
        readinessVisited: true,
        readinessProblems: 1,
        votingDayReports: 4,
        incidents: 3,
        protocolCopy: true,
        votesMoved: 12,
      },
    ],
  };
}

describe('resolution DOCX and PDF', () => {
  for (const locale of ['ru', 'kk'] as const) {
    it(`${locale}: both files hold the figures, the remarks and the annex as text; HTML stays text`, async () => {
      const texts = emptyResolutionTexts();
      texts.conclusions = 'Вывод <script>alert(1)</script> **жирно**';
      texts.recommendations = [{ chapter: 'voter_lists', text: 'Уточнить списки избирателей' }];
      const doc = buildResolutionDocument({
        kind: 'final',
        version: 1,
        approved: true,
        locale,
        snapshot: snapshot(),
        texts,
      });
      const [pdf, docx] = await Promise.all([resolutionPdf(doc), resolutionDocx(doc)]);
      for (const text of [await pdfText(pdf), await docxText(docx)]) {
        expect(text).toContain(doc.title);
        expect(text).toContain('1 234');
        expect(text).toContain('987');
        expect(text).toContain('Нет пандуса у входа');
        expect(text).toContain('Пандус установлен');
        expect(text).toContain('Пачка бюллетеней в урне');
        expect(text).toContain('Уточнить списки избирателей');
        expect(text).toContain('<script>alert(1)</script>');
        expect(text).toContain(locale === 'kk' ? 'Қорытынды қарар' : 'Итоговая резолюция');
      }
      // The station annex: its caption and its station's row, in both files.
      for (const text of [await pdfText(pdf), await docxText(docx)]) {
        expect(text).toContain(doc.annex.caption);
        expect(text).toContain(`17 Алматы ${locale === 'kk' ? 'иә' : 'да'} 1 4 3`);
      }
      const xml = await docxText(docx, { raw: true });
      // Well-formed XML (Word refuses a file that is not; the annex is written by hand).
      const parser = new SaxesParser();
      const tables: string[] = [];
      parser.on('opentag', (tag) => {
        if (tag.name === 'w:tbl') tables.push(tag.name);
      });
      parser.write(xml).close();
      expect(tables.length).toBeGreaterThanOrEqual(5);
      expect(xml).toContain('&lt;script&gt;');
      expect(xml).toContain('<w:tbl>');
      expect(xml).toContain('<w:tblHeader/>');
    });
  }
});
