import { describe, expect, it } from 'vitest';
import { buildResolutionDocument, formatCount } from './build-resolution.ts';
import { diffLines, diffResolutions } from './resolution-diff.ts';
import { emptyResolutionTexts, type ResolutionSnapshot } from './resolution-model.ts';
import { parseSafeMarkdown } from './safe-markdown.ts';

export function emptySnapshot(): ResolutionSnapshot {
  return {
    format: 1,
    takenAt: '2026-12-06T20:00:00.000Z',
    chainHead: null,
    organisationName: 'ОО «Сайлау»',
    election: { id: 'e', name: { ru: 'Выборы', kk: 'Сайлау' }, votingDate: '2026-12-06', kind: 'presidential' },
    overview: {
      stations: 0,
      applicants: 0,
      observersReadyApplicants: 0,
      observersAssigned: 0,
      readinessVisited: 0,
      coverage: [],
    },
    readiness: { visited: 0, withProblems: 0, findings: [], areas: [] },
    votingDay: { stationsWithReports: 0, byKind: [] },
    incidents: { total: 0, verified: 0, rejected: 0, byCategory: [], bySeverity: [], examples: [] },
    remarks: { total: 0, byStatus: [], items: [] },
    protocols: { copies: 0, compared: 0, discrepant: 0, items: [] },
    statistics: null,
    quickCount: null,
    earlierRecommendations: [],
    annex: [],
  };
}

describe('resolution document', () => {
  it('an election with no data gives an honest near-empty document in every chapter', () => {
    const doc = buildResolutionDocument({
      kind: 'final',
      version: 1,
      approved: false,
      locale: 'kk',
      snapshot: emptySnapshot(),
      texts: emptyResolutionTexts(),
    });
    expect(doc.title).toBe('ЖОБА. Қорытынды қарар');
    expect(doc.blocks.filter((b) => b.type === 'heading').map((b) => (b.type === 'heading' ? b.text : ''))).toContain(
      '9. Дауыстарды санау және қорытындылар',
    );
    expect(doc.figures['overview.stations']).toBe('0');
    expect(doc.figures['readiness.visited']).toBe('0 (—)');
    expect(doc.annex.rows).toEqual([]);
  });

  it('is deterministic and groups thousands without Intl', () => {
    const s = emptySnapshot();
    s.overview.stations = 10_000;
    s.readiness.visited = 2500;
    const input = {
      kind: 'final' as const,
      version: 2,
      approved: true,
      locale: 'ru' as const,
      snapshot: s,
      texts: emptyResolutionTexts(),
    };
    const a = buildResolutionDocument(input);
    const b = buildResolutionDocument(structuredClone(input));
    expect(a).toEqual(b);
    expect(a.figures['overview.stations']).toBe('10\u00a0000');
    expect(a.figures['readiness.visited']).toBe('2\u00a0500 (25,0 %)');
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
  });

  it('numbers the recommendations and keeps HTML in texts as text', () => {
    const texts = emptyResolutionTexts();
    texts.conclusions = 'Итог: <script>alert(1)</script> **важно**';
    texts.recommendations = [
      { chapter: 'voter_lists', text: 'Обновить списки' },
      { chapter: 'media', text: '<img src=x onerror=alert(1)>' },
    ];
    const doc = buildResolutionDocument({
      kind: 'preliminary',
      version: 1,
      approved: false,
      locale: 'ru',
      snapshot: emptySnapshot(),
      texts,
    });
    expect(doc.figures['recommendation.2']).toBe('<img src=x onerror=alert(1)>');
    const para = doc.blocks.find((b) => b.type === 'paragraph' && b.runs.some((r) => r.text.includes('<script>')));
    expect(para).toBeDefined();
    expect(parseSafeMarkdown('**bold** and *it*')).toEqual([
      { type: 'paragraph', runs: [{ text: 'bold', bold: true }, { text: ' and ' }, { text: 'it', italic: true }] },
    ]);
  });

  it('diffs texts line by line and figures by key', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'added', text: 'd' },
    ]);
    const t1 = emptyResolutionTexts();
    const t2 = { ...emptyResolutionTexts(), conclusions: 'new' };
    const d = diffResolutions({ texts: t1, figures: { x: '1' } }, { texts: t2, figures: { x: '2', y: '3' } });
    expect(d.texts.map((c) => c.field)).toEqual(['conclusions']);
    expect(d.figures).toEqual([
      { key: 'x', before: '1', after: '2' },
      { key: 'y', before: null, after: '3' },
    ]);
  });
});
