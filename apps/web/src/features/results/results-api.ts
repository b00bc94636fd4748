import type {
  LineDifference,
  QuickCountResult,
  ResultsAnalysis,
  StratifiedSample,
  VerdictLine,
} from '@pollwatch/analytics';
import type { AreaTotalsComparison, TurnoutComparison } from '@pollwatch/core';

export type { TurnoutComparison } from '@pollwatch/core';

import { apiRequest } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** `GET /elections/:id/results/analysis`: null until official results are imported. */
export interface ResultsAnalysisResponse {
  stations: number;
  analysis: ResultsAnalysis | null;
  /** Station lists in the analysis stop at this many rows; the counts are whole. */
  listLimit: number;
}

export interface OfficialRowsPage {
  total: number;
  items: {
    stationId: string;
    stationNumber: number;
    regionId: string;
    regionCode: string | null;
    lines: Record<string, number>;
  }[];
  /** Cursors of the page's first and last rows, for the previous and next pages. */
  first: string | null;
  last: string | null;
}

/** Which page of official rows: the first, or the one after or before a cursor. */
export type RowsPage = { after?: string; before?: string };

export interface SampleSizePreview {
  registered: number;
  stations: number;
  votersPerStation: number | null;
  votersNeeded: number | null;
  stationsNeeded: number | null;
}

export interface ComparisonItem {
  stationId: string;
  stationNumber: number;
  regionId: string;
  reportId: string;
  votesMoved: number;
  votesGained: number;
  votesLost: number;
  totalAbsoluteDifference: number;
  differences: LineDifference[];
}

export interface ComparisonResponse {
  compared: number;
  items: ComparisonItem[];
}

export interface QuickCountSampleBody {
  /** Margin of error in percentage points. */
  marginPoints?: number;
  confidence?: 95 | 99;
  /** Or the sample size in stations, chosen by hand. */
  stations?: number;
  seed?: string;
}

/** The sample as the server stores it: the analytics' sample with when and how it was drawn. */
export interface QuickCountSample extends StratifiedSample {
  /** Each sampled station with its number and region (and whether its copy has arrived). */
  stations: (StratifiedSample['stations'][number] & {
    stationNumber: number | null;
    regionId: string;
    reported: boolean;
  })[];
  drawnAt: string;
  params: { marginPoints: number | null; confidence: number | null; votersNeeded: number | null };
}

export interface QuickCountState {
  sample: QuickCountSample | null;
  estimate: QuickCountResult | null;
  verdict: { turnout: VerdictLine | null; options: Record<string, VerdictLine> } | null;
  /** The estimate after every twentieth of the sampled copies, in the order they arrived. */
  convergence: Pick<QuickCountResult, 'reports' | 'turnout' | 'options'>[];
}

/** Typed calls of the official results, comparison and quick-count routes of /api/v1. */
export const resultsApi = {
  analysis: (electionId: string, leader?: string) =>
    apiRequest<ResultsAnalysisResponse>(
      'GET',
      `/api/v1/elections/${id(electionId)}/results/analysis${leader ? `?leader=${id(leader)}` : ''}`,
    ),
  areaTotals: (electionId: string) =>
    apiRequest<{ items: AreaTotalsComparison[] }>('GET', `/api/v1/elections/${id(electionId)}/results/areas`),
  turnout: (electionId: string) =>
    apiRequest<TurnoutComparison>('GET', `/api/v1/elections/${id(electionId)}/results/turnout`),
  officialRows: (electionId: string, page: RowsPage, limit: number) =>
    apiRequest<OfficialRowsPage>(
      'GET',
      `/api/v1/elections/${id(electionId)}/results/official?limit=${limit}${
        page.after ? `&after=${id(page.after)}` : page.before ? `&before=${id(page.before)}` : ''
      }`,
    ),
  sampleSize: (electionId: string, marginPoints: number, confidence: 95 | 99) =>
    apiRequest<SampleSizePreview>(
      'GET',
      `/api/v1/elections/${id(electionId)}/quick-count/sample-size?marginPoints=${marginPoints}&confidence=${confidence}`,
    ),
  comparison: (electionId: string) =>
    apiRequest<ComparisonResponse>('GET', `/api/v1/elections/${id(electionId)}/results/comparison`),
  quickCount: (electionId: string) =>
    apiRequest<QuickCountState>('GET', `/api/v1/elections/${id(electionId)}/quick-count`),
  drawSample: (electionId: string, body: QuickCountSampleBody) =>
    apiRequest<QuickCountState>('POST', `/api/v1/elections/${id(electionId)}/quick-count/sample`, body),
};

/** A plain same-origin download that carries the session cookie. */
export const comparisonExportUrl = (electionId: string) =>
  `/api/v1/elections/${id(electionId)}/results/comparison/export`;

/** Server-written CSV or XLSX of the area totals and turnout comparisons. */
export const areaTotalsExportUrl = (electionId: string, format: 'csv' | 'xlsx') =>
  `/api/v1/elections/${id(electionId)}/results/areas/export?format=${format}`;
export const turnoutExportUrl = (electionId: string, format: 'csv' | 'xlsx') =>
  `/api/v1/elections/${id(electionId)}/results/turnout/export?format=${format}`;
