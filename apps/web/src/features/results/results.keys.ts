import type { RowsPage } from './results-api.ts';

export const resultsKeys = {
  analysis: (electionId: string, leader?: string) => ['results', 'analysis', electionId, leader ?? ''] as const,
  areaTotals: (electionId: string) => ['results', 'areas', electionId] as const,
  turnout: (electionId: string) => ['results', 'turnout', electionId] as const,
  officialRows: (electionId: string, page: RowsPage) =>
    ['results', 'official', electionId, page.after ?? '', page.before ?? ''] as const,
  sampleSize: (electionId: string, margin: number, confidence: number) =>
    ['results', 'sample-size', electionId, margin, confidence] as const,
  comparison: (electionId: string) => ['results', 'comparison', electionId] as const,
  quickCount: (electionId: string) => ['results', 'quick-count', electionId] as const,
  all: ['results'] as const,
};
